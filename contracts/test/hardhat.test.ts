// Hardhat 3 over the same sources, offline, under Node 22 from npm (contracts/toolchain), on a system Node 20:
// `hardhat build` compiles src/ and test/foundry/ with solc-js's soljson.js (solidity.path), `hardhat test
// solidity` runs the Foundry tests in Hardhat's EDR, and scripts/hardhat/interact.ts deploys the token set with
// Ignition on Hardhat's in-process chain and uses it through viem. (`--network basalt` needs a running node.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { artifacts } from '@basalt/contracts';
import { withLock } from './support/devnode.ts';
import { contractsRoot } from './support/tools.ts';

// Plain ESM scripts of this workspace (no types): see scripts/node22.mjs and scripts/hardhat.mjs.
const { ensureNode22, nodePackage, TOOLCHAIN } = (await import(join(contractsRoot, 'scripts', 'node22.mjs'))) as {
  ensureNode22: (o?: { quiet?: boolean }) => { node: string; nodePath: string };
  nodePackage: () => string;
  TOOLCHAIN: string;
};
const { runHardhat, hardhatCli, checkEdr } = (await import(join(contractsRoot, 'scripts', 'hardhat.mjs'))) as {
  runHardhat: (
    args: string[],
    o?: { stdio?: 'pipe'; env?: Record<string, string> },
  ) => { status: number | null; stdout: string; stderr: string };
  hardhatCli: () => { cli: string; version: string };
  checkEdr: () => string;
};

// Under a lock shared with docs.test.ts: two Jest workers never build this Hardhat project at once.
const hardhat = (...args: string[]) =>
  withLock('hardhat3', () => {
    const r = runHardhat(args, { stdio: 'pipe' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  });

describe('Node 22 from npm, scoped to contracts/', () => {
  let node: string;
  beforeAll(() => {
    node = ensureNode22({ quiet: true }).node;
  });

  it('is a Node >= 22.13 binary from the npm package, under contracts/toolchain', () => {
    expect(node.startsWith(join(TOOLCHAIN, 'node_modules', nodePackage()))).toBe(true);
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const [major, minor] = version.slice(1).split('.').map(Number);
    expect(major > 22 || (major === 22 && minor >= 13)).toBe(true);
  });

  it('never shadows the system Node: no `node` in any node_modules/.bin of the monorepo', () => {
    for (const dir of [join(contractsRoot, '..'), contractsRoot]) {
      expect(existsSync(join(dir, 'node_modules', '.bin', 'node'))).toBe(false);
    }
    // The toolchain is not a workspace.
    const workspaces: string[] = JSON.parse(readFileSync(join(contractsRoot, '..', 'package.json'), 'utf8')).workspaces;
    expect(workspaces.some((w) => w.startsWith('contracts/toolchain'))).toBe(false);
  });

  it("provides the EDR native binding Hardhat's @nomicfoundation/edr expects", () => {
    expect(checkEdr()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('Hardhat 3 (contracts/hardhat.config.ts)', () => {
  it('is Hardhat 3 and runs under Node 22', async () => {
    expect(hardhatCli().version).toMatch(/^3\./);
    const r = await hardhat('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(hardhatCli().version);
  });

  it('builds every source offline with the solc from npm, matching the solc-js build', async () => {
    const r = await hardhat('build', '--force');
    expect(r.out).not.toMatch(/Downloading/i);
    expect(r.out).toMatch(/Compiled \d+ Solidity files? with solc 0\.8\.30 \(evm target: prague\)/);
    expect(r.code).toBe(0);
    for (const a of Object.values(artifacts)) {
      const file = join(contractsRoot, 'artifacts-hardhat', a.sourceName, `${a.contractName}.json`);
      const hh = JSON.parse(readFileSync(file, 'utf8'));
      expect([a.contractName, hh.abi]).toEqual([a.contractName, a.abi]);
    }
    const buildInfoDir = join(contractsRoot, 'artifacts-hardhat', 'build-info');
    expect(existsSync(buildInfoDir)).toBe(true);
  }, 120_000);

  it('runs the Foundry tests (test/foundry) in EDR with `hardhat test solidity`', async () => {
    const r = await hardhat('test', 'solidity');
    expect(r.out).toMatch(/58 passing/);
    expect(r.out).not.toMatch(/failing/);
    expect(r.code).toBe(0);
  }, 120_000);

  it('deploys the token set with Ignition and uses it from a script (in-process chain)', async () => {
    const r = await hardhat('run', 'scripts/hardhat/interact.ts');
    expect(r.code).toBe(0);
    const line = r.out.split('\n').find((l) => l.startsWith('SUMMARY '));
    expect(line).toBeDefined();
    const s = JSON.parse(line!.slice('SUMMARY '.length));
    expect(s).toMatchObject({
      chainId: 31337,
      aliceBalance: (100n * 10n ** 18n).toString(),
      nftOwner: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      nftRoyalty: '500',
      multiTokenSupply: '100',
      vestingCliff: String(1_767_225_600 + 30 * 86_400),
      soulboundLocked: true,
      feeTokenReceived: (99n * 10n ** 17n).toString(),
      factoryTokenSymbol: 'FACT',
    });
    expect(s.factoryTemplates).toHaveLength(6);
    expect(new Set(s.factoryTemplates).size).toBe(6);
  }, 120_000);
});

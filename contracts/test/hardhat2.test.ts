// Hardhat 2.28 on the Node that runs the tests (the system Node 20), from contracts/hardhat2, installed on first use from its own lockfile
// (Hardhat 2 and 3 are the same package name, `hardhat`): compiles contracts/src offline with solc-js through
// the TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD override, and deploys BasaltToken with ethers on Hardhat Network.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BasaltToken } from '@basalt/contracts';
import { withLock } from './support/devnode.ts';
import { contractsRoot } from './support/tools.ts';

// A plain ESM script of this workspace (no types), as scripts/node22.mjs in hardhat.test.ts.
const { ensureHardhat2 } = (await import(join(contractsRoot, 'scripts', 'hardhat2.mjs'))) as {
  ensureHardhat2: (opts?: { quiet?: boolean }) => { cli: string; version: string };
};

const project = join(contractsRoot, 'hardhat2');

/** Hardhat 2 from contracts/hardhat2's own lockfile, installed on first use (scripts/hardhat2.mjs). */
function hardhat2(): { cli: string; version: string } {
  return ensureHardhat2({ quiet: true });
}

/** Under a lock shared with docs.test.ts: two Jest workers never compile this Hardhat project at once. */
function run(args: string[]) {
  return withLock('hardhat2', () => runNow(args));
}

function runNow(args: string[]) {
  const { cli } = hardhat2();
  const r = spawnSync(process.execPath, [cli, '--config', 'hardhat.config.js', ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true', NO_COLOR: '1' },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('Hardhat 2 (contracts/hardhat2) on the system Node', () => {
  it('is Hardhat 2.28, installed from its own lockfile, not a workspace', () => {
    // Not a workspace: Hardhat 3 is the same package name; contracts/hardhat2 has its own lockfile.
    const root = JSON.parse(readFileSync(join(contractsRoot, '..', 'package.json'), 'utf8'));
    expect(root.workspaces).not.toContain('contracts/hardhat2');
    expect(hardhat2().version).toMatch(/^2\.28\./);
  });

  it('compiles contracts/src offline with solc-js 0.8.30, matching the solc-js build', async () => {
    const r = await run(['compile', '--force', '--quiet']);
    expect(r.out).not.toMatch(/Downloading compiler/i);
    expect(r.code).toBe(0);
    const artifact = JSON.parse(
      readFileSync(join(contractsRoot, 'artifacts-hardhat2', 'src', 'BasaltToken.sol', 'BasaltToken.json'), 'utf8'),
    );
    expect(artifact.abi).toEqual(BasaltToken.abi);
    expect(existsSync(join(contractsRoot, 'artifacts-hardhat2', 'build-info'))).toBe(true);
    const buildInfo = readFileSync(
      join(
        contractsRoot,
        'artifacts-hardhat2',
        'build-info',
        `${JSON.parse(
          readFileSync(
            join(contractsRoot, 'artifacts-hardhat2', 'src', 'BasaltToken.sol', 'BasaltToken.dbg.json'),
            'utf8',
          ),
        )
          .buildInfo.split('/')
          .pop()}`,
      ),
      'utf8',
    );
    expect(JSON.parse(buildInfo)).toMatchObject({
      solcVersion: '0.8.30',
      input: { settings: { evmVersion: 'prague' } },
    });
  }, 120_000);

  it('deploys BasaltToken with ethers on Hardhat Network and transfers', async () => {
    const r = await run(['run', 'scripts/deploy.js']);
    expect(r.code).toBe(0);
    const line = r.out.split('\n').find((l) => l.startsWith('SUMMARY '));
    expect(JSON.parse(line!.slice('SUMMARY '.length))).toMatchObject({
      chainId: 31337,
      aliceBalance: (100n * 10n ** 18n).toString(),
    });
  }, 120_000);
});

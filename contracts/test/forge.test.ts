// Runs the contracts' own Solidity tests (test/foundry/*.t.sol) with the real `forge test` from npm, offline,
// compiled by the solc-js shim, and fails when any of them fails or when a suite's test count changes.
// Also runs script/Deploy.s.sol as a dry run in Foundry's EVM (broadcasting it needs a running `basalt dev`).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contractsRoot, foundryBinary, solcShim } from './support/tools.ts';

/** Every suite and how many tests it has: a new or deleted test must be reflected here. */
const EXPECTED: Record<string, number> = {
  'test/foundry/BasaltMultiToken.t.sol:BasaltMultiTokenTest': 4,
  'test/foundry/BasaltNFT.t.sol:BasaltNFTTest': 6,
  'test/foundry/BasaltToken.t.sol:BasaltTokenTest': 8,
  'test/foundry/BasaltVestingWallet.t.sol:BasaltVestingWalletTest': 7,
  'test/foundry/Counter.t.sol:CounterTest': 2,
  'test/foundry/Deploy.t.sol:DeployScriptTest': 1,
  'test/foundry/FeeOnTransferToken.t.sol:FeeOnTransferTokenTest': 7,
  'test/foundry/Multicall3.t.sol:Multicall3Test': 7,
  'test/foundry/SoulboundToken.t.sol:SoulboundTokenTest': 6,
  'test/foundry/TestBase.t.sol:TestBaseTest': 2,
  'test/foundry/TokenFactory.t.sol:TokenFactoryTest': 8,
};

interface SuiteResult {
  test_results: Record<string, { status: 'Success' | 'Failure' | 'Skipped'; reason: string | null }>;
}

function forge(args: string[], cwd: string) {
  const r = spawnSync(foundryBinary('forge'), args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FOUNDRY_DISABLE_NIGHTLY_WARNING: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parses `forge test --json` output: one JSON object, keyed by "path:Contract". */
function parseResults(stdout: string): Record<string, SuiteResult> {
  const start = stdout.indexOf('{');
  return JSON.parse(stdout.slice(start));
}

const failures = (results: Record<string, SuiteResult>) =>
  Object.entries(results).flatMap(([suite, s]) =>
    Object.entries(s.test_results)
      .filter(([, t]) => t.status !== 'Success')
      .map(([name, t]) => `${suite} ${name}: ${t.status} ${t.reason ?? ''}`),
  );

describe('forge test (contracts/test/foundry)', () => {
  let tmp: string;
  let run: ReturnType<typeof forge>;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'basalt-forge-test-'));
    // A private out/ and cache/: a clean, full build, independent of what a developer has built.
    run = forge(['test', '--json', '--out', join(tmp, 'out'), '--cache-path', join(tmp, 'cache')], contractsRoot);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('passes every test, offline, through the solc shim', () => {
    const results = parseResults(run.stdout);
    expect(failures(results)).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('runs the expected suites and number of tests', () => {
    const results = parseResults(run.stdout);
    const counts = Object.fromEntries(
      Object.entries(results).map(([suite, s]) => [suite, Object.keys(s.test_results).length]),
    );
    expect(counts).toEqual(EXPECTED);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(58);
  });

  it('runs script/Deploy.s.sol as a dry run and logs every address', () => {
    const r = forge(
      ['script', 'script/Deploy.s.sol', '--out', join(tmp, 'out'), '--cache-path', join(tmp, 'cache')],
      contractsRoot,
    );
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toMatch(/Script ran successfully/);
    expect(r.code).toBe(0);
    for (const label of [
      'BasaltToken \\(ERC-20\\)',
      'BasaltNFT \\(ERC-721\\)',
      'BasaltMultiToken \\(ERC-1155\\)',
      'BasaltVestingWallet',
      'SoulboundToken \\(ERC-5192\\)',
      'FeeOnTransferToken',
      'TokenFactory',
      'factory ERC-20 \\(salt basalt\\)',
    ]) {
      expect(out).toMatch(new RegExp(`${label} 0x[0-9a-fA-F]{40}`));
    }
  });
});

describe('a failing Foundry test', () => {
  it('makes forge test exit non-zero and is reported as a failure', () => {
    // A throwaway project on the same local Test base: one passing test, one failing.
    const dir = mkdtempSync(join(tmpdir(), 'basalt-forge-fail-'));
    try {
      mkdirSync(join(dir, 'src'));
      mkdirSync(join(dir, 'test', 'utils'), { recursive: true });
      for (const f of ['Vm.sol', 'Test.sol'])
        cpSync(join(contractsRoot, 'test', 'foundry', 'utils', f), join(dir, 'test', 'utils', f));
      writeFileSync(
        join(dir, 'foundry.toml'),
        `[profile.default]\nsrc = "src"\ntest = "test"\nout = "out"\nlibs = []\nsolc = "${solcShim}"\nauto_detect_solc = false\noffline = true\nevm_version = "prague"\n`,
      );
      writeFileSync(
        join(dir, 'test', 'Fail.t.sol'),
        '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\nimport {Test} from "./utils/Test.sol";\n' +
          'contract FailTest is Test {\n  function test_Passes() public pure { assertEq(uint256(1), uint256(1)); }\n' +
          '  function test_Fails() public pure { assertEq(uint256(1), uint256(2)); }\n}\n',
      );
      const r = forge(['test', '--json'], dir);
      const results = parseResults(r.stdout);
      expect(failures(results)).toEqual([
        'test/Fail.t.sol:FailTest test_Fails(): Failure assertEq(uint256) failed: 1 != 2',
      ]);
      expect(r.code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

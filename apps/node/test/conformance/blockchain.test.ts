// Blockchain-test fixtures (execution-spec-tests tests-v5.4.0: Cancun, Prague, Osaka and their
// transitions) imported through Basalt's import path; see blockchainTests.ts. All 77 fixtures
// of ../shared/conformance/blockchain-tests run (a few seconds). Prints passed/failed per
// fork; fails below floor.json's `fixtures` or when a fixture in passing-fixtures.json fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { type FixtureResult, runAllFixtures } from './blockchainTests.ts';
import { replaceSection } from './report.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const FLOOR = join(HERE, 'floor-fixtures.json');
const PASSING = join(HERE, 'passing-fixtures.json');

function table(results: FixtureResult[]): string {
  const by = new Map<string, { passed: number; failed: number; blocks: number; invalid: number }>();
  for (const r of results) {
    const t = by.get(r.network) ?? { passed: 0, failed: 0, blocks: 0, invalid: 0 };
    if (r.passed) t.passed++;
    else t.failed++;
    t.blocks += r.blocks;
    t.invalid += r.invalid;
    by.set(r.network, t);
  }
  const lines = ['| Network | Fixtures passed | Failed | Blocks (invalid) |', '| --- | ---: | ---: | ---: |'];
  for (const [n, t] of [...by.entries()].sort())
    lines.push(`| ${n} | ${t.passed} | ${t.failed} | ${t.blocks} (${t.invalid}) |`);
  const passed = results.filter((r) => r.passed).length;
  lines.push(`| **all** | **${passed}** | **${results.length - passed}** | |`);
  return lines.join('\n');
}

describe('node / conformance / blockchain tests', () => {
  it('imports every fixture: valid blocks become the head, invalid ones are rejected, the head is lastblockhash', async () => {
    const started = Date.now();
    const results = await runAllFixtures();
    const ms = Date.now() - started;
    const passed = results.filter((r) => r.passed);
    const t = table(results);
    const failing = results.filter((r) => !r.passed).map((r) => `- \`${r.name}\`: ${(r.reason ?? '').slice(0, 200)}`);
    console.log(`${t}\n\n${passed.length} of ${results.length} fixtures passed in ${ms} ms\n${failing.join('\n')}`);
    if (process.env.CONFORMANCE_REPORT === '1') {
      replaceSection(
        'blockchain',
        [
          `All ${results.length} fixtures of \`../shared/conformance/blockchain-tests\` run (none sampled): ${passed.length} pass.`,
          'Each builds its genesis from `pre` and `genesisBlockHeader` (the genesis hash must match), imports every block',
          'through `chain.importBlock` (the path of `basalt import`), expects invalid blocks to be rejected, and ends with',
          'the head equal to `lastblockhash` (whose state root commits to the whole `postState`).',
          '',
          t,
          '',
          ...(failing.length > 0 ? ['Failing fixtures:', '', ...failing] : []),
        ].join('\n'),
      );
    }
    if (process.env.CONFORMANCE_UPDATE === '1') {
      writeFileSync(FLOOR, `${JSON.stringify({ passed: passed.length }, null, 2)}\n`);
      writeFileSync(PASSING, `${JSON.stringify(passed.map((r) => r.name).sort(), null, 2)}\n`);
    }
    expect(results.length).toBe(77);
    const floor = (JSON.parse(readFileSync(FLOOR, 'utf8')) as { passed: number }).passed;
    const before = JSON.parse(readFileSync(PASSING, 'utf8')) as string[];
    const regressed = before.filter((n) => !passed.some((r) => r.name === n));
    expect(regressed).toEqual([]);
    expect(passed.length).toBeGreaterThanOrEqual(floor);
  }, 300_000);
});

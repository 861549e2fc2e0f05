// The execution-apis JSON-RPC conformance cases against Basalt: init + import of the recorded
// chain, headfcu applied, the node serving it without mining, every case sent in the reference
// runner's order and judged as it judges. Prints the table of passed/failed per method.
//
// Green while methods are still being added, red on any regression: the pass count must reach
// floor.json and every case named in passing.json must still pass. Raise both with
// `npm run conformance:update`; `npm run conformance:report` rewrites docs/conformance.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ConformanceNode, startConformanceNode } from './conformanceNode.ts';
import { readIoCases } from './ioCases.ts';
import { OpenRpcSpec } from './openrpc.ts';
import { replaceSection } from './report.ts';
import { type CaseResult, FLOOR_FILE, markdownTable, PASSING_FILE, readKnownWrong, runCases } from './rpcRunner.ts';

let node: ConformanceNode | undefined;
beforeAll(async () => {
  node = await startConformanceNode();
}, 120_000);
afterAll(async () => {
  await node?.stop();
});

describe('node / conformance / execution-apis JSON-RPC cases', () => {
  it('passes at least the floor, and every case that passed before', async () => {
    const cases = readIoCases();
    expect(cases.length).toBe(232);
    const knownWrong = readKnownWrong();
    for (const name of Object.keys(knownWrong)) {
      expect(cases.some((c) => c.name === name)).toBe(true);
    }
    const started = Date.now();
    const results: CaseResult[] = await runCases(node!.url, cases, new OpenRpcSpec(), knownWrong);
    const ms = Date.now() - started;
    const passed = results.filter((r) => r.passed);
    const table = markdownTable(results);
    const slowest = [...results]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((r) => `${r.name} ${r.ms} ms`);
    console.log(
      `${table}\n\n${passed.length} of ${results.length} cases passed; import ${node!.importMs} ms, cases ${ms} ms; slowest: ${slowest.join(', ')}`,
    );

    if (process.env.CONFORMANCE_REPORT === '1') {
      const failing = results
        .filter((r) => !r.passed)
        .map((r) => `- \`${r.name}\`: ${(r.reason ?? '').replace(/\|/g, '\\|').slice(0, 240)}`);
      replaceSection(
        'rpc',
        [
          `${passed.length} of ${results.length} cases pass (${Object.keys(knownWrong).length} listed as known wrong).`,
          '',
          table,
          '',
          '<details><summary>Failing cases and the first difference</summary>',
          '',
          ...failing,
          '',
          '</details>',
        ].join('\n'),
      );
    }
    if (process.env.CONFORMANCE_UPDATE === '1') {
      writeFileSync(FLOOR_FILE, `${JSON.stringify({ passed: passed.length }, null, 2)}\n`);
      writeFileSync(PASSING_FILE, `${JSON.stringify(passed.map((r) => r.name).sort(), null, 2)}\n`);
    }

    const floor = (JSON.parse(readFileSync(FLOOR_FILE, 'utf8')) as { passed: number }).passed;
    const before = JSON.parse(readFileSync(PASSING_FILE, 'utf8')) as string[];
    const regressed = before
      .filter((name) => !passed.some((r) => r.name === name))
      .map((name) => `${name}: ${results.find((r) => r.name === name)?.reason ?? 'not run'}`);
    expect(regressed).toEqual([]);
    expect(passed.length).toBeGreaterThanOrEqual(floor);
  }, 300_000);
});

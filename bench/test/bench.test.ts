// Keeps the benchmark harness from rotting: every workload at tiny sizes against Basalt only,
// through the same code `npm run bench` runs. It asserts that the harness works and the node
// lost nothing, never a speed (speed is the benchmark's business). Needs `npm run build` first.
import { describe, expect, it } from '@jest/globals';
import { runBench } from '../src/bench.ts';
import { parseConfig, quickConfig } from '../src/config.ts';
import { renderMarkdown } from '../src/report.ts';

describe('bench harness', () => {
  it('parses sizes from flags and env, flags first', () => {
    const c = parseConfig(['--writes-at64', '7', '--nodes', 'basalt'], { BENCH_WRITES_AT64: '9', BENCH_RUNS: '4' });
    expect(c.writesAt64).toBe(7);
    expect(c.runs).toBe(4);
    expect(c.nodes).toEqual(['basalt']);
    expect(parseConfig(['--full'], {}).writesAt64).toBe(10_000);
    expect(() => parseConfig(['--nodes', 'geth'], {})).toThrow(/unknown node/);
  });

  it('runs every workload at tiny sizes against Basalt and renders the table', async () => {
    const res = await runBench(
      {
        ...quickConfig,
        nodes: ['basalt'],
        runs: 1,
        readMs: 200,
        readInFlight: 8,
        writesAt1: 3,
        writesAt8: 8,
        writesAt64: 20,
        intervalTxs: 10,
        importBlocks: 2,
        importTxsPerBlock: 10,
        longRunTxs: 20,
        deadlineBaseMs: 15_000,
        deadlinePerTxMs: 0,
        only: ['ceiling', 'reads', 'erc20', 'plain', 'interval', 'import', 'long'],
      },
      () => {},
    );
    const m = new Map(res.metrics.map((x) => [x.key, x.samples]));
    for (const key of [
      'ceiling.single',
      'read.call',
      'erc20.64.tps',
      'plain.1.tps',
      'interval.tps',
      'import.mgas',
      'long.last',
    ]) {
      expect(m.has(key)).toBe(true);
    }
    for (const key of ['erc20.1', 'erc20.8', 'erc20.64', 'plain.1', 'plain.8', 'plain.64', 'interval']) {
      expect(m.get(`${key}.failed`)?.basalt).toEqual([0]);
      expect(m.get(`${key}.missing`)?.basalt).toEqual([0]);
    }
    expect(m.get('interval.maxPerBlock')?.basalt?.[0]).toBe(10);
    expect(m.get('read.call')?.basalt?.[0]).toBeGreaterThan(0);
    expect(res.longRun).toHaveLength(10);
    expect(renderMarkdown(res)).toMatch(/\| figure \| unit \| basalt \|/);
  }, 60_000);
});

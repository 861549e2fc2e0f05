// The orchestrator: for each run and each node, fresh processes for each workload (so every peak
// memory figure is that workload's), the same client for all; results as samples per metric.
import { cpus, loadavg } from 'node:os';

import { createRpcClient, runLoad } from './client.ts';
import type { BenchConfig } from './config.ts';
import { type NodeKind, type RunningNode, type StartOpts, startNode, tempDataDir } from './nodes.ts';
import { closeSession, openSession, type ReadKind, reads, writes } from './workloads.ts';

export type Better = 'higher' | 'lower' | 'none';

export interface Metric {
  key: string;
  label: string;
  unit: string;
  better: Better;
  samples: Partial<Record<NodeKind, number[]>>;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    platform: string;
    loadAvgAtStart: number;
    loadAvgAtEnd: number;
  };
  config: Omit<BenchConfig, 'gasLimit'> & { gasLimit: string };
  metrics: Metric[];
  /** The long run's windows (Basalt): tx/s and resident MB after each tenth. */
  longRun?: { window: number; txs: number; txPerSecond: number; rssMb: number }[];
  notes: string[];
}

export type Log = (line: string) => void;

class Recorder {
  readonly metrics = new Map<string, Metric>();
  add(key: string, label: string, unit: string, better: Better, node: NodeKind, value: number): void {
    let m = this.metrics.get(key);
    if (!m) {
      m = { key, label, unit, better, samples: {} };
      this.metrics.set(key, m);
    }
    const list = m.samples[node] ?? [];
    list.push(value);
    m.samples[node] = list;
  }
}

const READS: { kind: ReadKind; label: string }[] = [
  { kind: 'call', label: 'eth_call balanceOf' },
  { kind: 'balance', label: 'eth_getBalance' },
  { kind: 'receipt', label: 'eth_getTransactionReceipt' },
];

async function withNode<T>(
  kind: NodeKind,
  opts: StartOpts,
  rec: Recorder,
  fn: (n: RunningNode) => Promise<T>,
): Promise<T> {
  const node = await startNode(kind, opts);
  rec.add('startup', 'start-up: spawn to first eth_chainId', 'ms', 'lower', kind, node.startupMs);
  try {
    return await fn(node);
  } finally {
    await node.stop();
  }
}

export async function runBench(c: BenchConfig, log: Log): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  // Other processes on the machine move every figure: the 1-minute load average says how busy it was.
  const loadAvgAtStart = loadavg()[0]!;
  const rec = new Recorder();
  const notes: string[] = [];
  const wants = (w: string) => c.only === undefined || c.only.includes(w);
  const base: StartOpts = { gasLimit: c.gasLimit };
  const deadline = (n: number) => c.deadlineBaseMs + n * c.deadlinePerTxMs;
  let longRun: BenchResults['longRun'];

  for (let run = 1; run <= c.runs; run++) {
    if (!c.skipCeiling && wants('ceiling')) {
      log(`run ${run}: client ceiling against the do-nothing server`);
      const nul = await startNode('null', base);
      try {
        const client = createRpcClient(nul.url, { connections: c.readInFlight });
        const single = await runLoad(client, {
          inFlight: c.readInFlight,
          durationMs: c.readMs,
          make: () => ({ method: 'eth_chainId', params: [] }),
        });
        const batched = await runLoad(client, {
          inFlight: c.readInFlight,
          durationMs: c.readMs,
          batchSize: 20,
          make: () => ({ method: 'eth_chainId', params: [] }),
        });
        await client.close();
        const piped = createRpcClient(nul.url, { connections: Math.ceil(c.readInFlight / 4), pipelining: 4 });
        const pipelined = await runLoad(piped, {
          inFlight: c.readInFlight,
          durationMs: c.readMs,
          make: () => ({ method: 'eth_chainId', params: [] }),
        });
        await piped.close();
        rec.add(
          'ceiling.single',
          `client ceiling, ${c.readInFlight} connections`,
          'req/s',
          'none',
          'null',
          single.perSecond,
        );
        rec.add(
          'ceiling.pipelined',
          `client ceiling, ${Math.ceil(c.readInFlight / 4)} connections x 4 pipelined`,
          'req/s',
          'none',
          'null',
          pipelined.perSecond,
        );
        rec.add('ceiling.batch', 'client ceiling, batches of 20', 'calls/s', 'none', 'null', batched.perSecond);
      } finally {
        await nul.stop();
      }
    }
    for (const kind of c.nodes) {
      if (wants('reads') || wants('startup')) {
        log(`run ${run}: ${kind}: reads`);
        await withNode(kind, base, rec, async (node) => {
          if (!wants('reads')) return;
          const s = await openSession(node, c.readInFlight);
          try {
            for (const r of READS) {
              const res = await reads(s, r.kind, c.readInFlight, c.readMs);
              if (res.errors > 0) notes.push(`${kind} ${r.label}: ${res.errors} errors (${res.firstError})`);
              rec.add(
                `read.${r.kind}`,
                `${r.label}, ${c.readInFlight} in flight`,
                'calls/s',
                'higher',
                kind,
                res.perSecond,
              );
              rec.add(`read.${r.kind}.p50`, `${r.label} p50`, 'ms', 'lower', kind, res.p50Ms);
              rec.add(`read.${r.kind}.p99`, `${r.label} p99`, 'ms', 'lower', kind, res.p99Ms);
            }
          } finally {
            await closeSession(s);
          }
        });
      }
      for (const txKind of ['erc20', 'plain'] as const) {
        if (!wants(txKind)) continue;
        for (const [inFlight, n] of [
          [1, c.writesAt1],
          [8, c.writesAt8],
          [64, c.writesAt64],
        ] as const) {
          if (n === 0) continue;
          log(`run ${run}: ${kind}: ${n} ${txKind} transfers at ${inFlight} in flight (instant mining)`);
          await withNode(kind, base, rec, async (node) => {
            const s = await openSession(node, inFlight);
            try {
              const w = await writes(s, { kind: txKind, n, inFlight, deadlineMs: deadline(n) });
              const p = `${txKind}.${inFlight}`;
              const l = `${txKind === 'erc20' ? 'ERC-20' : 'plain'} transfers, instant, ${inFlight} in flight`;
              rec.add(`${p}.tps`, `${l} (${n})`, 'tx/s', 'higher', kind, w.txPerSecond);
              rec.add(`${p}.blocks`, `${l}: blocks made`, 'blocks', 'none', kind, w.blocks);
              rec.add(`${p}.failed`, `${l}: failed`, 'txs', 'lower', kind, w.failed);
              rec.add(`${p}.missing`, `${l}: missing`, 'txs', 'lower', kind, w.missing);
              rec.add(`${p}.rss`, `${l}: peak RSS`, 'MB', 'lower', kind, w.peakRssMb);
              if (w.firstError) notes.push(`${kind} ${l}: ${w.firstError}`);
            } finally {
              await closeSession(s);
            }
          });
        }
      }
      if (wants('interval') && c.intervalTxs > 0) {
        log(`run ${run}: ${kind}: ${c.intervalTxs} ERC-20 transfers at 64 in flight, 1-s blocks`);
        await withNode(kind, { ...base, blockTime: 1 }, rec, async (node) => {
          const s = await openSession(node, 64);
          try {
            const w = await writes(s, {
              kind: 'erc20',
              n: c.intervalTxs,
              inFlight: 64,
              deadlineMs: deadline(c.intervalTxs),
            });
            const l = 'ERC-20 transfers, 1-s blocks, 64 in flight';
            rec.add('interval.tps', `${l} (${c.intervalTxs})`, 'tx/s', 'higher', kind, w.txPerSecond);
            rec.add('interval.maxPerBlock', `${l}: most in one block`, 'txs', 'higher', kind, w.maxTxsPerBlock);
            rec.add('interval.blocks', `${l}: blocks made`, 'blocks', 'none', kind, w.blocks);
            rec.add('interval.failed', `${l}: failed`, 'txs', 'lower', kind, w.failed);
            rec.add('interval.missing', `${l}: missing`, 'txs', 'lower', kind, w.missing);
            rec.add('interval.rss', `${l}: peak RSS`, 'MB', 'lower', kind, w.peakRssMb);
          } finally {
            await closeSession(s);
          }
        });
      }
    }
    if (wants('import') && c.importBlocks > 0 && c.nodes.includes('basalt')) {
      const { runImportBench } = await import('./importBench.ts');
      log(`run ${run}: basalt: import of ${c.importBlocks} blocks of ${c.importTxsPerBlock} transfers`);
      const r = await runImportBench({
        blocks: c.importBlocks,
        txsPerBlock: c.importTxsPerBlock,
        gasLimit: c.gasLimit,
      });
      const l = `basalt import (${c.importBlocks} blocks x ${c.importTxsPerBlock} transfers)`;
      rec.add('import.mgas', l, 'Mgas/s', 'higher', 'basalt', r.mgasPerSecond);
      rec.add('import.bps', l, 'blocks/s', 'higher', 'basalt', r.blocksPerSecond);
      rec.add(
        'import.wall',
        `${l}: whole command, start-up included`,
        'Mgas/s',
        'higher',
        'basalt',
        r.wallMgasPerSecond,
      );
      if (run === 1) notes.push(r.how);
    }
  }

  if (wants('long') && c.longRunTxs > 0 && c.nodes.includes('basalt')) {
    log(`long run: basalt: ${c.longRunTxs} ERC-20 transfers with --data-dir`);
    const dir = await tempDataDir();
    try {
      longRun = await withNode('basalt', { ...base, dataDir: dir.dir }, rec, async (node) => {
        const s = await openSession(node, 64);
        const out: NonNullable<BenchResults['longRun']> = [];
        try {
          const windows = 10;
          const per = Math.ceil(c.longRunTxs / windows);
          for (let w = 1; w <= windows; w++) {
            const r = await writes(s, { kind: 'erc20', n: per, inFlight: 64, deadlineMs: deadline(per) });
            out.push({ window: w, txs: per * w, txPerSecond: r.txPerSecond, rssMb: node.rssMb() });
            log(`  window ${w}: ${r.txPerSecond.toFixed(0)} tx/s, ${node.rssMb().toFixed(0)} MB, missing ${r.missing}`);
          }
          const lbl = `long run (${c.longRunTxs} ERC-20 transfers, --data-dir)`;
          rec.add('long.first', `${lbl}: first tenth`, 'tx/s', 'higher', 'basalt', out[0]!.txPerSecond);
          rec.add('long.last', `${lbl}: last tenth`, 'tx/s', 'higher', 'basalt', out[out.length - 1]!.txPerSecond);
          rec.add('long.rss', `${lbl}: RSS at the end`, 'MB', 'lower', 'basalt', out[out.length - 1]!.rssMb);
          rec.add('long.peak', `${lbl}: peak RSS`, 'MB', 'lower', 'basalt', node.peakRssMb());
        } finally {
          await closeSession(s);
        }
        return out;
      });
    } finally {
      await dir.remove();
    }
  }

  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAvgAtStart,
      loadAvgAtEnd: loadavg()[0]!,
    },
    config: { ...c, gasLimit: c.gasLimit.toString() },
    metrics: [...rec.metrics.values()],
    ...(longRun ? { longRun } : {}),
    notes,
  };
}

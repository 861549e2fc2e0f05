#!/usr/bin/env node
// The network figures: block propagation latency from a producer to its followers (p50, p99) and
// the sync speed of a new node (blocks/s, Mgas/s). Real processes on 127.0.0.1: a producer
// (`basalt dev --p2p-port 0`) and followers (`basalt start`) of its genesis.
//
// Latency: each node's `newHeads` WebSocket subscription stamps when a block became its head;
// a sample is a follower's stamp minus the producer's for the same hash (the WebSocket hop is on
// both sides, so it cancels). Blocks are made one at a time (one transfer each, automine), so each
// is gossiped alone. Sync: the producer then builds `syncBlocks` blocks of `txsPerBlock` transfers
// (automine off, evm_mine), a new follower starts and syncs them; the figures are the node's own
// (the `synced to block` line: import loop only) and the wall clock from spawn to the head.
//
// Run: npm run build && node bench/dist/p2pBench.js [--followers 3] [--blocks 100] [--sync-blocks 200] [--txs-per-block 50]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HDNodeWallet } from 'ethers';
import { WebSocket } from 'undici';
import { createRpcClient, percentile } from './client.ts';
import { basaltCli, REPO, tempDataDir } from './nodes.ts';
import { DEV_MNEMONIC } from './workloads.ts';

export interface P2PBenchOpts {
  followers: number;
  /** Blocks whose propagation is timed. */
  blocks: number;
  /** Blocks the new node syncs (plus everything before them). */
  syncBlocks: number;
  txsPerBlock: number;
}

export const defaultP2PBenchOpts: P2PBenchOpts = { followers: 3, blocks: 100, syncBlocks: 200, txsPerBlock: 50 };

export interface P2PBenchResult {
  propagation: { samples: number; p50Ms: number; p99Ms: number; maxMs: number; followers: number };
  sync: {
    blocks: number;
    txs: number;
    /** The node's own figures (its sync loop). */
    blocksPerSecond: number;
    mgasPerSecond: number;
    /** Spawn of the new node to its head equal to the producer's, start-up included. */
    wallSeconds: number;
  };
  how: string;
}

interface Proc {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  out(): string;
  stop(): Promise<void>;
}

/** Spawns `basalt <args>` and waits for its `Listening on host:port` line. */
function startBasalt(args: string[]): Promise<Proc> {
  const child = spawn(process.execPath, [basaltCli(), ...args, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      void stop();
      rej(new Error(`basalt ${args[0]} did not start:\n${out}`));
    }, 60_000);
    const check = () => {
      const m = /Listening on ([\d.]+):(\d+)/.exec(out);
      if (m === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      res({
        child,
        url: `http://${m[1]}:${m[2]}`,
        wsUrl: `ws://${m[1]}:${m[2]}`,
        out: () => out,
        stop,
      });
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`basalt ${args[0]} exited with ${code}:\n${out}`));
    });
  });
}

/** Subscribes to newHeads and stamps each block hash with the time it arrived. */
async function watchHeads(wsUrl: string): Promise<{ seen: Map<string, number>; close(): void }> {
  const seen = new Map<string, number>();
  const ws = new WebSocket(wsUrl);
  await new Promise<void>((res, rej) => {
    ws.addEventListener('open', () => res(), { once: true });
    ws.addEventListener('error', () => rej(new Error(`websocket ${wsUrl} failed`)), { once: true });
  });
  ws.addEventListener('message', (ev) => {
    const t = performance.now();
    const msg = JSON.parse(String(ev.data)) as { params?: { result?: { hash?: string } } };
    const hash = msg.params?.result?.hash;
    if (hash !== undefined && !seen.has(hash)) seen.set(hash, t);
  });
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
  return { seen, close: () => ws.close() };
}

async function until(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function runP2PBench(
  opts: Partial<P2PBenchOpts> = {},
  log: (line: string) => void = () => undefined,
): Promise<P2PBenchResult> {
  const o = { ...defaultP2PBenchOpts, ...opts };
  const tmp = await tempDataDir();
  const procs: Proc[] = [];
  const sockets: { close(): void }[] = [];
  const clients: { close(): Promise<void> }[] = [];
  try {
    const genesis = join(tmp.dir, 'genesis.json');
    const producer = await startBasalt([
      'dev',
      '--port',
      '0',
      '--p2p-port',
      '0',
      '--silent',
      '--write-genesis',
      genesis,
    ]);
    procs.push(producer);
    const bootnode = /^P2P:\s+(\S+)/m.exec(producer.out())?.[1] ?? '';
    const follower = (name: string) =>
      startBasalt([
        'start',
        '--data-dir',
        join(tmp.dir, name),
        '--genesis',
        genesis,
        '--bootnodes',
        bootnode,
        '--p2p-port',
        '0',
        '--rpc-port',
        '0',
      ]);
    const followers = await Promise.all(Array.from({ length: o.followers }, (_, i) => follower(`f${i}`)));
    procs.push(...followers);
    const p = createRpcClient(producer.url);
    clients.push(p);
    await until(
      async () => Number(await p.request<string>('net_peerCount')) === o.followers,
      30_000,
      'followers connected',
    );

    // 1. Propagation: one transfer per block, one block at a time.
    const wallet = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, "m/44'/60'/0'/0/0");
    let nonce = 0;
    const sign = () =>
      wallet.signTransaction({
        type: 2,
        chainId: 31337,
        nonce: nonce++,
        to: '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
        value: 1n,
        gasLimit: 21_000n,
        maxFeePerGas: 10n ** 11n,
        maxPriorityFeePerGas: 10n ** 9n,
      });
    const watches = await Promise.all([producer, ...followers].map((n) => watchHeads(n.wsUrl)));
    sockets.push(...watches);
    const hashes: string[] = [];
    log(`propagation: ${o.blocks} blocks to ${o.followers} followers`);
    for (let i = 0; i < o.blocks; i++) {
      const before = (watches[0]?.seen.size ?? 0) + 1;
      await p.request('eth_sendRawTransaction', [await sign()]);
      await until(async () => (watches[0]?.seen.size ?? 0) >= before, 10_000, 'the block');
      const hash = [...(watches[0]?.seen.keys() ?? [])].at(-1) ?? '';
      hashes.push(hash);
      await until(async () => watches.every((w) => w.seen.has(hash)), 10_000, 'the block on every follower');
    }
    const samples: number[] = [];
    for (const hash of hashes) {
      const t0 = watches[0]?.seen.get(hash) ?? 0;
      for (const w of watches.slice(1)) samples.push((w.seen.get(hash) ?? t0) - t0);
    }
    samples.sort((a, b) => a - b);

    // 2. Sync: blocks full of transfers, then a new node.
    log(`sync: building ${o.syncBlocks} blocks of ${o.txsPerBlock} transfers`);
    await p.request('evm_setAutomine', [false]);
    const senders = Array.from({ length: 10 }, (_, i) =>
      HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`),
    );
    const nonces = await Promise.all(
      senders.map(async (s) => Number(await p.request<string>('eth_getTransactionCount', [s.address, 'latest']))),
    );
    for (let b = 0; b < o.syncBlocks; b++) {
      const raw = await Promise.all(
        Array.from({ length: o.txsPerBlock }, (_, i) => {
          const s = i % senders.length;
          const n = nonces[s] ?? 0;
          nonces[s] = n + 1;
          return senders[s]?.signTransaction({
            type: 2,
            chainId: 31337,
            nonce: n,
            to: '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
            value: 1n,
            gasLimit: 21_000n,
            maxFeePerGas: 10n ** 11n,
            maxPriorityFeePerGas: 10n ** 9n,
          }) as Promise<string>;
        }),
      );
      const sent = await p.batch(raw.map((r) => ({ method: 'eth_sendRawTransaction', params: [r] })));
      const failed = sent.find((x) => x instanceof Error);
      if (failed !== undefined) throw failed;
      await p.request('evm_mine');
    }
    await p.request('evm_setAutomine', [true]);
    const target = await p.request<{ hash: string; number: string }>('eth_getBlockByNumber', ['latest', false]);
    for (const f of followers) await f.stop();
    log(`sync: a new node syncs ${Number(target.number)} blocks`);
    const t0 = performance.now();
    const late = await follower('late');
    procs.push(late);
    const l = createRpcClient(late.url);
    clients.push(l);
    await until(
      async () => (await l.request<{ hash: string }>('eth_getBlockByNumber', ['latest', false])).hash === target.hash,
      600_000,
      'the new node at the head',
    );
    const wallSeconds = (performance.now() - t0) / 1000;
    await until(async () => /synced to block/.test(late.out()), 10_000, 'the sync summary');
    const m = /synced to block \d+: (\d+) blocks, ([\d.]+) blocks\/s, ([\d.]+) Mgas\/s/.exec(late.out());
    return {
      propagation: {
        samples: samples.length,
        p50Ms: percentile(samples, 50),
        p99Ms: percentile(samples, 99),
        maxMs: samples.at(-1) ?? 0,
        followers: o.followers,
      },
      sync: {
        blocks: Number(m?.[1] ?? 0),
        txs: o.syncBlocks * o.txsPerBlock + o.blocks,
        blocksPerSecond: Number(m?.[2] ?? 0),
        mgasPerSecond: Number(m?.[3] ?? 0),
        wallSeconds,
      },
      how:
        `propagation: ${o.blocks} one-transfer blocks from \`basalt dev --p2p-port 0\` to ${o.followers} \`basalt start\` followers, ` +
        'newHeads arrival at each follower minus at the producer; sync: a new `basalt start` node syncs ' +
        `${Number(target.number)} blocks (${o.syncBlocks} of ${o.txsPerBlock} transfers) from the producer alone`,
    };
  } finally {
    for (const s of sockets) s.close();
    for (const c of clients) await c.close();
    for (const proc of procs.reverse()) await proc.stop();
    await tmp.remove();
  }
}

function flag(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(name);
  const v = i >= 0 ? Number(argv[i + 1]) : dflt;
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const d = defaultP2PBenchOpts;
  const r = await runP2PBench(
    {
      followers: flag(argv, '--followers', d.followers),
      blocks: flag(argv, '--blocks', d.blocks),
      syncBlocks: flag(argv, '--sync-blocks', d.syncBlocks),
      txsPerBlock: flag(argv, '--txs-per-block', d.txsPerBlock),
    },
    (l) => process.stderr.write(`${l}\n`),
  );
  const dir = join(REPO, 'bench/results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'p2p.json'), `${JSON.stringify(r, null, 2)}\n`);
  const { propagation: pr, sync: s } = r;
  process.stdout.write(
    [
      '| figure | value |',
      '| --- | --- |',
      `| block propagation producer -> follower, p50 | ${pr.p50Ms.toFixed(1)} ms |`,
      `| block propagation producer -> follower, p99 | ${pr.p99Ms.toFixed(1)} ms (max ${pr.maxMs.toFixed(1)} ms, ${pr.samples} samples) |`,
      `| sync of a new node | ${s.blocksPerSecond.toFixed(1)} blocks/s, ${s.mgasPerSecond.toFixed(2)} Mgas/s (${s.blocks} blocks; ${s.wallSeconds.toFixed(1)} s spawn to head) |`,
      '',
      r.how,
      'written: bench/results/p2p.json',
      '',
    ].join('\n'),
  );
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\u0000')) {
  main().catch((err: unknown) => {
    process.stderr.write(`p2p bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

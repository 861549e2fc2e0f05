// In-process: each transaction sent alone to the pool of a dev node (createDevNode from apps/node/dist),
// waiting for its block: the per-block cost of instant mining at 1 in flight, without HTTP. Prints
// the node process's CPU per transaction and the time in buildBlock / commitBuiltBlock / pool.add.
// Usage: node bench/scripts/seq.mjs [N]   (OFF=1 puts back the library's Common.updateParams;
// PROF=FILE writes a .cpuprofile of the loop alone, without start-up and signing)
import { createTxFromRLP } from '@ethereumjs/tx';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { signedTransfers, startDevNode, timeMethod } from './devNode.mjs';

const { node, chain, executor: ex, common } = await startDevNode();
const t = {};
const wrap = (obj, name) =>
  timeMethod(obj, name, (ms) => {
    t[name] = (t[name] ?? 0) + ms;
  });
wrap(ex, 'buildBlock');
wrap(chain, 'commitBuiltBlock');
wrap(ex, 'validateTx');
wrap(chain.txPool, 'add');

const N = Number(process.argv[2] ?? 300);
const raws = signedTransfers(common, N);
const session = process.env.PROF ? new Session() : undefined;
if (session !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (const r of raws) {
  const n = chain.head().header.number;
  await chain.txPool.add(createTxFromRLP(r, { common }));
  while (chain.head().header.number === n) await new Promise((res) => setImmediate(res));
}
const dt = performance.now() - t0;
const cu = process.cpuUsage(cpu0);
if (session !== undefined) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROF, JSON.stringify(profile));
  session.disconnect();
}
console.log(`cpu ${((cu.user + cu.system) / 1000 / N).toFixed(2)} ms/tx `);
console.log(
  `sequential ${N}: ${((N / dt) * 1000).toFixed(0)} tx/s; per tx ms:`,
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, +(v / N).toFixed(2)])),
);
await node.stop();

// In-process: N plain transfers added to the pool of a dev node with INFLIGHT adds outstanding, mined
// in as few blocks as the miner makes: the per-transaction cost of big blocks, without HTTP.
// Usage: node bench/scripts/phases.mjs [N] [INFLIGHT]
import { createTxFromRLP } from '@ethereumjs/tx';
import { performance } from 'node:perf_hooks';
import { signedTransfers, startDevNode, timeMethod } from './devNode.mjs';

const { node, chain, executor: ex, common } = await startDevNode();
const t = { build: 0, commit: 0, add: 0, validate: 0, nb: 0, nc: 0, na: 0 };
const wrap = (obj, name, key, cnt) =>
  timeMethod(obj, name, (ms) => {
    t[key] += ms;
    t[cnt]++;
  });
wrap(ex, 'buildBlock', 'build', 'nb');
wrap(chain, 'commitBuiltBlock', 'commit', 'nc');
wrap(ex, 'validateTx', 'validate', 'na');

const N = Number(process.argv[2] ?? 300),
  INF = Number(process.argv[3] ?? 1);
// Signed, then RLP-encoded: each is decoded again when added, so no sender is cached.
const raws = signedTransfers(common, N);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let next = 0;
await Promise.all(
  Array.from({ length: INF }, async () => {
    while (next < raws.length) {
      const r = raws[next++];
      const ta = performance.now();
      await chain.txPool.add(createTxFromRLP(r, { common }));
      t.add += performance.now() - ta;
      t.na2 = (t.na2 ?? 0) + 1;
    }
  }),
);
while (chain.txPool.status().pending > 0) await new Promise((r) => setTimeout(r, 1));
const dt = performance.now() - t0;
const cu = process.cpuUsage(cpu0);
console.log(`cpu ${((cu.user + cu.system) / 1000 / N).toFixed(2)} ms/tx `);
console.log(
  `N=${N} inflight=${INF}: ${((N / dt) * 1000).toFixed(0)} tx/s, blocks ${t.nb}, build ${(t.build / t.nb).toFixed(2)} ms/block, commit ${(t.commit / t.nc).toFixed(2)} ms/block, pool.add ${(t.add / N).toFixed(2)} ms/tx, validateTx ${(t.validate / t.na).toFixed(2)} ms`,
);
await node.stop();

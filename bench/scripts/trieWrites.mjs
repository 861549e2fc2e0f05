// In-process: N plain transfers (to fresh addresses) added to a dev node's pool PER_BLOCK at a time,
// each group mined before the next (instant mining at 64 in flight makes blocks of ~40); counts the
// trie-node writes that reach the database (each block's batch) and the CPU time per transaction.
// Usage: node bench/scripts/trieWrites.mjs [N] [PER_BLOCK]
import { createTxFromRLP } from '@ethereumjs/tx';
import { signedTransfers, startDevNode } from './devNode.mjs';

const { node, chain, common } = await startDevNode();
let writes = 0;
let blocks = 0;
const flushInto = chain.states.flushInto.bind(chain.states);
chain.states.flushInto = (batch) => {
  const n = flushInto(batch);
  writes += n;
  blocks++;
  return n;
};
const N = Number(process.argv[2] ?? 2000);
const PER_BLOCK = Number(process.argv[3] ?? 40);
const raws = signedTransfers(common, N);
const cpu0 = process.cpuUsage();
for (let i = 0; i < N; i += PER_BLOCK) {
  await Promise.all(raws.slice(i, i + PER_BLOCK).map((raw) => chain.txPool.add(createTxFromRLP(raw, { common }))));
  while (chain.txPool.status().pending > 0) await new Promise((r) => setImmediate(r));
}
const cu = process.cpuUsage(cpu0);
console.log(
  `N=${N} per block ${PER_BLOCK}: ${blocks} batches, ${writes} trie writes (${(writes / N).toFixed(1)} per tx), cpu ${((cu.user + cu.system) / 1000 / N).toFixed(3)} ms/tx`,
);
await node.stop();

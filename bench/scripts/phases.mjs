// In-process: N plain transfers added to the pool of a dev node with INFLIGHT adds outstanding, mined
// in as few blocks as the miner makes: the per-transaction cost of big blocks, without HTTP.
// Usage: node bench/scripts/phases.mjs [N] [INFLIGHT]
import { createDevNode, defaultDevNodeConfig, ConsoleLogger } from '../../apps/node/dist/index.js';
import { createFeeMarket1559Tx } from '@ethereumjs/tx';
import { hexToBytes, createAddressFromString } from '@ethereumjs/util';
import { performance } from 'node:perf_hooks';
const node = await createDevNode(
  { ...defaultDevNodeConfig, port: 0, silent: true, logLevel: 'error' },
  new ConsoleLogger({ level: 'error', format: 'json' }),
);
await node.start();
const chain = node.chain;
const ex = chain.executor;
const t = { build: 0, commit: 0, add: 0, validate: 0, nb: 0, nc: 0, na: 0 };
const wrap = (obj, name, key, cnt) => {
  const f = obj[name].bind(obj);
  obj[name] = async (...a) => {
    const t0 = performance.now();
    try {
      return await f(...a);
    } finally {
      t[key] += performance.now() - t0;
      t[cnt]++;
    }
  };
};
wrap(ex, 'buildBlock', 'build', 'nb');
wrap(chain, 'commitBuiltBlock', 'commit', 'nc');
wrap(ex, 'validateTx', 'validate', 'na');
const key = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const common = chain.head().common;
if (process.env.OFF) {
  const proto = Object.getPrototypeOf(common);
  console.log('OFF', proto.constructor.name);
  proto.updateParams = Object.getPrototypeOf(proto).updateParams;
}

const N = Number(process.argv[2] ?? 300),
  INF = Number(process.argv[3] ?? 1);
const txs = [];
for (let i = 0; i < N; i++)
  txs.push(
    createFeeMarket1559Tx(
      {
        chainId: 31337n,
        nonce: BigInt(i),
        to: createAddressFromString('0x' + (0xb0000 + i).toString(16).padStart(40, '0')),
        value: 1n,
        gasLimit: 21000n,
        maxFeePerGas: 10n ** 11n,
        maxPriorityFeePerGas: 10n ** 9n,
      },
      { common },
    ).sign(key),
  );
// serialize/deserialize to drop the cached sender
const { createTxFromRLP } = await import('@ethereumjs/tx');
const raws = txs.map((x) => x.serialize());
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

// In-process: each transaction sent alone to the pool of a dev node (createDevNode from apps/node/dist),
// waiting for its block: the per-block cost of instant mining at 1 in flight, without HTTP. Prints
// the node process's CPU per transaction and the time in buildBlock / commitBuiltBlock / pool.add.
// Usage: node bench/scripts/seq.mjs [N]   (OFF=1 puts back the library's Common.updateParams)
import { createDevNode, defaultDevNodeConfig, ConsoleLogger } from '../../apps/node/dist/index.js';
import { createFeeMarket1559Tx, createTxFromRLP } from '@ethereumjs/tx';
import { hexToBytes, createAddressFromString } from '@ethereumjs/util';
import { performance } from 'node:perf_hooks';
const node = await createDevNode(
  { ...defaultDevNodeConfig, port: 0, silent: true, logLevel: 'error' },
  new ConsoleLogger({ level: 'error', format: 'json' }),
);
await node.start();
const chain = node.chain;
const ex = chain.executor;
const t = {};
const wrap = (obj, name) => {
  const f = obj[name].bind(obj);
  obj[name] = async (...a) => {
    const t0 = performance.now();
    try {
      return await f(...a);
    } finally {
      t[name] = (t[name] ?? 0) + performance.now() - t0;
    }
  };
};
wrap(ex, 'buildBlock');
wrap(chain, 'commitBuiltBlock');
wrap(ex, 'validateTx');
wrap(chain.txPool, 'add');
const key = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const common = chain.head().common;
if (process.env.OFF) {
  const proto = Object.getPrototypeOf(common);
  console.log('OFF', proto.constructor.name);
  proto.updateParams = Object.getPrototypeOf(proto).updateParams;
}

const N = Number(process.argv[2] ?? 300);
const raws = [];
for (let i = 0; i < N; i++)
  raws.push(
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
    )
      .sign(key)
      .serialize(),
  );
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (const r of raws) {
  const n = chain.head().header.number;
  await chain.txPool.add(createTxFromRLP(r, { common }));
  while (chain.head().header.number === n) await new Promise((res) => setImmediate(res));
}
const dt = performance.now() - t0;
const cu = process.cpuUsage(cpu0);
console.log(`cpu ${((cu.user + cu.system) / 1000 / N).toFixed(2)} ms/tx `);
console.log(
  `sequential ${N}: ${((N / dt) * 1000).toFixed(0)} tx/s; per tx ms:`,
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, +(v / N).toFixed(2)])),
);
await node.stop();

// What the in-process scripts (seq.mjs, phases.mjs) share: a started dev node from apps/node/dist,
// a timer around a node method, and N signed plain transfers from the first dev account.
import { createFeeMarket1559Tx } from '@ethereumjs/tx';
import { createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { performance } from 'node:perf_hooks';
import { ConsoleLogger, createDevNode, defaultDevNodeConfig } from '../../apps/node/dist/index.js';

/** A started in-memory dev node (instant mining, port 0). OFF=1 puts back the library's Common.updateParams. */
export async function startDevNode() {
  const node = await createDevNode(
    { ...defaultDevNodeConfig, port: 0, silent: true, logLevel: 'error' },
    new ConsoleLogger({ level: 'error', format: 'json' }),
  );
  await node.start();
  const common = node.chain.head().common;
  if (process.env.OFF) {
    const proto = Object.getPrototypeOf(common);
    console.log('OFF', proto.constructor.name);
    proto.updateParams = Object.getPrototypeOf(proto).updateParams;
  }
  return { node, chain: node.chain, executor: node.chain.executor, common };
}

/** Replaces the async method `obj[name]` by one that passes its duration (ms) to `record`. */
export function timeMethod(obj, name, record) {
  const f = obj[name].bind(obj);
  obj[name] = async (...a) => {
    const t0 = performance.now();
    try {
      return await f(...a);
    } finally {
      record(performance.now() - t0);
    }
  };
}

/** N signed EIP-1559 transfers of 1 wei from the first dev account (nonces 0..N-1), RLP-encoded. */
export function signedTransfers(common, n) {
  const key = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
  const raws = [];
  for (let i = 0; i < n; i++) {
    const tx = createFeeMarket1559Tx(
      {
        chainId: 31337n,
        nonce: BigInt(i),
        to: createAddressFromString(`0x${(0xb0000 + i).toString(16).padStart(40, '0')}`),
        value: 1n,
        gasLimit: 21000n,
        maxFeePerGas: 10n ** 11n,
        maxPriorityFeePerGas: 10n ** 9n,
      },
      { common },
    );
    raws.push(tx.sign(key).serialize());
  }
  return raws;
}

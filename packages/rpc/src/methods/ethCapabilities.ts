// eth_capabilities: what history this node serves. Basalt keeps everything from genesis (an
// archive node): state, transactions, logs, receipts, blocks and state proofs from block 0.
import { bytesToHex } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { quantity } from '../format.ts';
import type { RpcMethod } from '../types.ts';

export function capabilitiesMethods(backend: RpcBackend): Record<string, RpcMethod> {
  return {
    eth_capabilities: {
      params: [],
      handler: () => {
        const head = backend.chain.head();
        const all = { disabled: false, oldestBlock: '0x0' };
        return {
          head: { number: quantity(head.header.number), hash: bytesToHex(head.hash()) },
          state: { ...all },
          tx: { ...all },
          logs: { ...all },
          receipts: { ...all },
          blocks: { ...all },
          stateproofs: { ...all },
        };
      },
    },
  };
}

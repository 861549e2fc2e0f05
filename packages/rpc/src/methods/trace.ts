// trace_transaction and trace_block: the Parity / OpenEthereum call traces that explorers read.
import type { ChainTracer } from '@basalt/execution';
import type { RpcBackend } from '../backend.ts';
import type { RpcModule } from '../types.ts';
import { type BlockId, blockNumberOrTag, hash } from '../validation.ts';
import { chainTracer, parentOf, traced } from './debugTrace.ts';

export function createTraceModule(backend: RpcBackend, tracer: ChainTracer = chainTracer(backend.chain)): RpcModule {
  const chain = backend.chain;
  return {
    namespace: 'trace',
    methods: {
      trace_transaction: {
        params: [hash],
        handler: async ([txHash]: [Uint8Array]) => {
          const loc = await chain.getTransaction(txHash);
          if (loc === undefined) return null;
          return traced(async () =>
            tracer.parityTraceTransaction(loc.block, await parentOf(chain, loc.block), loc.index),
          );
        },
      },
      trace_block: {
        params: [blockNumberOrTag],
        handler: async ([id]: [BlockId]) => {
          const block = await backend.findBlock(id);
          if (block === undefined) return null;
          if (block.header.number === 0n) return [];
          return traced(async () => tracer.parityTraceBlock(block, await parentOf(chain, block)));
        },
      },
    },
  };
}

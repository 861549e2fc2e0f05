// debug_getRawBlock, debug_getRawHeader, debug_getRawReceipts, debug_getRawTransaction: the
// consensus encodings of what the chain stores (geth's `internal/ethapi` debug API).
import type { ChainApi } from '@basalt/chain';
import { bytesToHex } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { GETH_MESSAGES, ServerError } from '../errors.ts';
import type { RpcModule } from '../types.ts';
import { type BlockId, blockId, hash } from '../validation.ts';

async function requireBlock(backend: RpcBackend, id: BlockId) {
  const block = await backend.findBlock(id);
  if (block === undefined) {
    throw new ServerError(id.kind === 'hash' ? GETH_MESSAGES.headerForHashNotFound : GETH_MESSAGES.headerNotFound);
  }
  return block;
}

export function createDebugRawModule(backend: RpcBackend): RpcModule {
  const chain: ChainApi = backend.chain;
  return {
    namespace: 'debug',
    methods: {
      debug_getRawBlock: {
        params: [blockId],
        handler: async ([id]: [BlockId]) => bytesToHex((await requireBlock(backend, id)).serialize()),
      },
      debug_getRawHeader: {
        params: [blockId],
        handler: async ([id]: [BlockId]) => bytesToHex((await requireBlock(backend, id)).header.serialize()),
      },
      debug_getRawReceipts: {
        params: [blockId],
        handler: async ([id]: [BlockId]) => {
          const block = await requireBlock(backend, id);
          const raw = await chain.getRawReceipts(block.hash());
          return (raw ?? []).map((r) => bytesToHex(r));
        },
      },
      debug_getRawTransaction: {
        params: [hash],
        handler: async ([txHash]: [Uint8Array]) => {
          const loc = await chain.getTransaction(txHash);
          if (loc !== undefined) return bytesToHex(loc.tx.serialize());
          const pooled = chain.txPool.getByHash(txHash);
          return pooled === undefined ? '0x' : bytesToHex(pooled.serialize());
        },
      },
    },
  };
}

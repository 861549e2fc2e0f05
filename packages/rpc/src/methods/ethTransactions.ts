// eth_getTransactionByHash, eth_getTransactionBy*AndIndex, eth_getTransactionReceipt, eth_getBlockReceipts.

import type { RpcBackend } from '../backend.ts';
import { formatReceipt, formatTransaction } from '../format.ts';
import type { RpcMethod } from '../types.ts';
import { type BlockId, blockHashOrNumber, blockNumberOrTag, hash, uintNumber } from '../validation.ts';

export function transactionMethods(backend: RpcBackend): Record<string, RpcMethod> {
  const chain = backend.chain;
  const byIndex = async (id: BlockId, index: number) => {
    const block = await backend.findBlock(id);
    const tx = block?.transactions[index];
    if (block === undefined || tx === undefined) return null;
    const receipt = await chain.getReceipt(tx.hash());
    return formatTransaction(tx, { block, index, sender: receipt?.from });
  };
  return {
    eth_getTransactionByHash: {
      params: [hash],
      handler: async ([h]: [Uint8Array]) => {
        const loc = await chain.getTransaction(h);
        if (loc !== undefined) {
          const receipt = await chain.getReceipt(h);
          return formatTransaction(loc.tx, { block: loc.block, index: loc.index, sender: receipt?.from });
        }
        const pooled = chain.txPool.getByHash(h);
        return pooled === undefined ? null : formatTransaction(pooled);
      },
    },
    eth_getTransactionByBlockHashAndIndex: {
      params: [hash, uintNumber],
      handler: ([h, i]: [Uint8Array, number]) => byIndex({ kind: 'hash', hash: h, requireCanonical: false }, i),
    },
    eth_getTransactionByBlockNumberAndIndex: {
      params: [blockNumberOrTag, uintNumber],
      handler: ([id, i]: [BlockId, number]) => byIndex(id, i),
    },
    eth_getTransactionReceipt: {
      params: [hash],
      handler: async ([h]: [Uint8Array]) => {
        const r = await chain.getReceipt(h);
        return r === undefined ? null : formatReceipt(r);
      },
    },
    eth_getBlockReceipts: {
      params: [blockHashOrNumber],
      handler: async ([id]: [BlockId]) => {
        const block = await backend.findBlock(id);
        if (block === undefined) return null;
        if (block.transactions.length === 0) return [];
        const receipts = await chain.getReceipts(block.hash());
        return receipts === undefined ? null : receipts.map(formatReceipt);
      },
    },
  };
}

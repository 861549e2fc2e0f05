// eth_getBlockBy*, eth_getBlockTransactionCountBy*, eth_getUncleCountBy*, eth_getUncleByBlock*AndIndex.
import type { Block } from '@ethereumjs/block';
import type { Address } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { formatBlock, quantity } from '../format.ts';
import type { RpcMethod } from '../types.ts';
import { type BlockId, blockNumberOrTag, bool, hash, uintNumber } from '../validation.ts';

const byHash = (h: Uint8Array): BlockId => ({ kind: 'hash', hash: h, requireCanonical: false });

/** Senders of a block's transactions from its receipts (saves one signature recovery per transaction). */
export async function blockSenders(backend: RpcBackend, block: Block): Promise<(Address | undefined)[] | undefined> {
  if (block.transactions.length === 0) return undefined;
  const receipts = await backend.chain.getReceipts(block.hash());
  return receipts?.map((r) => r.from);
}

export function blockMethods(backend: RpcBackend): Record<string, RpcMethod> {
  const getBlock = async (id: BlockId, full: boolean) => {
    const block = await backend.findBlock(id);
    if (block === undefined) return null;
    return formatBlock(block, full, full ? await blockSenders(backend, block) : undefined);
  };
  const txCount = async (id: BlockId) => {
    const block = await backend.findBlock(id);
    return block === undefined ? null : quantity(block.transactions.length);
  };
  const uncleCount = async (id: BlockId) => {
    const block = await backend.findBlock(id);
    return block === undefined ? null : quantity(block.uncleHeaders.length);
  };
  return {
    eth_getBlockByNumber: {
      params: [blockNumberOrTag, bool],
      handler: ([id, full]: [BlockId, boolean]) => getBlock(id, full),
    },
    eth_getBlockByHash: {
      params: [hash, bool],
      handler: ([h, full]: [Uint8Array, boolean]) => getBlock(byHash(h), full),
    },
    eth_getBlockTransactionCountByNumber: {
      params: [blockNumberOrTag],
      handler: ([id]: [BlockId]) => txCount(id),
    },
    eth_getBlockTransactionCountByHash: {
      params: [hash],
      handler: ([h]: [Uint8Array]) => txCount(byHash(h)),
    },
    eth_getUncleCountByBlockNumber: {
      params: [blockNumberOrTag],
      handler: ([id]: [BlockId]) => uncleCount(id),
    },
    eth_getUncleCountByBlockHash: {
      params: [hash],
      handler: ([h]: [Uint8Array]) => uncleCount(byHash(h)),
    },
    // Uncle bodies are not served (no proof-of-work uncles on a Basalt chain): null, as for an unknown index.
    eth_getUncleByBlockNumberAndIndex: { params: [blockNumberOrTag, uintNumber], handler: () => null },
    eth_getUncleByBlockHashAndIndex: { params: [hash, uintNumber], handler: () => null },
  };
}

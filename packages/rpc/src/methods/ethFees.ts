// eth_gasPrice, eth_maxPriorityFeePerGas, eth_baseFee, eth_blobBaseFee, eth_feeHistory.
import type { Block } from '@ethereumjs/block';
import type { RpcBackend } from '../backend.ts';
import { MAX_FEE_HISTORY_PERCENTILES } from '../constants.ts';
import { InvalidParamsError } from '../errors.ts';
import { effectiveGasPrice, quantity } from '../format.ts';
import type { RpcMethod } from '../types.ts';
import { blockNumberOrTag, type BlockId, type Decoder, decodeQuantity, optional } from '../validation.ts';

/** A block count as a hex quantity or a plain JSON number (geth accepts both). */
const blockCount: Decoder<number> = (v) => {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) throw new InvalidParamsError('block count must be a non-negative integer');
    return v;
  }
  const n = decodeQuantity(v, 64);
  return n > 1_000_000n ? 1_000_000 : Number(n);
};

const percentiles: Decoder<number[]> = (v) => {
  if (!Array.isArray(v)) throw new InvalidParamsError('reward percentiles must be an array of numbers');
  if (v.length > MAX_FEE_HISTORY_PERCENTILES) {
    throw new InvalidParamsError(`too many reward percentiles (at most ${MAX_FEE_HISTORY_PERCENTILES})`);
  }
  let prev = -1;
  for (const [i, p] of v.entries()) {
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
      throw new InvalidParamsError(`invalid reward percentile: #${i}:${String(p)}`);
    }
    if (p < prev) throw new InvalidParamsError(`invalid reward percentile: #${i - 1}:${prev} > #${i}:${p}`);
    prev = p;
  }
  return v as number[];
};

function blobGasPrice(block: Block): bigint {
  return block.header.excessBlobGas === undefined ? 0n : block.header.getBlobGasPrice();
}

function maxBlobGas(block: Block): bigint {
  try {
    const c = block.common;
    return c.param('maxBlobGasPerBlock');
  } catch {
    return 0n;
  }
}

export function feeMethods(backend: RpcBackend): Record<string, RpcMethod> {
  const chain = backend.chain;
  return {
    eth_gasPrice: {
      params: [],
      handler: () => quantity(backend.nextBaseFee() + backend.opts.priorityFee),
    },
    eth_maxPriorityFeePerGas: { params: [], handler: () => quantity(backend.opts.priorityFee) },
    eth_baseFee: { params: [], handler: () => quantity(backend.nextBaseFee()) },
    eth_blobBaseFee: {
      params: [],
      handler: () => quantity(blobGasPrice(chain.head())),
    },
    eth_feeHistory: {
      params: [blockCount, blockNumberOrTag, optional(percentiles)],
      handler: async ([count, newest, pct]: [number, BlockId, number[] | undefined]) => {
        const last = await backend.requireBlock(newest);
        const n = Math.min(count, backend.opts.maxFeeHistoryBlocks, Number(last.header.number) + 1);
        if (n === 0) {
          return {
            oldestBlock: '0x0',
            baseFeePerGas: [],
            gasUsedRatio: [],
            baseFeePerBlobGas: [],
            blobGasUsedRatio: [],
          };
        }
        const oldest = last.header.number - BigInt(n - 1);
        const blocks: Block[] = [];
        for (let i = oldest; i <= last.header.number; i++) {
          const b = i === last.header.number ? last : await chain.getBlock(i);
          if (b === undefined) break;
          blocks.push(b);
        }
        const baseFees: string[] = [];
        const ratios: number[] = [];
        const blobFees: string[] = [];
        const blobRatios: number[] = [];
        const rewards: string[][] = [];
        for (const b of blocks) {
          const h = b.header;
          baseFees.push(quantity(h.baseFeePerGas ?? 0n));
          ratios.push(h.gasLimit === 0n ? 0 : Number(h.gasUsed) / Number(h.gasLimit));
          blobFees.push(quantity(blobGasPrice(b)));
          const maxBlob = maxBlobGas(b);
          blobRatios.push(h.blobGasUsed === undefined || maxBlob === 0n ? 0 : Number(h.blobGasUsed) / Number(maxBlob));
          if (pct !== undefined) rewards.push(await blockRewards(backend, b, pct));
        }
        const lastBlock = blocks[blocks.length - 1]!;
        // The entry after the newest block: the next block's base fees.
        const isHead = lastBlock.header.number === chain.head().header.number;
        baseFees.push(
          quantity(
            lastBlock.header.baseFeePerGas === undefined
              ? 0n
              : isHead
                ? backend.nextBaseFee(lastBlock)
                : lastBlock.header.calcNextBaseFee(),
          ),
        );
        blobFees.push(
          quantity(
            lastBlock.header.excessBlobGas === undefined ? 0n : lastBlock.header.calcNextBlobGasPrice(lastBlock.common),
          ),
        );
        const out: Record<string, unknown> = { oldestBlock: quantity(oldest) };
        if (pct !== undefined) out.reward = rewards;
        out.baseFeePerGas = baseFees;
        out.gasUsedRatio = ratios;
        out.baseFeePerBlobGas = blobFees;
        out.blobGasUsedRatio = blobRatios;
        return out;
      },
    },
  };
}

/** Effective tips at the given gas-weighted percentiles of one block (geth's `processBlock`). */
async function blockRewards(backend: RpcBackend, block: Block, pct: number[]): Promise<string[]> {
  const txs = block.transactions;
  if (txs.length === 0) return pct.map(() => '0x0');
  const baseFee = block.header.baseFeePerGas ?? 0n;
  const receipts = (await backend.chain.getReceipts(block.hash())) ?? [];
  const items = txs.map((tx, i) => ({
    reward: effectiveGasPrice(tx, block.header.baseFeePerGas) - baseFee,
    gasUsed: receipts[i]?.gasUsed ?? tx.gasLimit,
  }));
  items.sort((a, b) => (a.reward < b.reward ? -1 : a.reward > b.reward ? 1 : 0));
  const out: string[] = [];
  let idx = 0;
  let sum = items[0]!.gasUsed;
  const gasUsed = block.header.gasUsed;
  for (const p of pct) {
    const threshold = (Number(gasUsed) * p) / 100;
    while (Number(sum) < threshold && idx < items.length - 1) {
      idx++;
      sum += items[idx]!.gasUsed;
    }
    out.push(quantity(items[idx]!.reward));
  }
  return out;
}

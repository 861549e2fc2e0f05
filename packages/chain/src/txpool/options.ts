import type { TxPoolOpts } from './types.ts';

/**
 * The defaults of {@link TxPoolOpts}. The limits let 10 senders keep 1 000 transactions each in
 * flight (the bench's burst) with room to spare, while bounding memory: a pooled transfer costs
 * about 2 KB, so a full pool is some 40 MB.
 */
export const defaultTxPoolOpts: Required<TxPoolOpts> = {
  maxPerSender: 4_096,
  maxTxs: 16_384,
  maxQueued: 4_096,
  minTip: 0n,
  priceBump: 10,
  maxTxSize: 128 * 1024,
};

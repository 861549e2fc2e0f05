import type { ChainOpts } from './types.ts';

/** The settings of {@link ChainOpts} that have defaults. */
export type ChainDefaults = Required<Omit<ChainOpts, 'genesis' | 'txPool'>>;

/**
 * Defaults of {@link ChainOpts}.
 * - `maxLogsRange` 10 000 blocks: with bloom sections a range costs about one read per 2 048
 *   blocks when nothing matches, but a broad filter decodes every block's receipts, so the range
 *   is bounded as public RPC providers bound it (many use 10 000).
 * - `maxLogsResults` 10 000 logs: bounds the memory and the response of one query.
 * - `blockCacheTxs` / `receiptsCacheTxs` 16 384: the block and receipt caches count blocks, but a
 *   full block holds thousands of transactions (about 3 KB each decoded); 512 such blocks held
 *   1.4 GB in a 100,000-transfer run.
 */
export const defaultChainOpts: Readonly<ChainDefaults> = {
  maxLogsRange: 10_000,
  maxLogsResults: 10_000,
  blockCacheSize: 512,
  receiptsCacheSize: 256,
  blockCacheTxs: 16_384,
  receiptsCacheTxs: 16_384,
  bloomSectionSize: 2048,
};

import { bytesToHex, equalsBytes } from '@ethereumjs/util';
import { ChainError, ChainErrorCode } from '../errors.ts';
import type { LogFilter, StoredLog } from '../types.ts';
import type { BlockStore } from './blockStore.ts';
import { BloomFilter } from './bloom.ts';

/** Limits of {@link queryLogs}. */
export interface LogQueryLimits {
  /** Most blocks one range query may span. */
  maxRange: number;
  /** Most logs one query may return. */
  maxResults: number;
}

/** True when `log` matches the filter's addresses and topics exactly (geth's rules). */
export function logMatches(
  log: Pick<StoredLog, 'address' | 'topics'>,
  filter: Pick<LogFilter, 'addresses' | 'topics'>,
): boolean {
  if (filter.addresses.length > 0 && !filter.addresses.some((a) => equalsBytes(a, log.address))) return false;
  // geth: a log with fewer topics than the filter has positions never matches, even on wildcards.
  if (filter.topics.length > log.topics.length) return false;
  for (const [i, wanted] of filter.topics.entries()) {
    if (wanted === null || wanted.length === 0) continue;
    const topic = log.topics[i]!;
    if (!wanted.some((t) => equalsBytes(t, topic))) return false;
  }
  return true;
}

/**
 * Logs of the canonical chain matching `filter`, in block and log order.
 *
 * A range query first checks each bloom section (the OR of the logs blooms of
 * `store.bloomSectionSize` blocks) and skips the whole section when the filter cannot match it;
 * inside a section it walks the canonical index with one range scan, checks each header's logs
 * bloom, and decodes receipts only of blocks that may match. So a query over 100 000 blocks with
 * no match reads about 50 section blooms, not 100 000 headers.
 */
export async function queryLogs(
  store: BlockStore,
  filter: LogFilter,
  headNumber: bigint,
  limits: LogQueryLimits,
): Promise<StoredLog[]> {
  const bloom = new BloomFilter(filter.addresses, filter.topics);
  const out: StoredLog[] = [];
  const collect = async (hash: Uint8Array): Promise<void> => {
    const receipts = await store.getReceipts(hash);
    if (receipts === undefined) return;
    for (const receipt of receipts) {
      for (const log of receipt.logs) {
        if (!logMatches(log, filter)) continue;
        if (out.length >= limits.maxResults) {
          throw new ChainError(
            { code: ChainErrorCode.LOGS_TOO_MANY_RESULTS, limit: limits.maxResults },
            `query returned more than ${limits.maxResults} results`,
          );
        }
        out.push(log);
      }
    }
  };

  if (filter.blockHash !== undefined) {
    const header = await store.getHeader(filter.blockHash);
    if (header === undefined) {
      throw new ChainError({ code: ChainErrorCode.UNKNOWN_BLOCK, hash: bytesToHex(filter.blockHash) }, 'unknown block');
    }
    if (bloom.mayMatch(header.logsBloom)) await collect(filter.blockHash);
    return out;
  }

  const { fromBlock, toBlock } = filter;
  if (fromBlock > toBlock) {
    throw new ChainError({ code: ChainErrorCode.INVALID_LOGS_RANGE, fromBlock, toBlock }, 'invalid block range params');
  }
  if (toBlock > headNumber) {
    throw new ChainError(
      { code: ChainErrorCode.LOGS_RANGE_BEYOND_HEAD, toBlock, head: headNumber },
      'block range extends beyond current head block',
    );
  }
  if (toBlock - fromBlock + 1n > BigInt(limits.maxRange)) {
    throw new ChainError(
      { code: ChainErrorCode.LOGS_RANGE_TOO_LARGE, fromBlock, toBlock, maxRange: limits.maxRange },
      `block range greater than ${limits.maxRange} max`,
    );
  }
  const size = store.bloomSectionSize;
  for (let section = fromBlock / size; section <= toBlock / size; section++) {
    const sectionBloom = await store.getSectionBloom(section);
    if (sectionBloom === undefined || !bloom.mayMatch(sectionBloom)) continue;
    const lo = bigMax(fromBlock, section * size);
    const hi = bigMin(toBlock, (section + 1n) * size - 1n);
    for await (const [, hash] of store.canonicalRange(lo, hi)) {
      const header = await store.getHeader(hash);
      if (header === undefined || !bloom.mayMatch(header.logsBloom)) continue;
      await collect(hash);
    }
  }
  return out;
}

const bigMax = (a: bigint, b: bigint): bigint => (a < b ? b : a);
const bigMin = (a: bigint, b: bigint): bigint => (a < b ? a : b);

// Log filter criteria (eth_getLogs, eth_newFilter, eth_subscribe logs): decoding, range resolution and matching.
import type { LogFilter, StoredLog } from '@basalt/chain';
import { equalsBytes } from '@ethereumjs/util';
import type { RpcBackend } from './backend.ts';
import { MAX_FILTER_CRITERIA, MAX_TOPICS } from './constants.ts';
import { GETH_MESSAGES, InvalidParamsError, LimitExceededError, ServerError } from './errors.ts';
import { address, type BlockId, blockNumberOrTag, type Decoder, field, hash, object } from './validation.ts';

export interface LogCriteria {
  fromBlock?: BlockId;
  toBlock?: BlockId;
  blockHash?: Uint8Array;
  addresses: Uint8Array[];
  /** Per position: null = any, else any of these. */
  topics: (Uint8Array[] | null)[];
}

const addresses: Decoder<Uint8Array[]> = (v) => {
  if (Array.isArray(v)) {
    if (v.length > MAX_FILTER_CRITERIA)
      throw new InvalidParamsError(`too many addresses (at most ${MAX_FILTER_CRITERIA})`);
    return v.map((a) => address(a).bytes);
  }
  return [address(v).bytes];
};

const topics: Decoder<(Uint8Array[] | null)[]> = (v) => {
  if (!Array.isArray(v)) throw new InvalidParamsError('topics must be an array');
  if (v.length > MAX_TOPICS) throw new InvalidParamsError('exceed max topics');
  return v.map((t) => {
    if (t === null) return null;
    if (Array.isArray(t)) {
      if (t.length > MAX_FILTER_CRITERIA)
        throw new InvalidParamsError(`too many topic alternatives (at most ${MAX_FILTER_CRITERIA})`);
      if (t.length === 0) return null;
      const alts: Uint8Array[] = [];
      for (const x of t) {
        if (x === null) return null; // a null alternative matches anything
        alts.push(hash(x));
      }
      return alts;
    }
    return [hash(t)];
  });
};

/** A filter object: {fromBlock, toBlock, address, topics} or {blockHash, address, topics}. */
export const logCriteria: Decoder<LogCriteria> = (v) => {
  const o = object(v);
  const out: LogCriteria = {
    addresses: field(o, 'address', addresses) ?? [],
    topics: field(o, 'topics', topics) ?? [],
  };
  const blockHash = field(o, 'blockHash', hash);
  const from = field(o, 'fromBlock', blockNumberOrTag);
  const to = field(o, 'toBlock', blockNumberOrTag);
  if (blockHash !== undefined) {
    if (from !== undefined || to !== undefined) throw new InvalidParamsError(GETH_MESSAGES.blockHashWithRange);
    out.blockHash = blockHash;
  }
  if (from !== undefined) out.fromBlock = from;
  if (to !== undefined) out.toBlock = to;
  return out;
};

/** The number a range end names (tags resolved at the current head). */
export async function resolveRangeEnd(backend: RpcBackend, id: BlockId | undefined): Promise<bigint> {
  const head = backend.chain.head().header.number;
  if (id === undefined) return head;
  if (id.kind === 'number') return id.number;
  if (id.kind === 'tag') {
    if (id.tag === 'latest' || id.tag === 'pending') return head;
    if (id.tag === 'earliest') return 0n;
    const b = await backend.chain.getBlock(id.tag);
    if (b === undefined) throw new ServerError(`${id.tag} block not found`);
    return b.header.number;
  }
  const b = await backend.chain.getBlock(id.hash);
  if (b === undefined) throw new ServerError(GETH_MESSAGES.headerForHashNotFound);
  return b.header.number;
}

/** Turns criteria into the chain's LogFilter, with geth's range checks and the configured bound. */
export async function toChainFilter(backend: RpcBackend, c: LogCriteria): Promise<LogFilter> {
  if (c.blockHash !== undefined) {
    const block = await backend.chain.getBlock(c.blockHash);
    if (block === undefined) throw new ServerError('unknown block');
    const n = block.header.number;
    return { fromBlock: n, toBlock: n, blockHash: c.blockHash, addresses: c.addresses, topics: c.topics };
  }
  const head = backend.chain.head().header.number;
  const from = await resolveRangeEnd(backend, c.fromBlock);
  const to = await resolveRangeEnd(backend, c.toBlock);
  if (from > to) throw new InvalidParamsError(GETH_MESSAGES.invalidBlockRange);
  if (to > head) throw new InvalidParamsError(GETH_MESSAGES.blockRangeBeyondHead);
  const max = BigInt(backend.opts.maxLogsBlockRange);
  if (to - from + 1n > max) throw new LimitExceededError(`exceed maximum block range: ${max}`);
  return { fromBlock: from, toBlock: to, addresses: c.addresses, topics: c.topics };
}

/** Whether a log matches the address and topic criteria (ranges are checked by the caller). */
export function matchesLog(c: LogCriteria, log: StoredLog): boolean {
  if (c.addresses.length > 0 && !c.addresses.some((a) => equalsBytes(a, log.address))) return false;
  const ts = c.topics;
  // geth: more criteria positions than the log has topics never matches, even with wildcards.
  if (ts.length > log.topics.length) return false;
  for (let i = 0; i < ts.length; i++) {
    const alts = ts[i];
    if (alts === null || alts === undefined) continue;
    const t = log.topics[i]!;
    if (!alts.some((a) => equalsBytes(a, t))) return false;
  }
  return true;
}

/** Whether a log's block is inside the criteria's fixed numeric range (tags are open-ended for live logs). */
export function inLiveRange(c: LogCriteria, log: StoredLog): boolean {
  if (c.blockHash !== undefined) return equalsBytes(c.blockHash, log.blockHash);
  if (c.fromBlock?.kind === 'number' && log.blockNumber < c.fromBlock.number) return false;
  if (c.toBlock?.kind === 'number' && log.blockNumber > c.toBlock.number) return false;
  return true;
}

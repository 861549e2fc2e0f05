import type { BatchDBOp, DB, EncodingOpts } from '@ethereumjs/util';
import { bytesToUnprefixedHex, unprefixedHexToBytes, ValueEncoding } from '@ethereumjs/util';
import type { Sublevel, WriteBatch } from './database.ts';
import { StateError, StateErrorCode } from './errors.ts';

/** A pending value: bytes to put, or `null` for a delete. */
export type Pending = Uint8Array | null;

type Key = string | Uint8Array;
type Value = string | Uint8Array;

/**
 * The trie-node store shared by every state manager of one {@link StateStore}:
 * it implements `@ethereumjs/util`'s `DB` over one sublevel.
 *
 * The MPT's `CheckpointDB` calls it with unprefixed-hex string keys; nodes are
 * stored on disk with the raw bytes as key. Writes never touch the disk here:
 * they land in `pending` and move to a {@link WriteBatch} on `flushInto`;
 * until that batch is committed they stay readable from `inFlight`.
 * Reads go pending → in flight (newest first) → LRU cache → disk.
 */
export class TrieNodeDB implements DB<string, string | Uint8Array> {
  private pending = new Map<string, Pending>();
  private readonly inFlight: Array<Map<string, Pending>> = [];
  private readonly cache = new Map<string, Uint8Array>();
  private readonly where: Sublevel;
  private readonly cacheSize: number;
  /**
   * With `nodesInMemory`: every committed write, kept here instead of in the database (whose
   * sublevel is then only read, for what was there before or what a fork fetcher puts there).
   */
  private readonly stored: Map<string, Uint8Array> | undefined;

  constructor(where: Sublevel, cacheSize: number, nodesInMemory = false) {
    this.where = where;
    this.cacheSize = cacheSize;
    this.stored = nodesInMemory ? new Map() : undefined;
  }

  /** Number of writes not yet moved into a batch. */
  get pendingSize(): number {
    return this.pending.size;
  }

  /** Number of writes handed to batches that have not committed yet. */
  get inFlightSize(): number {
    let n = 0;
    for (const map of this.inFlight) n += map.size;
    return n;
  }

  async get(key: Key, opts?: EncodingOpts): Promise<Value | undefined> {
    const bytes = await this.getBytes(toHexKey(key));
    if (bytes === undefined) return undefined;
    return opts?.valueEncoding === ValueEncoding.String ? bytesToUnprefixedHex(bytes) : bytes;
  }

  /** The stored bytes for an unprefixed-hex key, or `undefined`. */
  async getBytes(hexKey: string): Promise<Uint8Array | undefined> {
    const local = this.lookupLocal(hexKey);
    if (local !== undefined) return local ?? undefined;
    const stored = this.stored?.get(hexKey);
    if (stored !== undefined) return stored;
    const cached = this.cache.get(hexKey);
    if (cached !== undefined) {
      // Refresh its place in the LRU order.
      this.cache.delete(hexKey);
      this.cache.set(hexKey, cached);
      return cached;
    }
    const value = await this.where.get(unprefixedHexToBytes(hexKey));
    if (value === undefined) return undefined;
    // A write may have landed while we read the disk; it wins.
    const raced = this.lookupLocal(hexKey);
    if (raced !== undefined) return raced ?? undefined;
    this.remember(hexKey, value);
    return value;
  }

  async put(key: Key, value: Value, _opts?: EncodingOpts): Promise<void> {
    this.pending.set(toHexKey(key), toBytes(value));
  }

  async del(key: Key, _opts?: EncodingOpts): Promise<void> {
    this.pending.set(toHexKey(key), null);
  }

  async batch(opStack: BatchDBOp<string, string | Uint8Array>[]): Promise<void> {
    for (const op of opStack) {
      if (op.type === 'put') this.pending.set(toHexKey(op.key), toBytes(op.value));
      else this.pending.set(toHexKey(op.key), null);
    }
  }

  /** The same store: all tries opened from one StateStore share pending writes. */
  shallowCopy(): TrieNodeDB {
    return this;
  }

  async open(): Promise<void> {}

  /**
   * Moves every pending write into `batch`. They stay readable until the
   * batch commits; if the commit fails they become pending again, so the
   * next flush retries them. With `nodesInMemory` they go into the in-memory
   * store when the batch commits instead of into the batch.
   */
  flushInto(batch: WriteBatch): number {
    if (batch.isCommitted) {
      throw new StateError({ code: StateErrorCode.BATCH_ALREADY_COMMITTED, ops: batch.length });
    }
    if (this.pending.size === 0) return 0;
    const moved = this.pending;
    this.pending = new Map();
    this.inFlight.push(moved);
    const stored = this.stored;
    if (stored === undefined) {
      for (const [hexKey, value] of moved) {
        const key = unprefixedHexToBytes(hexKey);
        if (value === null) batch.del(this.where, key);
        else batch.put(this.where, key, value);
      }
    }
    batch.onSettled((err) => {
      const i = this.inFlight.indexOf(moved);
      if (i >= 0) this.inFlight.splice(i, 1);
      if (err !== undefined) {
        for (const [hexKey, value] of moved) {
          if (!this.pending.has(hexKey)) this.pending.set(hexKey, value);
        }
        return;
      }
      if (stored !== undefined) {
        for (const [hexKey, value] of moved) {
          if (value === null) {
            stored.delete(hexKey);
            this.cache.delete(hexKey);
          } else stored.set(hexKey, value);
        }
        return;
      }
      for (const [hexKey, value] of moved) {
        if (value === null) this.cache.delete(hexKey);
        else this.remember(hexKey, value);
      }
    });
    return moved.size;
  }

  /** Makes `writes` pending, as if they had been `put`/`del` here. */
  adopt(writes: ReadonlyMap<string, Pending>): void {
    for (const [hexKey, value] of writes) this.pending.set(hexKey, value);
  }

  /** Drops every pending (not yet flushed) write. */
  discardPending(): number {
    const n = this.pending.size;
    this.pending = new Map();
    return n;
  }

  /** `undefined`: not held in memory; `null`: deleted in memory; bytes: the value. */
  private lookupLocal(hexKey: string): Pending | undefined {
    const pending = this.pending.get(hexKey);
    if (pending !== undefined) return pending;
    for (let i = this.inFlight.length - 1; i >= 0; i--) {
      const value = this.inFlight[i]?.get(hexKey);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  private remember(hexKey: string, value: Uint8Array): void {
    if (this.cacheSize <= 0) return;
    this.cache.delete(hexKey);
    this.cache.set(hexKey, value);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
  }
}

function toHexKey(key: Key): string {
  return typeof key === 'string' ? key : bytesToUnprefixedHex(key);
}

function toBytes(value: Value): Uint8Array {
  return typeof value === 'string' ? unprefixedHexToBytes(value) : value;
}

/**
 * A private write layer over a {@link TrieNodeDB}: reads fall through to the
 * shared store, writes stay here and vanish with it. For state managers whose
 * changes must never be persisted (eth_call, gas estimation, tx checks).
 */
export class ScratchTrieDB implements DB<string, string | Uint8Array> {
  private readonly writes = new Map<string, Pending>();
  private readonly base: TrieNodeDB;

  constructor(base: TrieNodeDB) {
    this.base = base;
  }

  async get(key: Key, opts?: EncodingOpts): Promise<Value | undefined> {
    const hexKey = toHexKey(key);
    const local = this.writes.get(hexKey);
    if (local === null) return undefined;
    const bytes = local ?? (await this.base.getBytes(hexKey));
    if (bytes === undefined) return undefined;
    return opts?.valueEncoding === ValueEncoding.String ? bytesToUnprefixedHex(bytes) : bytes;
  }

  async put(key: Key, value: Value, _opts?: EncodingOpts): Promise<void> {
    this.writes.set(toHexKey(key), toBytes(value));
  }

  async del(key: Key, _opts?: EncodingOpts): Promise<void> {
    this.writes.set(toHexKey(key), null);
  }

  async batch(opStack: BatchDBOp<string, string | Uint8Array>[]): Promise<void> {
    for (const op of opStack) {
      if (op.type === 'put') this.writes.set(toHexKey(op.key), toBytes(op.value));
      else this.writes.set(toHexKey(op.key), null);
    }
  }

  shallowCopy(): ScratchTrieDB {
    return this;
  }

  /** Moves every private write into the shared store's pending writes; returns how many. */
  promote(): number {
    const n = this.writes.size;
    this.base.adopt(this.writes);
    this.writes.clear();
    return n;
  }

  /**
   * As {@link promote}, but trie nodes only when they are reachable from the state root `root`
   * (through the state trie and the storage tries its accounts point to): the trie rewrites the
   * path to the root on every put, so a block's updates leave about as many superseded
   * intermediate nodes as live ones, which no stored root reaches. Those are dropped here instead
   * of being written. Writes that are not 32-byte node keys (code, prefixed keys) and deletes
   * are always kept. Anything it cannot decode makes it keep everything. Returns how many moved.
   */
  promoteReachable(root: Uint8Array): number {
    const keep = reachableWrites(this.writes, bytesToUnprefixedHex(root));
    if (keep === undefined) return this.promote();
    this.base.adopt(keep);
    this.writes.clear();
    return keep.size;
  }

  async open(): Promise<void> {}
}

/**
 * The subset of `writes` to keep when `rootHex` is the only root that matters: every node
 * reachable from it that is in `writes` (following storage roots out of account leaves), every
 * key that is not a 32-byte node hash, every delete. `undefined` when a node cannot be decoded.
 *
 * It reads the nodes' RLP in place (no decoded copies: `RLP.decode` copied every item and cost ~3 µs
 * a node, 0.1-0.2 ms for a one-transaction block), and makes a hex key only for a reference whose
 * first 4 bytes are those of a written node.
 */
export function reachableWrites(
  writes: ReadonlyMap<string, Pending>,
  rootHex: string,
): Map<string, Pending> | undefined {
  const keep = new Map<string, Pending>();
  const prefixes = new Set<number>();
  for (const [key, value] of writes) {
    if (key.length !== 64 || value === null) keep.set(key, value);
    else prefixes.add(Number.parseInt(key.slice(0, 8), 16));
  }
  // Nodes left to visit: [hex key, true for the state trie (its leaves are accounts)]
  const stack: Array<[string, boolean]> = [[rootHex, true]];
  /** Queues the 32-byte reference at b[at..at+32] when it may be a written node. */
  const visitRef = (b: Uint8Array, at: number, accounts: boolean): void => {
    const prefix = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
    if (prefixes.has(prefix)) stack.push([bytesToUnprefixedHex(b.subarray(at, at + 32)), accounts]);
  };
  /** Visits the trie node whose list payload is b[start..end); false when it is not a trie node. */
  const visitNode = (b: Uint8Array, start: number, end: number, accounts: boolean): boolean => {
    const items = listItems(b, start, end, 17);
    if (items === undefined) return false;
    if (items.length === 17 * 3) {
      for (let i = 0; i < 16; i++) {
        const [at, len, list] = [items[i * 3]!, items[i * 3 + 1]!, items[i * 3 + 2]! === 1];
        if (list) {
          if (len > 0 && !visitNode(b, at, at + len, accounts)) return false;
        } else if (len === 32) visitRef(b, at, accounts);
      }
      return true;
    }
    if (items.length !== 2 * 3 || items[2] === 1) return false;
    const pathAt = items[0]!;
    const pathLen = items[1]!;
    const [at, len, list] = [items[3]!, items[4]!, items[5]! === 1];
    const isLeaf = pathLen > 0 && b[pathAt]! >> 4 >= 2;
    if (!isLeaf) {
      if (list) return len === 0 || visitNode(b, at, at + len, accounts);
      if (len === 32) visitRef(b, at, accounts);
      return true;
    }
    if (accounts && !list) {
      // The value is an account, itself RLP: [nonce, balance, storageRoot, codeHash]
      const outer = readItem(b, at, at + len);
      if (outer === undefined || outer.next !== at + len) return false;
      if (outer.list) {
        const fields = listItems(b, outer.at, outer.at + outer.len, Number.POSITIVE_INFINITY);
        if (fields === undefined) return false;
        if (fields.length >= 9 && fields[8] === 0 && fields[7] === 32) visitRef(b, fields[6]!, false);
      }
    }
    return true;
  };
  try {
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const [key, accounts] = next;
      if (keep.has(key)) continue;
      const bytes = writes.get(key);
      if (bytes === undefined || bytes === null) continue; // stored before this block
      keep.set(key, bytes);
      const top = readItem(bytes, 0, bytes.length);
      if (top === undefined || top.next !== bytes.length) return undefined;
      if (!top.list || !visitNode(bytes, top.at, top.at + top.len, accounts)) return undefined;
    }
  } catch {
    return undefined; // not RLP
  }
  return keep;
}

interface RlpItem {
  at: number;
  len: number;
  list: boolean;
  next: number;
}

/**
 * The RLP item at b[pos] (before `end`): its payload's offset and length, whether it is a list,
 * where the next item starts; undefined when it is not RLP.
 */
function readItem(b: Uint8Array, pos: number, end: number): RlpItem | undefined {
  if (pos >= end) return undefined;
  const p = b[pos]!;
  let at: number;
  let len: number;
  let list = false;
  if (p < 0x80) {
    at = pos;
    len = 1;
  } else if (p <= 0xb7) {
    at = pos + 1;
    len = p - 0x80;
  } else if (p <= 0xbf) {
    at = pos + 1 + (p - 0xb7);
    len = readLength(b, pos + 1, at, end);
    if (len < 0) return undefined;
  } else if (p <= 0xf7) {
    at = pos + 1;
    len = p - 0xc0;
    list = true;
  } else {
    at = pos + 1 + (p - 0xf7);
    len = readLength(b, pos + 1, at, end);
    if (len < 0) return undefined;
    list = true;
  }
  const next = at + len;
  if (next > end) return undefined;
  return { at, len, list, next };
}

/** The big-endian length in b[from..to), or -1 past `end` or over 4 bytes. */
function readLength(b: Uint8Array, from: number, to: number, end: number): number {
  if (to > end || to - from > 4) return -1;
  let len = 0;
  for (let i = from; i < to; i++) len = len * 256 + b[i]!;
  return len;
}

/**
 * The items of the list payload b[start..end), as [offset, length, 1 if a list] triples; at most
 * `max` items are read (more gives max + 1); undefined when it is not RLP.
 */
function listItems(b: Uint8Array, start: number, end: number, max: number): number[] | undefined {
  const out: number[] = [];
  let pos = start;
  while (pos < end) {
    if (out.length / 3 >= max) {
      out.push(0, 0, 0);
      return out;
    }
    const item = readItem(b, pos, end);
    if (item === undefined) return undefined;
    out.push(item.at, item.len, item.list ? 1 : 0);
    pos = item.next;
  }
  return out;
}

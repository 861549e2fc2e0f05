import { RLP } from '@ethereumjs/rlp';
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
 * Nodes are decoded with @ethereumjs/rlp; a hex key is made only for a reference whose first 4
 * bytes are those of a written node (most references point at nodes stored before this block).
 */
/** A decoded RLP item. */
type RawNode = Uint8Array | RawNode[];

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
  /** Queues a 32-byte reference when it may be a written node. */
  const visitRef = (ref: Uint8Array, accounts: boolean): void => {
    const prefix = ((ref[0]! << 24) | (ref[1]! << 16) | (ref[2]! << 8) | ref[3]!) >>> 0;
    if (prefixes.has(prefix)) stack.push([bytesToUnprefixedHex(ref), accounts]);
  };
  /** Visits a child: a hash, an embedded node or nothing; false when it is not a trie node. */
  const visitChild = (child: RawNode, accounts: boolean): boolean => {
    if (child instanceof Uint8Array) {
      if (child.length === 32) visitRef(child, accounts);
      return true;
    }
    return child.length === 0 || visitNode(child, accounts);
  };
  /** False when `node` is not a trie node. */
  const visitNode = (node: RawNode[], accounts: boolean): boolean => {
    if (node.length === 17) {
      for (let i = 0; i < 16; i++) if (!visitChild(node[i]!, accounts)) return false;
      return true;
    }
    const path = node[0];
    if (node.length !== 2 || !(path instanceof Uint8Array)) return false;
    const isLeaf = path.length > 0 && path[0]! >> 4 >= 2;
    if (!isLeaf) return visitChild(node[1]!, accounts);
    const value = node[1];
    if (accounts && value instanceof Uint8Array) {
      // The value is an account, itself RLP: [nonce, balance, storageRoot, codeHash]
      const account = RLP.decode(value) as unknown as RawNode;
      const storageRoot = account instanceof Uint8Array ? undefined : account[2];
      if (storageRoot instanceof Uint8Array && storageRoot.length === 32) visitRef(storageRoot, false);
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
      const node = RLP.decode(bytes) as unknown as RawNode;
      if (node instanceof Uint8Array || !visitNode(node, accounts)) return undefined;
    }
  } catch {
    return undefined; // not RLP
  }
  return keep;
}

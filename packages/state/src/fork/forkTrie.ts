import { isBasaltError } from '@basalt/common';
import { type MPTNode, MerklePatriciaTrie, type MPTOpts, type Path, type TrieShallowCopyOpts } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import {
  Account,
  type BatchDBOp,
  bytesToUnprefixedHex,
  type DB,
  type EncodingOpts,
  KECCAK256_RLP,
} from '@ethereumjs/util';
import { StateError, StateErrorCode } from '../errors.ts';
import type { ForkFetcher } from './fetcher.ts';

type Key = string | Uint8Array;
type Value = string | Uint8Array;

const EMPTY_ROOT = bytesToUnprefixedHex(KECCAK256_RLP);

/** Trie-key preimages a forked trie remembers (the key a walk is for, to know what to fetch). */
const PREIMAGES = 4096;

/** True for the error {@link ForkNodeDB} throws on a miss. */
export function isForkNodeMissing(err: unknown): err is StateError {
  return isBasaltError(err) && err.code === StateErrorCode.FORK_NODE_MISSING;
}

/**
 * The trie-node DB of a forked trie: reads that miss throw {@link StateErrorCode.FORK_NODE_MISSING}
 * instead of answering `undefined`. The MPT would read `undefined` as "no such key" (a silent zero
 * balance) and its checkpoint layer would even remember the miss; a throw passes through both, to
 * {@link ForkTrie}, which fetches the node's path from the source and walks again.
 */
export class ForkNodeDB implements DB<string, string | Uint8Array> {
  private readonly inner: DB<string, string | Uint8Array>;

  constructor(inner: DB<string, string | Uint8Array>) {
    this.inner = inner;
  }

  async get(key: Key, opts?: EncodingOpts): Promise<Value | undefined> {
    const value = await this.inner.get(key as string, opts);
    if (value === undefined) {
      const hex = typeof key === 'string' ? key : bytesToUnprefixedHex(key);
      // The empty trie has no root node: the library walks it and reads the miss as "no keys".
      if (hex === EMPTY_ROOT) return undefined;
      throw new StateError(
        { code: StateErrorCode.FORK_NODE_MISSING, key: `0x${hex}` },
        `fork: the trie node 0x${hex} is not stored locally and no key names it, so it cannot be fetched from the source`,
      );
    }
    return value;
  }

  put(key: Key, value: Value, opts?: EncodingOpts): Promise<void> {
    return this.inner.put(key as string, value, opts);
  }

  del(key: Key, opts?: EncodingOpts): Promise<void> {
    return this.inner.del(key as string, opts);
  }

  batch(opStack: BatchDBOp<string, string | Uint8Array>[]): Promise<void> {
    return this.inner.batch(opStack);
  }

  shallowCopy(): ForkNodeDB {
    return this;
  }

  open(): Promise<void> {
    return this.inner.open();
  }
}

/**
 * A Merkle-Patricia trie whose nodes are those of the source chain's trie at the fork block,
 * fetched on first use: when a walk for a key meets a node that is not stored, it fetches the key's
 * `eth_getProof` path (all nodes from the root to the key, content-addressed) and walks again. Reads,
 * writes and proofs of any key, at any root descending from the fork root, see exactly the source's
 * state plus the local changes, with no separate cache to keep coherent.
 *
 * The one thing a proof cannot supply is a sibling node that a deletion must merge with (when a
 * branch is left with one child). Then the key is not deleted but overwritten with a tombstone
 * that reads as absent: an empty account, or a zero storage value. The state stays right; only the
 * state root differs from the one the source would compute (fork roots are local anyway).
 */
export class ForkTrie extends MerklePatriciaTrie {
  /** The account whose storage trie this is; undefined for the account trie. Set by the state manager. */
  owner: Uint8Array | undefined;
  private readonly fetcher: ForkFetcher;
  private readonly preimages = new Map<string, Uint8Array>();

  constructor(opts: MPTOpts, fetcher: ForkFetcher, owner?: Uint8Array) {
    super(opts);
    this.fetcher = fetcher;
    this.owner = owner;
  }

  protected override appliedKey(key: Uint8Array): Uint8Array {
    const applied = super.appliedKey(key);
    const hex = bytesToUnprefixedHex(applied);
    if (!this.preimages.has(hex)) {
      this.preimages.set(hex, key);
      if (this.preimages.size > PREIMAGES) this.preimages.delete(this.preimages.keys().next().value as string);
    }
    return applied;
  }

  override async findPath(
    key: Uint8Array,
    throwIfMissing = false,
    partialPath: { stack: MPTNode[] } = { stack: [] },
  ): Promise<Path> {
    let fetched = false;
    for (;;) {
      try {
        return await super.findPath(key, throwIfMissing, partialPath);
      } catch (err) {
        if (!isForkNodeMissing(err)) throw err;
        const preimage = this.preimages.get(bytesToUnprefixedHex(key));
        if (preimage === undefined) throw err;
        const node = (err.type as { key: string }).key;
        if (fetched) {
          throw this.owner === undefined
            ? this.fetcher.incomplete('account', preimage, undefined, node)
            : this.fetcher.incomplete('storage', this.owner, preimage, node);
        }
        if (this.owner === undefined) await this.fetcher.fetchAccount(preimage);
        else await this.fetcher.fetchStorage(this.owner, preimage);
        fetched = true;
      }
    }
  }

  override async put(key: Uint8Array, value: Uint8Array | null, skipKeyTransform = false): Promise<void> {
    if (value === null || value.length === 0) return this.del(key, skipKeyTransform);
    try {
      await super.put(key, value, skipKeyTransform);
    } catch (err) {
      // The library's put holds its lock when it throws.
      this._lock.release();
      throw err;
    }
  }

  override async del(key: Uint8Array, skipKeyTransform = false): Promise<void> {
    try {
      await super.del(key, skipKeyTransform);
    } catch (err) {
      // The library's del holds its lock when it throws.
      this._lock.release();
      // Path misses are fetched inside findPath; what is left is the sibling a collapse needs.
      if (!isForkNodeMissing(err)) throw err;
      await super.put(key, this.tombstone(), skipKeyTransform);
    }
  }

  /** A copy over the same DB, as the library's, that stays a fork trie (storage tries are made this way). */
  override shallowCopy(includeCheckpoints = true, opts?: TrieShallowCopyOpts): ForkTrie {
    const trie = new ForkTrie(
      { ...this._opts, db: this._db.db.shallowCopy(), root: this.root(), cacheSize: 0, ...(opts ?? {}) },
      this.fetcher,
      this.owner,
    );
    if (includeCheckpoints && this.hasCheckpoints()) trie._db.setCheckpoints(this._db.checkpoints);
    return trie;
  }

  /** The value that reads as "absent" here: an empty account, or RLP of an empty (zero) storage value. */
  private tombstone(): Uint8Array {
    return this.owner === undefined ? new Account().serialize() : RLP.encode(new Uint8Array(0));
  }
}

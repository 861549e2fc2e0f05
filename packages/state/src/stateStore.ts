import { silentLogger, type Logger } from '@basalt/common';
import type { Common } from '@ethereumjs/common';
import { createMPT } from '@ethereumjs/mpt';
import { MerkleStateManager } from '@ethereumjs/statemanager';
import { bytesToHex, bytesToUnprefixedHex, equalsBytes, KECCAK256_RLP, ValueEncoding } from '@ethereumjs/util';
import { sublevel, type WriteBatch } from './database.ts';
import { StateError, StateErrorCode } from './errors.ts';
import { ForkFetcher, type ForkFetchStats } from './fork/fetcher.ts';
import { openForkStateManager } from './fork/forkStateManager.ts';
import { defaultStateStoreOpts } from './options.ts';
import { ScratchTrieDB, TrieNodeDB } from './trieNodeDB.ts';
import type { OpenAtOpts, StateStoreDeps, StateStoreOpts } from './types.ts';

/**
 * The world state of every block: one content-addressed trie-node store
 * (sublevel `'trie'`) that many `MerkleStateManager`s read and write.
 * Build it with {@link createStateStore}.
 *
 * Writes made by any state manager opened here stay in memory (readable by
 * all of them) until {@link StateStore.flushInto} moves them into a
 * {@link WriteBatch}, which the caller commits together with its own writes.
 * Nodes are never pruned, so every stored root stays readable.
 */
export class StateStore {
  /** Root of the empty trie, `KECCAK256_RLP` (0x56e8…b421). */
  readonly emptyRoot: Uint8Array = Uint8Array.from(KECCAK256_RLP);
  private readonly nodes: TrieNodeDB;
  private readonly common: Common | undefined;
  private readonly logger: Logger;
  private readonly scratchDBs = new WeakMap<MerkleStateManager, ScratchTrieDB>();
  private readonly fork: ForkFetcher | undefined;

  constructor(deps: StateStoreDeps, opts: StateStoreOpts = {}) {
    const name = opts.sublevelName ?? defaultStateStoreOpts.sublevelName;
    const cacheSize = opts.cacheSize ?? defaultStateStoreOpts.cacheSize;
    this.nodes = new TrieNodeDB(sublevel(deps.db, name), cacheSize, opts.nodesInMemory === true);
    this.common = opts.common;
    this.logger = (deps.logger ?? silentLogger).child({ module: 'state' });
    this.fork =
      deps.remote === undefined
        ? undefined
        : new ForkFetcher(deps.remote, sublevel(deps.db, name), opts.common, this.logger.child({ module: 'fork' }));
  }

  /**
   * A fresh `MerkleStateManager` positioned at `root` (async). It hashes keys
   * (secure trie, as Ethereum), never prunes, and prefixes code keys with `c`.
   * Its writes are shared with the store (and flushed by `flushInto`) unless
   * `opts.scratch` is set, in which case they stay private and are dropped.
   * Throws {@link StateErrorCode.STATE_ROOT_NOT_FOUND} when `root` is not stored.
   */
  async openAt(root: Uint8Array, opts: OpenAtOpts = {}): Promise<MerkleStateManager> {
    // A fork store fetches the source's root node the first time its root is opened.
    const known = (await this.hasRoot(root)) || (this.fork !== undefined && (await this.fork.fetchRoot(root)));
    if (!known) {
      throw new StateError(
        { code: StateErrorCode.STATE_ROOT_NOT_FOUND, root: bytesToHex(root) },
        `state root ${bytesToHex(root)} not found`,
      );
    }
    const common = opts.common ?? this.common;
    const scratch = opts.scratch === true ? new ScratchTrieDB(this.nodes) : undefined;
    if (this.fork !== undefined) {
      const sm = openForkStateManager(this.fork, scratch ?? this.nodes, root, common, opts.caches);
      if (scratch !== undefined) this.scratchDBs.set(sm, scratch);
      return sm;
    }
    const trie = await createMPT({
      db: scratch ?? this.nodes,
      root,
      useKeyHashing: true,
      useNodePruning: false,
      valueEncoding: ValueEncoding.Bytes,
      ...(common !== undefined ? { common } : {}),
    });
    const sm = new MerkleStateManager({
      trie,
      ...(common !== undefined ? { common } : {}),
      ...(opts.caches !== undefined ? { caches: opts.caches } : {}),
    });
    if (scratch !== undefined) this.scratchDBs.set(sm, scratch);
    return sm;
  }

  /**
   * Makes the private writes of a scratch state manager (`openAt(root, { scratch: true })`)
   * shared and pending, as if it had not been scratch: execute a received block
   * in scratch, then keep its writes only once it validated. Later writes of
   * `sm` stay private until the next call. Returns the number of writes moved;
   * 0 for a state manager that is not a scratch one of this store.
   *
   * With `root` (the state root `sm` ended at), only the trie nodes reachable from
   * it are kept: the intermediate nodes each trie update leaves behind (about half
   * of a block's writes) are dropped instead of written. Only pass `root` when no
   * other root of `sm`'s writes is wanted.
   */
  keepScratchWrites(sm: MerkleStateManager, root?: Uint8Array): number {
    const scratch = this.scratchDBs.get(sm);
    if (scratch === undefined) return 0;
    return root === undefined ? scratch.promote() : scratch.promoteReachable(root);
  }

  /** True when the trie whose root node hashes to `root` is stored (the empty root always is). */
  async hasRoot(root: Uint8Array): Promise<boolean> {
    if (equalsBytes(root, this.emptyRoot)) return true;
    if (root.length !== 32) return false;
    return (await this.nodes.getBytes(bytesToUnprefixedHex(root))) !== undefined;
  }

  /**
   * Moves every trie-node and code write made since the last flush, by any
   * state manager opened from this store, into `batch`. They stay readable
   * from memory until the batch commits; if its commit fails they are pending
   * again. Returns the number of writes moved.
   */
  flushInto(batch: WriteBatch): number {
    const n = this.nodes.flushInto(batch);
    if (n > 0 && this.logger.isDebugEnabled()) this.logger.debug('flushed trie writes', { writes: n });
    return n;
  }

  /** What a fork store fetched from its source so far; undefined for a store that is not a fork. */
  get forkStats(): Readonly<ForkFetchStats> | undefined {
    return this.fork?.stats;
  }

  /** Writes not yet moved into a batch. */
  get pendingWrites(): number {
    return this.nodes.pendingSize;
  }

  /**
   * Drops writes not yet flushed, e.g. after executing a block that turned out
   * invalid. Unsafe if another state manager's wanted writes are pending too.
   */
  discardPending(): number {
    return this.nodes.discardPending();
  }
}

/** Builds a {@link StateStore} over `deps.db` (sublevel `'trie'`). */
export async function createStateStore(deps: StateStoreDeps, opts: StateStoreOpts = {}): Promise<StateStore> {
  return new StateStore(deps, opts);
}

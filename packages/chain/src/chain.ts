import { EventEmitter } from 'node:events';
import type { Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { type Account, type Address, bytesToHex, createAccountFromRLP, equalsBytes } from '@ethereumjs/util';
import { type Logger, silentLogger } from '@basalt/common';
import type { BuiltBlock, Executor, TxOutcome } from '@basalt/execution';
import { type Database, type StateStore, WriteBatch } from '@basalt/state';
import { ChainError, ChainErrorCode } from './errors.ts';
import { findReorgPath, isHeavier, type ReorgPath } from './forkChoice/forkChoice.ts';
import { type ChainDefaults, defaultChainOpts } from './options.ts';
import type { BlockStore } from './store/blockStore.ts';
import { META } from './store/keys.ts';
import { queryLogs } from './store/logQuery.ts';
import { createTxPool } from './txpool/txPool.ts';
import type { TxPool } from './txpool/types.ts';
import type {
  BlockSelector,
  ChainApi,
  ChainDeps,
  ChainEvents,
  ChainOpts,
  ConsensusEngine,
  ImportStatus,
  LogFilter,
  StoredLog,
  StoredReceipt,
  TxLocation,
} from './types.ts';

const hex = bytesToHex;

/** State managers stateAt keeps open (the head's, a few recent ones). */
const READ_STATES_KEPT = 8;
/** Accounts each of them remembers (then it forgets them all and starts again). */
const ACCOUNTS_REMEMBERED = 1024;

/**
 * Makes a read-only state manager remember the accounts it read: a state root's content never
 * changes, and the pool and `validateTx` read the sender of every new transaction at the head, each
 * a trie walk (~0.1 ms). The account is kept encoded and decoded per read, so no caller shares an
 * object another could change. The state manager's own reads (storage root, code hash) go through it too.
 */
function memoizeAccounts(sm: MerkleStateManager): MerkleStateManager {
  const read = sm.getAccount.bind(sm);
  const known = new Map<string, Uint8Array | null>();
  sm.getAccount = async (address: Address): Promise<Account | undefined> => {
    const key = address.toString();
    const hit = known.get(key);
    if (hit !== undefined) return hit === null ? undefined : createAccountFromRLP(hit);
    const account = await read(address);
    if (known.size >= ACCOUNTS_REMEMBERED) known.clear();
    known.set(key, account === undefined ? null : account.serialize());
    return account;
  };
  return sm;
}

/**
 * The chain facade (H18): reads through the {@link BlockStore}, writes one atomic batch per block
 * (state, block, receipts, indexes, total difficulty, head), fork choice by total difficulty then
 * height, events up. Build it with {@link createChain}.
 */
export class Chain implements ChainApi {
  readonly events = new EventEmitter<ChainEvents>();
  readonly common: Common;
  readonly chainId: bigint;
  readonly executor: Executor;
  readonly states: StateStore;
  readonly engine: ConsensusEngine;
  readonly store: BlockStore;
  readonly txPool: TxPool;
  private readonly db: Database;
  private readonly logger: Logger;
  private readonly opts: ChainDefaults;
  private headBlock: Block;
  private headTd: bigint;
  private safeHash: Uint8Array | undefined;
  private finalizedHash: Uint8Array | undefined;
  /** Serialises writes: imports, built blocks, safe/finalized. Reads never wait on it. */
  private writeQueue: Promise<unknown> = Promise.resolve();
  /** Read-only state managers by (state root, hardfork), shared by stateAt's callers (LRU). */
  private readonly readStates = new Map<string, Promise<MerkleStateManager>>();
  private closed = false;

  /** @internal Use {@link createChain}. */
  constructor(
    deps: ChainDeps,
    store: BlockStore,
    readonly genesis: Block,
    head: { block: Block; td: bigint; safe?: Uint8Array; finalized?: Uint8Array },
    opts: ChainOpts,
  ) {
    this.db = deps.db;
    this.common = deps.common;
    this.chainId = deps.common.chainId();
    this.executor = deps.executor;
    this.states = deps.states;
    this.engine = deps.engine;
    this.store = store;
    this.logger = (deps.logger ?? silentLogger).child({ module: 'chain' });
    this.opts = { ...defaultChainOpts, ...definedOnly(opts) };
    this.headBlock = head.block;
    this.headTd = head.td;
    this.safeHash = head.safe;
    this.finalizedHash = head.finalized;
    this.txPool = createTxPool(
      {
        // The pool's account reads and validateTx's share one read state per head (stateAt's).
        executor: {
          validateTx: async (tx, head, o) =>
            deps.executor.validateTx(tx, head, { ...o, state: await this.stateAt(head) }),
        },
        head: () => this.headBlock,
        getAccount: async (address, at) => {
          const account = await (await this.stateAt(at)).getAccount(address);
          return { nonce: account?.nonce ?? 0n, balance: account?.balance ?? 0n };
        },
        ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
      },
      opts.txPool ?? {},
    );
    // Calls go down, events come up: the pool hears about heads, the chain re-emits pool events.
    this.events.on('newHead', (block) => {
      this.txPool.onNewHead(block).catch((err) => this.logger.warn('pool failed to follow the head', {}, err));
    });
    this.events.on('reorg', (event) => {
      this.txPool.onReorg(event).catch((err) => this.logger.warn('pool failed to follow a reorg', {}, err));
    });
    this.txPool.events.on('txAdded', (tx) => this.events.emit('txAdded', tx));
    this.txPool.events.on('txDropped', (tx, reason) => this.events.emit('txDropped', tx, reason));
  }

  // ---- reads ----

  head(): Block {
    return this.headBlock;
  }

  safeAndFinalized(): { safe: Uint8Array | undefined; finalized: Uint8Array | undefined } {
    return { safe: this.safeHash, finalized: this.finalizedHash };
  }

  async getBlock(selector: BlockSelector): Promise<Block | undefined> {
    if (typeof selector === 'bigint') {
      const hash = await this.store.getCanonicalHash(selector);
      return hash === undefined ? undefined : this.store.getBlock(hash);
    }
    if (selector instanceof Uint8Array) return this.store.getBlock(selector);
    switch (selector) {
      case 'latest':
      case 'pending':
        return this.headBlock;
      case 'earliest':
        return this.genesis;
      case 'safe':
        return this.safeHash === undefined ? this.headBlock : this.store.getBlock(this.safeHash);
      case 'finalized':
        return this.finalizedHash === undefined ? this.headBlock : this.store.getBlock(this.finalizedHash);
    }
  }

  getCanonicalHash(number: bigint): Promise<Uint8Array | undefined> {
    return this.store.getCanonicalHash(number);
  }

  getBlockHash(number: bigint): Promise<Uint8Array | undefined> {
    return this.store.getCanonicalHash(number);
  }

  getReceipts(blockHash: Uint8Array): Promise<StoredReceipt[] | undefined> {
    return this.store.getReceipts(blockHash);
  }

  getRawReceipts(blockHash: Uint8Array): Promise<Uint8Array[] | undefined> {
    return this.store.getRawReceipts(blockHash);
  }

  async getReceipt(txHash: Uint8Array): Promise<StoredReceipt | undefined> {
    const loc = await this.store.getTxLocation(txHash);
    if (loc === undefined) return undefined;
    return (await this.store.getReceipts(loc.blockHash))?.[loc.index];
  }

  async getTransaction(txHash: Uint8Array): Promise<TxLocation | undefined> {
    const loc = await this.store.getTxLocation(txHash);
    if (loc === undefined) return undefined;
    const block = await this.store.getBlock(loc.blockHash);
    const tx = block?.transactions[loc.index];
    return block === undefined || tx === undefined ? undefined : { tx, block, index: loc.index };
  }

  getTotalDifficulty(blockHash: Uint8Array): Promise<bigint | undefined> {
    return this.store.getTotalDifficulty(blockHash);
  }

  getLogs(filter: LogFilter): Promise<StoredLog[]> {
    return queryLogs(this.store, filter, this.headBlock.header.number, {
      maxRange: this.opts.maxLogsRange,
      maxResults: this.opts.maxLogsResults,
    });
  }

  async stateAt(block: Block): Promise<MerkleStateManager> {
    // Opening a trie and a state manager per read (eth_getBalance, the pool's account reads) cost
    // more than the read itself; a root's content never changes, so readers share one (read only).
    const key = `${hex(block.header.stateRoot)}:${block.common.hardfork()}`;
    let sm = this.readStates.get(key);
    if (sm === undefined) {
      sm = this.states.openAt(block.header.stateRoot, { common: block.common }).then(memoizeAccounts);
      this.readStates.set(key, sm);
      while (this.readStates.size > READ_STATES_KEPT) this.readStates.delete(this.readStates.keys().next().value!);
      sm.catch(() => {
        if (this.readStates.get(key) === sm) this.readStates.delete(key);
      });
    } else {
      this.readStates.delete(key);
      this.readStates.set(key, sm);
    }
    try {
      return await sm;
    } catch (cause) {
      throw new ChainError(
        {
          code: ChainErrorCode.STATE_UNAVAILABLE,
          number: block.header.number,
          hash: hex(block.hash()),
          stateRoot: hex(block.header.stateRoot),
        },
        `state of block ${block.header.number} is not available`,
        { cause },
      );
    }
  }

  // ---- dev hooks (src/dev: the devnet's state setters, snapshots and reset) ----

  /**
   * @internal For src/dev only. Runs `fn` under the chain's write lock with its store and a
   * setter of the in-memory head; `fn` commits its own batch before calling `setHead`.
   */
  devWrite<T>(fn: (access: ChainDevAccess) => Promise<T>): Promise<T> {
    return this.exclusive(() =>
      fn({
        db: this.db,
        store: this.store,
        states: this.states,
        head: this.headBlock,
        headTd: this.headTd,
        setHead: (block, td) => {
          this.headBlock = block;
          this.headTd = td;
        },
      }),
    );
  }

  // ---- writes ----

  async importBlock(block: Block): Promise<ImportStatus> {
    return this.exclusive(async () => {
      if (await this.store.hasBlock(block.hash())) return 'known';
      const parent = await this.store.getBlock(block.header.parentHash);
      if (parent === undefined) {
        throw new ChainError(
          {
            code: ChainErrorCode.UNKNOWN_PARENT,
            number: block.header.number,
            hash: hex(block.hash()),
            parentHash: hex(block.header.parentHash),
          },
          `unknown parent ${hex(block.header.parentHash)} of block ${block.header.number}`,
        );
      }
      let outcomes: TxOutcome[];
      try {
        await this.engine.validateHeader(block);
        await this.engine.validateHeaderAgainstParent(block, parent);
        await this.engine.validateBlockPreExecution(block);
        outcomes = await this.executor.runBlock(block, parent);
        await this.engine.validateBlockPostExecution(block, outcomes);
      } catch (err) {
        // The executor runs a received block on a scratch state and keeps its trie writes only
        // once execution validated, so a block rejected here leaves nothing pending (one rejected
        // after execution, by validateBlockPostExecution, leaves unreachable trie nodes that go
        // out with the next block; they are never dropped here, as that could drop a concurrent
        // builder's).
        throw invalidBlock(block, err);
      }
      return this.writeBlock(block, outcomes, parent);
    });
  }

  async commitBuiltBlock(built: BuiltBlock): Promise<ImportStatus> {
    return this.exclusive(async () => {
      const block = this.store.decorate(built.block);
      if (await this.store.hasBlock(block.hash())) return 'known';
      const parent = await this.store.getBlock(block.header.parentHash);
      if (parent === undefined) {
        throw new ChainError(
          {
            code: ChainErrorCode.UNKNOWN_PARENT,
            number: block.header.number,
            hash: hex(block.hash()),
            parentHash: hex(block.header.parentHash),
          },
          `unknown parent ${hex(block.header.parentHash)} of built block ${block.header.number}`,
        );
      }
      return this.writeBlock(block, built.outcomes, parent);
    });
  }

  async setSafeAndFinalized(safe: Uint8Array, finalized: Uint8Array): Promise<void> {
    await this.exclusive(async () => {
      for (const hash of [safe, finalized]) {
        if (!(await this.store.hasBlock(hash))) {
          throw new ChainError({ code: ChainErrorCode.UNKNOWN_BLOCK, hash: hex(hash) }, `unknown block ${hex(hash)}`);
        }
      }
      const batch = new WriteBatch();
      this.store.putMeta(batch, META.safe, safe);
      this.store.putMeta(batch, META.finalized, finalized);
      await batch.commit(this.db);
      this.safeHash = safe;
      this.finalizedHash = finalized;
    });
  }

  /** Waits for in-flight writes, then refuses further ones. Does not close the database. */
  async close(): Promise<void> {
    this.closed = true;
    await this.writeQueue.catch(() => undefined);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ChainError({ code: ChainErrorCode.CLOSED }, 'chain is closed'));
    const run = this.writeQueue.then(fn, fn);
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * Stores an executed block in one batch with the pending state writes, its receipts and total
   * difficulty; when fork choice makes it the head, the canonical index (moved for a reorg), the
   * transaction index, the bloom section and the head pointer go into the same batch.
   */
  private async writeBlock(block: Block, outcomes: readonly TxOutcome[], parent: Block): Promise<ImportStatus> {
    const parentTd = await this.store.getTotalDifficulty(parent.hash());
    if (parentTd === undefined) throw corrupt(`total difficulty of ${hex(parent.hash())}`);
    const td = parentTd + block.header.difficulty;
    const hash = block.hash();
    const batch = new WriteBatch();
    this.states.flushInto(batch);
    this.store.putBlock(batch, block, outcomes, td);

    const oldHead = this.headBlock;
    let reorg: ReorgPath | undefined;
    let canonical = isHeavier({ td, number: block.header.number }, { td: this.headTd, number: oldHead.header.number });
    if (canonical && !equalsBytes(block.header.parentHash, oldHead.hash())) {
      reorg = await findReorgPath(this.store, oldHead, block);
      const finalized = this.finalizedHash === undefined ? undefined : await this.store.getHeader(this.finalizedHash);
      if (finalized !== undefined && reorg.commonAncestor.header.number < finalized.number) {
        this.logger.warn('refused a reorg below the finalized block', { number: block.header.number, hash: hex(hash) });
        canonical = false;
        reorg = undefined;
      }
    }
    if (canonical) {
      if (reorg === undefined) {
        await this.store.putCanonical(batch, block);
      } else {
        const keep = new Set(reorg.added.flatMap((b) => b.transactions.map((tx) => hex(tx.hash()))));
        for (const b of reorg.dropped) this.store.deleteTxIndex(batch, b, keep);
        for (const b of reorg.added) await this.store.putCanonical(batch, b);
        for (let n = block.header.number + 1n; n <= oldHead.header.number; n++) this.store.deleteCanonical(batch, n);
      }
      this.store.putMeta(batch, META.head, hash);
    }
    await batch.commit(this.db);
    if (!canonical) {
      this.logger.debug('stored side block', { number: block.header.number, hash: hex(hash) });
      return 'side';
    }
    this.headBlock = block;
    this.headTd = td;
    if (this.logger.isDebugEnabled()) {
      this.logger.debug('new head', { number: block.header.number, hash: hex(hash), txs: block.transactions.length });
    }
    await this.emitHeadEvents(oldHead, block, reorg);
    return 'canonical';
  }

  private async emitHeadEvents(oldHead: Block, newHead: Block, reorg: ReorgPath | undefined): Promise<void> {
    const logsOf = async (b: Block, removed: boolean): Promise<StoredLog[]> => {
      const receipts = (await this.store.getReceipts(b.hash())) ?? [];
      return receipts.flatMap((r) => r.logs.map((l) => (removed ? { ...l, removed: true } : l)));
    };
    const emit = <K extends keyof ChainEvents>(name: K, ...args: ChainEvents[K]) => {
      try {
        (this.events.emit as (n: K, ...a: ChainEvents[K]) => boolean)(name, ...args);
      } catch (err) {
        this.logger.error('a chain event listener threw', { event: name }, err);
      }
    };
    // The head has moved in memory: tell the pool (and everyone) in this same tick, before any
    // await, so nothing can read a new receipt while the pool still answers for the old head.
    if (reorg !== undefined) {
      this.logger.info('chain reorganised', {
        from: oldHead.header.number,
        to: newHead.header.number,
        ancestor: reorg.commonAncestor.header.number,
        dropped: reorg.dropped.length,
        added: reorg.added.length,
      });
      emit('reorg', {
        oldHead,
        newHead,
        commonAncestor: reorg.commonAncestor,
        dropped: reorg.dropped,
        added: reorg.added,
      });
    }
    emit('newHead', newHead);
    if (reorg !== undefined) {
      const removed = (await Promise.all([...reorg.dropped].reverse().map((b) => logsOf(b, true)))).flat();
      if (removed.length > 0) emit('logs', removed);
      const added = (await Promise.all(reorg.added.map((b) => logsOf(b, false)))).flat();
      if (added.length > 0) emit('logs', added);
    } else {
      const logs = await logsOf(newHead, false);
      if (logs.length > 0) emit('logs', logs);
    }
  }
}

/** @internal What {@link Chain.devWrite} hands to src/dev. */
export interface ChainDevAccess {
  db: Database;
  store: BlockStore;
  states: StateStore;
  /** The head as served (with a dev state override, see src/dev/headState.ts). */
  head: Block;
  headTd: bigint;
  setHead(block: Block, td: bigint): void;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function corrupt(what: string): ChainError {
  return new ChainError({ code: ChainErrorCode.CORRUPT_DATABASE, what }, `corrupt database: ${what}`);
}

function invalidBlock(block: Block, err: unknown): ChainError {
  if (err instanceof ChainError && err.code === ChainErrorCode.INVALID_BLOCK) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new ChainError(
    { code: ChainErrorCode.INVALID_BLOCK, number: block.header.number, hash: hex(block.hash()), reason },
    `invalid block ${block.header.number}: ${reason}`,
    { cause: err },
  );
}

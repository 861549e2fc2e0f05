import type { Logger } from '@basalt/common';
import type { Common } from '@ethereumjs/common';
import type { Caches } from '@ethereumjs/statemanager';
import type { Database } from './database.ts';
import type { RemoteStateReader } from './fork/types.ts';

/** Required collaborators of {@link createStateStore}. */
export interface StateStoreDeps {
  /** The node's database; trie nodes and contract code live in its sublevel `'trie'`. */
  db: Database;
  /** Where the store logs (module `state`). Default: silent. */
  logger?: Logger;
  /**
   * Makes this a fork store: trie nodes and code missing locally are fetched through this reader
   * (from the source chain at the fork block) on first use and kept in the database. See
   * docs/forking.md. Default: none (a miss is an absent key, as in any trie).
   */
  remote?: RemoteStateReader;
}

/** Settings of {@link createStateStore}. All optional; defaults in `defaultStateStoreOpts`. */
export interface StateStoreOpts {
  /**
   * Trie nodes read from disk (or written) kept in a shared LRU cache, in nodes (~400 bytes each).
   * Default 50 000; 0 turns it off.
   */
  cacheSize?: number;
  /** Name of the sublevel holding trie nodes and contract code. Default `'trie'`. */
  sublevelName?: string;
  /** `Common` given to every state manager (and its trie, for keccak). Default: the library's (mainnet). */
  common?: Common;
  /**
   * For a database in memory anyway (`openDatabase()` without a path): trie nodes and code written
   * are kept in a map of the store once their batch commits, instead of going into the batch. A
   * one-transaction block writes ~40 nodes: with memory-level each is a red-black tree insert
   * (persistent: a new path per insert) in the batch. Nothing of the database changes otherwise, and
   * the sublevel is still read (for what a fork fetcher writes there). Default `false`.
   */
  nodesInMemory?: boolean;
}

/** Per-call settings of `StateStore.openAt`. */
export interface OpenAtOpts {
  /** `Common` for this state manager; overrides the store's. */
  common?: Common;
  /**
   * Account/storage/code caches for this state manager (`new Caches()` from
   * `@ethereumjs/statemanager`). With caches, writes reach the trie only on
   * the outermost `commit()` or on `getStateRoot()`/`flush()`. Default: none.
   */
  caches?: Caches;
  /**
   * Keep this state manager's trie writes private: readable by it alone and
   * never flushed. For eth_call, gas estimation and other throw-away runs, so
   * they do not leave garbage nodes pending in the store. Default `false`.
   */
  scratch?: boolean;
}

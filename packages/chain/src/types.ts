// The contract of @basalt/chain: what rpc, p2p and apps/node call and listen to.
// Implementations may add members, but must not rename or remove these without updating callers.
import type { Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import type { TypedTransaction } from '@ethereumjs/tx';
import type { Address } from '@ethereumjs/util';
import type { Logger } from '@basalt/common';
import type { Executor, TxOutcome } from '@basalt/execution';
import type { Database, StateStore } from '@basalt/state';

/** A log as stored and served: execution's log plus its position. */
export interface StoredLog {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
  blockNumber: bigint;
  blockHash: Uint8Array;
  blockTimestamp: bigint;
  txHash: Uint8Array;
  txIndex: number;
  /** Index of the log in the block. */
  logIndex: number;
  /** True when the block was removed by a reorganisation (sent to `logs` subscribers). */
  removed: boolean;
}

/** A receipt as stored and served (eth_getTransactionReceipt's fields, decoded). */
export interface StoredReceipt extends Omit<TxOutcome, 'logs' | 'revertData' | 'error'> {
  blockHash: Uint8Array;
  blockNumber: bigint;
  txIndex: number;
  logs: StoredLog[];
  /** Pre-Byzantium receipts commit to the post-transaction state root instead of a status. */
  root?: Uint8Array;
}

/** Where a transaction sits in the canonical chain. */
export interface TxLocation {
  tx: TypedTransaction;
  block: Block;
  index: number;
}

/** A block tag or a number or a hash (EIP-1898 `requireCanonical` is applied by rpc). */
export type BlockSelector = bigint | Uint8Array | 'latest' | 'pending' | 'earliest' | 'safe' | 'finalized';

export interface LogFilter {
  fromBlock: bigint;
  toBlock: bigint;
  /** When set, only this block (fromBlock/toBlock are ignored). */
  blockHash?: Uint8Array;
  /** Match any of these addresses; empty = any. */
  addresses: Uint8Array[];
  /** Per position: null = any, else any of the listed topics. */
  topics: (Uint8Array[] | null)[];
}

export interface ChainEvents {
  /** The canonical head moved (a new block, or the tip of a new branch after a reorg). */
  newHead: [block: Block];
  /** Logs of newly canonical blocks, and `removed: true` copies for blocks a reorg dropped. */
  logs: [logs: StoredLog[]];
  /** The canonical chain switched branches. */
  reorg: [event: { oldHead: Block; newHead: Block; commonAncestor: Block; dropped: Block[]; added: Block[] }];
  /** A transaction entered the pool (pending or queued). */
  txAdded: [tx: TypedTransaction];
  /** A transaction left the pool without being mined (replaced, evicted, invalidated, dropped). */
  txDropped: [tx: TypedTransaction, reason: string];
}

/** Pool status counts, as txpool_status reports them. */
export interface TxPoolStatus {
  pending: number;
  queued: number;
}

/** What rpc and p2p need of the transaction pool. */
export interface TxPoolApi {
  /** Validates against the head state and adds; throws ChainError/TxValidationError with geth's wording. Returns the hash. */
  add(tx: TypedTransaction, opts?: { local?: boolean }): Promise<Uint8Array>;
  getByHash(hash: Uint8Array): TypedTransaction | undefined;
  /** The next nonce of `address` counting its pending pool transactions (for the 'pending' tag). */
  pendingNonce(address: Address): Promise<bigint>;
  status(): TxPoolStatus;
  /** txpool_content: sender (checksummed or lowercase hex) -> nonce -> tx. */
  content(): {
    pending: Map<string, Map<bigint, TypedTransaction>>;
    queued: Map<string, Map<bigint, TypedTransaction>>;
  };
  /** Removes one transaction; true if it was there. */
  remove(hash: Uint8Array, reason: string): boolean;
  clear(reason: string): void;
  /** Executable transactions in block-building order (by effective tip, nonce order per sender). */
  pendingForBlock(baseFee: bigint | undefined): TypedTransaction[];
}

/** Consensus, split by phase. The dev engine seals nothing; Clique (later) signs headers. */
export interface ConsensusEngine {
  readonly name: string;
  /** Cheap, stateless checks of a header on its own (extraData size, seal format, ...). */
  validateHeader(block: Block): Promise<void>;
  /** Checks against the parent: number, timestamp order, gas limit bounds, base fee, difficulty. */
  validateHeaderAgainstParent(block: Block, parent: Block): Promise<void>;
  /** Before execution: tx root, withdrawals, uncles, body consistency. */
  validateBlockPreExecution(block: Block): Promise<void>;
  /** After execution: anything that depends on the result beyond roots (roots are execution's job). */
  validateBlockPostExecution(block: Block, outcomes: TxOutcome[]): Promise<void>;
  /** Turns a built block into a sealed one (identity for dev; signature for Clique). */
  seal(block: Block): Promise<Block>;
}

export interface ChainDeps {
  db: Database;
  states: StateStore;
  executor: Executor;
  common: Common;
  engine: ConsensusEngine;
  logger?: Logger;
}

/** Settings of `createChain`. All optional; defaults in `defaultChainOpts` (src/options.ts). */
export interface ChainOpts {
  /**
   * The genesis to start from. On an empty database it is written (block and state, one batch);
   * on a used one its hash must equal the stored genesis hash (else GENESIS_MISMATCH). Omit it to
   * reopen a database as it is (`basalt init` then `basalt import`); required on an empty one.
   */
  genesis?: import('./config.ts').GethGenesis;
  /** Most blocks one `getLogs` range may span. Default 10 000. */
  maxLogsRange?: number;
  /** Most logs one `getLogs` call may return. Default 10 000. */
  maxLogsResults?: number;
  /** Decoded blocks (and, separately, headers) kept in memory. Default 512. */
  blockCacheSize?: number;
  /** Decoded block receipts kept in memory, in blocks. Default 256. */
  receiptsCacheSize?: number;
  /** Most transactions the cached blocks hold in all (a block weighs 1 + its transactions). Default 16,384. */
  blockCacheTxs?: number;
  /** Most receipts the cached block receipts hold in all (1 + receipts per block). Default 16,384. */
  receiptsCacheTxs?: number;
  /** Blocks per bloom section for getLogs. Default 2048. Fixed when the database is created. */
  bloomSectionSize?: number;
  /** Settings of the transaction pool. */
  txPool?: import('./txpool/types.ts').TxPoolOpts;
}

/** Outcome of importing a block. */
export type ImportStatus = 'canonical' | 'side' | 'known';

/**
 * The chain facade: what rpc, p2p and apps/node use. Reads never block on writes; every
 * new block is stored with its state, receipts, indexes and the new head in one atomic batch.
 */
export interface ChainApi {
  readonly common: Common;
  readonly chainId: bigint;
  readonly genesis: Block;
  readonly executor: Executor;
  readonly states: StateStore;
  readonly txPool: TxPoolApi;
  /** Typed events: newHead, logs, reorg, txAdded, txDropped. */
  readonly events: import('node:events').EventEmitter<ChainEvents>;

  /** The canonical head (latest). */
  head(): Block;
  /** Resolves a tag, number or hash; undefined when unknown. Numbers and tags resolve on the canonical chain. */
  getBlock(selector: BlockSelector): Promise<Block | undefined>;
  getCanonicalHash(number: bigint): Promise<Uint8Array | undefined>;
  getReceipts(blockHash: Uint8Array): Promise<StoredReceipt[] | undefined>;
  getReceipt(txHash: Uint8Array): Promise<StoredReceipt | undefined>;
  /** Canonical location of a mined transaction. */
  getTransaction(txHash: Uint8Array): Promise<TxLocation | undefined>;
  getLogs(filter: LogFilter): Promise<StoredLog[]>;
  getTotalDifficulty(blockHash: Uint8Array): Promise<bigint | undefined>;
  /**
   * A state manager at the block's post-state, for reading only: callers share it (one per state
   * root, kept for a few roots). Throws when the state is not stored.
   */
  stateAt(block: Block): Promise<import('@ethereumjs/statemanager').MerkleStateManager>;
  /** Checks and executes a block from outside (file import, peer) and stores it; fork choice decides the head. */
  importBlock(block: Block): Promise<ImportStatus>;
  /** Marks blocks safe/finalized (import from a file: headfcu.json). */
  setSafeAndFinalized(safe: Uint8Array, finalized: Uint8Array): Promise<void>;
  /** Stores a block built (and executed) locally, without executing it again; fork choice decides the head. */
  commitBuiltBlock(built: import('@basalt/execution').BuiltBlock): Promise<ImportStatus>;
  /** The consensus encodings of a block's receipts (debug_getRawReceipts); undefined when unknown. */
  getRawReceipts(blockHash: Uint8Array): Promise<Uint8Array[] | undefined>;
  /** Canonical hash at `number` (the executor's BLOCKHASH lookup); undefined above the head. */
  getBlockHash(number: bigint): Promise<Uint8Array | undefined>;
  /** Hashes of the blocks marked safe and finalized; undefined until `setSafeAndFinalized` (then tags resolve to the head). */
  safeAndFinalized(): { safe: Uint8Array | undefined; finalized: Uint8Array | undefined };
}

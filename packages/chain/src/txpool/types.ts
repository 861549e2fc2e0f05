import type { EventEmitter } from 'node:events';
import type { Logger } from '@basalt/common';
import type { Executor } from '@basalt/execution';
import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import type { Address } from '@ethereumjs/util';
import type { TxPoolApi } from '../types.ts';

/** Nonce and balance of an account in some state. */
export interface AccountInfo {
  nonce: bigint;
  balance: bigint;
}

/** Required collaborators of {@link createTxPool}. The pool never imports the chain facade. */
export interface TxPoolDeps {
  /** Checks each new transaction against the head state, with geth's wording (`allowFutureNonce: true`). */
  executor: Pick<Executor, 'validateTx'>;
  /** The canonical head when the pool is created; later heads arrive through {@link TxPool.onNewHead}. */
  head(): Block;
  /**
   * Nonce and balance of `address` in the state after `head`. The pool calls it at most once per
   * sender per head (it caches the promise), so a plain state read is fine.
   */
  getAccount(address: Address, head: Block): Promise<AccountInfo>;
  /** Where the pool logs (module `txpool`). Default: silent. */
  logger?: Logger;
}

/** Settings of {@link createTxPool}. All optional; defaults in `defaultTxPoolOpts`. */
export interface TxPoolOpts {
  /** Most transactions one sender may have in the pool, pending and queued. Default 4 096. */
  maxPerSender?: number;
  /** Most transactions in the pool, pending and queued. Beyond it the cheapest is evicted. Default 16 384. */
  maxTxs?: number;
  /** Most queued (future-nonce) transactions. Beyond it new gapped transactions are refused. Default 4 096. */
  maxQueued?: number;
  /** Least tip (wei per gas) a non-local transaction must offer. Default 0 (devnet). */
  minTip?: bigint;
  /** Percentage by which a replacement must raise both fee caps. Default 10. */
  priceBump?: number;
  /** Largest encoded transaction accepted, in bytes. Default 131 072 (geth's 128 KiB). */
  maxTxSize?: number;
}

/** Events of the pool; the chain facade re-emits `txAdded` and `txDropped` as ChainEvents. */
export interface TxPoolEvents {
  /** A transaction entered the pool (pending or queued). */
  txAdded: [tx: TypedTransaction];
  /** A transaction left the pool without being mined: replaced, evicted, invalidated, removed, cleared. */
  txDropped: [tx: TypedTransaction, reason: string];
  /** The set of executable (pending) transactions grew: a miner may want to build a block. */
  executable: [];
}

/** The transaction pool: {@link TxPoolApi} plus what the miner and the chain wiring use. */
export interface TxPool extends TxPoolApi {
  readonly events: EventEmitter<TxPoolEvents>;
  /**
   * Executable transactions in block-building order. `maxTxs` bounds the list (the miner passes
   * `gasLimit / 21000`, the most that can fit).
   */
  pendingForBlock(baseFee: bigint | undefined, opts?: { maxTxs?: number }): TypedTransaction[];
  /**
   * Tells the pool the head moved (wire it to ChainEvents `newHead`). At once: mined transactions
   * leave the pool and their senders' nonces advance. Then, asynchronously, every sender is
   * re-checked against the new state (nonce too low, insufficient funds) and queued transactions
   * whose gap closed are promoted. Returns when that re-check is done.
   */
  onNewHead(block: Block): Promise<void>;
  /**
   * Re-adds the transactions of blocks a reorganisation dropped that the new branch lacks (wire it
   * to ChainEvents `reorg`); moves to `newHead` first when given.
   */
  onReorg(event: { dropped: Block[]; added: Block[]; newHead?: Block }): Promise<void>;
}

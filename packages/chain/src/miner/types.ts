import type { EventEmitter } from 'node:events';
import type { Logger, Startable } from '@basalt/common';
import type { BuiltBlock, Executor, TxOutcome } from '@basalt/execution';
import type { Block } from '@ethereumjs/block';
import type { Address } from '@ethereumjs/util';
import type { TxPool } from '../txpool/types.ts';
import type { ConsensusEngine } from '../types.ts';
import type { MinerClock } from './clock.ts';
import type { Lock } from './mutex.ts';

/** What the miner needs of the chain: the head, and a way to store a block it built. */
export interface MinerChain {
  head(): Block;
  /**
   * Stores a built (and sealed) block with its state, receipts and indexes, moves the head and
   * emits `newHead`. The pool's `onNewHead` must have run (synchronously, from the event) by the
   * time this resolves, so the next block does not offer mined transactions again.
   */
  commitBuiltBlock(built: BuiltBlock): Promise<unknown>;
}

/** Required collaborators of {@link createMiner}. */
export interface MinerDeps {
  chain: MinerChain;
  executor: Pick<Executor, 'buildBlock'>;
  pool: Pick<TxPool, 'pendingForBlock' | 'remove' | 'status' | 'events'>;
  /** Seals each built block before it is stored. Default: a {@link DevEngine} (seals nothing). */
  engine?: Pick<ConsensusEngine, 'seal'>;
  /**
   * Held while a block is built and stored. Pass the chain's import lock so mining and imports
   * write one block at a time. Default: a private {@link Mutex}.
   */
  lock?: Lock;
  /** Where the miner logs (module `miner`). Default: silent. */
  logger?: Logger;
  /** The clock choosing timestamps. Default: a new {@link MinerClock} over the wall clock. */
  clock?: MinerClock;
}

/** Settings of {@link createMiner}. All optional; defaults in `defaultMinerOpts`. */
export interface MinerOpts {
  /**
   * Mine as soon as transactions are executable (Anvil's automine): alone, a transaction gets its
   * own block; when they arrive faster, the next block takes all that is pending. Default: true
   * unless `blockTime` is set.
   */
  automine?: boolean;
  /** Interval mining: a block every `blockTime` seconds (fractions allowed), empty or not. Default: off. */
  blockTime?: number;
  /** Fee recipient of mined blocks. Default: the zero address. */
  coinbase?: Address;
  /** Gas limit of mined blocks. Default: the parent's. */
  gasLimit?: bigint;
  /** Extra data of mined blocks. Default: empty. */
  extraData?: Uint8Array;
  /** Most transactions per block. Default: no limit but gas. */
  maxTxsPerBlock?: number;
}

/** Per-call settings of `Miner.mine`. */
export interface MineOpts {
  /** Blocks to mine. Default 1. */
  count?: number;
  /** Timestamp of the first block; must be after the head's. */
  timestamp?: bigint;
  /** Seconds between the blocks of this call (anvil_mine's interval). Default: the clock's choice. */
  interval?: bigint;
}

export interface MinerEvents {
  /**
   * A block was built and stored. `skipped` counts candidates that did not go in; `outcomes` are
   * its transactions' results (status, revert data), in block order.
   */
  blockMined: [block: Block, info: { skipped: number; outcomes: TxOutcome[] }];
  /** Building or storing a block failed (the pool keeps its transactions). */
  miningFailed: [err: unknown];
}

/** The dev miner: instant, interval and on-demand block production. */
export interface Miner extends Startable {
  readonly events: EventEmitter<MinerEvents>;
  readonly clock: MinerClock;
  /** Mines `count` blocks now with what is pending (empty blocks too), in any mode, started or not. */
  mine(opts?: MineOpts): Promise<Block[]>;
  setAutomine(enabled: boolean): void;
  getAutomine(): boolean;
  /** A block every `seconds`; 0 turns interval mining off. */
  setIntervalMining(seconds: number): void;
  /** Seconds between interval blocks, 0 when off. */
  getIntervalMining(): number;
  /** Fixes the next block's timestamp; throws TIMESTAMP_NOT_AFTER_PARENT unless after the head's. */
  setNextBlockTimestamp(timestamp: bigint): void;
  setCoinbase(coinbase: Address): void;
  getCoinbase(): Address;
  /** Gas limit of the next blocks (undefined: the parent's). */
  setGasLimit(gasLimit: bigint | undefined): void;
  setExtraData(extraData: Uint8Array): void;
  /** Base fee of the next block only (anvil_setNextBlockBaseFeePerGas). */
  setNextBaseFee(baseFee: bigint): void;
  /** Resolves when no block is being made by automine or the interval timer. */
  idle(): Promise<void>;
  /**
   * Resolves once the automine loop has made the block that takes what is pending now (a
   * transaction just added resolves its sender's wait only after its block is stored, so its
   * receipt is there when the hash is returned); at once when the loop is not running (automine
   * off, interval or on-demand mining, nothing executable).
   */
  awaitInstantBlock(): Promise<void>;
}

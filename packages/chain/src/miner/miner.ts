import { EventEmitter } from 'node:events';
import { type Logger, silentLogger } from '@basalt/common';
import type { Block } from '@ethereumjs/block';
import { type Address, bytesToHex } from '@ethereumjs/util';
import { DevEngine } from '../consensus/devEngine.ts';
import { MinerClock } from './clock.ts';
import { invalidArgument, MinerError, MinerErrorCode } from './errors.ts';
import { type Lock, Mutex } from './mutex.ts';
import { defaultMinerOpts, TX_BASE_GAS } from './options.ts';
import type { MineOpts, Miner, MinerDeps, MinerEvents, MinerOpts } from './types.ts';

/** True when a builder skipped `err`'s transaction because its nonce is already used. */
function isNonceTooLow(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.includes('NONCE_TOO_LOW')) return true;
  return typeof err.message === 'string' && err.message.startsWith('nonce too low');
}

/** How many times one block is rebuilt when imports keep moving the head under it. */
const MAX_HEAD_RACES = 3;

function checkSeconds(name: string, seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0) throw invalidArgument(name, seconds);
}

class MinerImpl implements Miner {
  readonly events = new EventEmitter<MinerEvents>();
  readonly clock: MinerClock;
  private readonly deps: MinerDeps;
  private readonly lock: Lock;
  private readonly engine: NonNullable<MinerDeps['engine']>;
  private readonly logger: Logger;
  private readonly maxTxsPerBlock: number;
  private automine: boolean;
  private blockTimeMs: number;
  private coinbase: Address;
  private gasLimit: bigint | undefined;
  private extraData: Uint8Array;
  private nextBaseFee: bigint | undefined;
  private started = false;
  /** The automine loop while it runs. */
  private loop: Promise<void> | undefined;
  /** Set when executable transactions arrived while the loop was running. */
  private again = false;
  /** Callers of {@link awaitInstantBlock} waiting for the automine loop's next block. */
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextTickAt = 0;
  /** The interval block being made. */
  private tick: Promise<void> | undefined;
  private readonly onExecutable = () => this.wake();

  constructor(deps: MinerDeps, opts: MinerOpts) {
    this.deps = deps;
    this.lock = deps.lock ?? new Mutex();
    this.engine = deps.engine ?? new DevEngine();
    this.logger = (deps.logger ?? silentLogger).child({ module: 'miner' });
    this.clock = deps.clock ?? new MinerClock();
    const blockTime = opts.blockTime ?? defaultMinerOpts.blockTime;
    checkSeconds('block time', blockTime);
    this.blockTimeMs = Math.round(blockTime * 1000);
    this.automine = opts.automine ?? this.blockTimeMs === 0;
    this.coinbase = opts.coinbase ?? defaultMinerOpts.coinbase;
    this.gasLimit = opts.gasLimit;
    this.extraData = opts.extraData ?? defaultMinerOpts.extraData;
    this.maxTxsPerBlock = opts.maxTxsPerBlock ?? defaultMinerOpts.maxTxsPerBlock;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.deps.pool.events.on('executable', this.onExecutable);
    this.scheduleInterval(true);
    this.wake();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.deps.pool.events.off('executable', this.onExecutable);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  isStarted(): boolean {
    return this.started;
  }

  awaitInstantBlock(): Promise<void> {
    if (this.loop === undefined) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async idle(): Promise<void> {
    while (this.loop !== undefined || this.tick !== undefined) await Promise.all([this.loop, this.tick]);
  }

  // ---- modes ----

  setAutomine(enabled: boolean): void {
    this.automine = enabled;
    if (enabled) this.wake();
  }

  getAutomine(): boolean {
    return this.automine;
  }

  setIntervalMining(seconds: number): void {
    checkSeconds('block time', seconds);
    this.blockTimeMs = Math.round(seconds * 1000);
    this.scheduleInterval(true);
  }

  getIntervalMining(): number {
    return this.blockTimeMs / 1000;
  }

  // ---- block template ----

  setNextBlockTimestamp(timestamp: bigint): void {
    const parentTimestamp = this.deps.chain.head().header.timestamp;
    if (timestamp <= parentTimestamp) {
      throw new MinerError(
        { code: MinerErrorCode.TIMESTAMP_NOT_AFTER_PARENT, timestamp, parentTimestamp },
        `Timestamp error: ${timestamp} is lower than or equal to previous block's timestamp ${parentTimestamp}`,
      );
    }
    this.clock.setNextBlockTimestamp(timestamp);
  }

  setCoinbase(coinbase: Address): void {
    this.coinbase = coinbase;
  }

  getCoinbase(): Address {
    return this.coinbase;
  }

  setGasLimit(gasLimit: bigint | undefined): void {
    this.gasLimit = gasLimit;
  }

  setExtraData(extraData: Uint8Array): void {
    this.extraData = extraData;
  }

  setNextBaseFee(baseFee: bigint): void {
    if (baseFee < 0n) throw invalidArgument('base fee', baseFee);
    this.nextBaseFee = baseFee;
  }

  // ---- mining ----

  async mine(opts: MineOpts = {}): Promise<Block[]> {
    const count = opts.count ?? 1;
    if (!Number.isSafeInteger(count) || count < 0) throw invalidArgument('block count', count);
    if (opts.interval !== undefined && opts.interval <= 0n) throw invalidArgument('interval', opts.interval);
    const blocks: Block[] = [];
    let timestamp = opts.timestamp;
    for (let i = 0; i < count; i++) {
      const block = await this.mineOne(true, timestamp);
      if (block === undefined) break;
      blocks.push(block);
      timestamp = opts.interval !== undefined ? block.header.timestamp + opts.interval : undefined;
    }
    return blocks;
  }

  /**
   * Starts the automine loop unless it runs (then it takes another turn). The loop starts on the
   * next turn of the event loop (`setImmediate`), not in the microtasks of the transaction that
   * woke it: the requests already read from the sockets in this turn reach the pool first and go
   * into the same block, instead of each waiting for the previous one's block.
   */
  private wake(): void {
    if (!this.started || !this.automine) return;
    if (this.loop !== undefined) {
      this.again = true;
      return;
    }
    this.loop = new Promise<void>((resolve) => {
      setImmediate(() => {
        void this.runLoop().then(() => {
          this.loop = undefined;
          this.releaseWaiters(this.waiters.splice(0));
          resolve();
          // Woken after the loop's last look at the pool: take another turn.
          if (this.again) {
            this.again = false;
            if (this.deps.pool.status().pending > 0) this.wake();
          }
        });
      });
    });
  }

  private releaseWaiters(waiters: (() => void)[]): void {
    for (const w of waiters) w();
  }

  /**
   * While executable transactions wait, build a block from all of them and store it. A
   * transaction sent alone gets its own block; a burst fills the next blocks. Stops when a block
   * would take none of what is pending (they wait for a new transaction or head). Each block
   * releases the {@link awaitInstantBlock} callers that were waiting when it was started.
   */
  private async runLoop(): Promise<void> {
    // The first block was owed when the loop was scheduled: a stop() meanwhile still gets it.
    let first = true;
    try {
      do {
        this.again = false;
        while ((this.started || first) && this.automine && this.deps.pool.status().pending > 0) {
          first = false;
          const waiting = this.waiters.splice(0);
          let block: Block | undefined;
          try {
            block = await this.mineOne(false);
          } finally {
            this.releaseWaiters(waiting);
          }
          if (block === undefined) break;
        }
      } while (this.again && this.started && this.automine);
    } catch (err) {
      this.failed(err);
    }
  }

  private scheduleInterval(restart: boolean): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.started || this.blockTimeMs === 0) return;
    const now = Date.now();
    this.nextTickAt = restart ? now + this.blockTimeMs : Math.max(this.nextTickAt + this.blockTimeMs, now);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick = this.mineOne(true)
        .then(
          () => undefined,
          (err) => this.failed(err),
        )
        .finally(() => {
          this.tick = undefined;
          this.scheduleInterval(false);
        });
    }, this.nextTickAt - now);
  }

  private failed(err: unknown): void {
    this.logger.error('mining failed', {}, err);
    this.events.emit('miningFailed', err);
  }

  /**
   * Builds one block on the head from the pool's executable transactions and stores it. Without
   * `allowEmpty`, returns undefined (storing nothing) when no transaction went in.
   */
  private mineOne(allowEmpty: boolean, timestamp?: bigint): Promise<Block | undefined> {
    return this.lock.runExclusive(async () => {
      for (let attempt = 0; ; attempt++) {
        const result = await this.buildAndCommit(allowEmpty, timestamp, attempt < MAX_HEAD_RACES);
        if (result !== 'head moved') return result;
      }
    });
  }

  private async buildAndCommit(
    allowEmpty: boolean,
    timestamp: bigint | undefined,
    mayRetry: boolean,
  ): Promise<Block | undefined | 'head moved'> {
    const { chain, executor, pool } = this.deps;
    const parent = chain.head();
    const parentTimestamp = parent.header.timestamp;
    if (timestamp !== undefined && timestamp <= parentTimestamp) {
      throw new MinerError(
        { code: MinerErrorCode.TIMESTAMP_NOT_AFTER_PARENT, timestamp, parentTimestamp },
        `Timestamp error: ${timestamp} is lower than or equal to previous block's timestamp ${parentTimestamp}`,
      );
    }
    const gasLimit = this.gasLimit ?? parent.header.gasLimit;
    const baseFee =
      this.nextBaseFee ?? (parent.header.baseFeePerGas !== undefined ? parent.header.calcNextBaseFee() : undefined);
    const maxTxs = Math.min(this.maxTxsPerBlock, Number(gasLimit / TX_BASE_GAS));
    const txs = pool.pendingForBlock(baseFee, { maxTxs });
    if (txs.length === 0 && !allowEmpty) return undefined;
    const ts = timestamp ?? this.clock.peek(parentTimestamp);
    const built = await executor.buildBlock({
      parent,
      txs,
      template: {
        timestamp: ts,
        coinbase: this.coinbase,
        gasLimit,
        extraData: this.extraData,
        ...(this.nextBaseFee !== undefined ? { baseFeePerGas: this.nextBaseFee } : {}),
        // Varies per block, so contracts reading block.prevrandao see change (a devnet needs no real randomness).
        prevRandao: parent.hash(),
      },
      ...(Number.isFinite(this.maxTxsPerBlock) ? { maxTxs: this.maxTxsPerBlock } : {}),
    });
    // An import moved the head while this block was built on the old one: build again on the new.
    if (chain.head() !== parent && mayRetry) return 'head moved';
    for (const { tx, error } of built.skipped) {
      if (isNonceTooLow(error)) pool.remove(tx.hash(), 'nonce too low');
    }
    if (built.block.transactions.length === 0 && !allowEmpty) return undefined;
    const sealed = await this.engine.seal(built.block);
    await chain.commitBuiltBlock(sealed === built.block ? built : { ...built, block: sealed });
    this.clock.commit(ts);
    this.nextBaseFee = undefined;
    if (this.logger.isDebugEnabled()) {
      this.logger.debug('block mined', {
        number: sealed.header.number,
        hash: bytesToHex(sealed.hash()),
        txs: sealed.transactions.length,
        skipped: built.skipped.length,
        timestamp: ts,
      });
    }
    this.events.emit('blockMined', sealed, { skipped: built.skipped.length, outcomes: built.outcomes });
    return sealed;
  }
}

/** Builds the dev miner. It mines nothing until `start()` (except through `mine()`). */
export function createMiner(deps: MinerDeps, opts: MinerOpts = {}): Miner {
  return new MinerImpl(deps, opts);
}

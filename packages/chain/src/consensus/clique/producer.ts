import { EventEmitter } from 'node:events';
import type { Block } from '@ethereumjs/block';
import { bytesToHex, concatBytes, createAddressFromString, createZeroAddress, setLengthRight } from '@ethereumjs/util';
import { type Logger, type Startable, silentLogger } from '@basalt/common';
import type { Executor } from '@basalt/execution';
import { type Lock, type MinerChain, Mutex, type TxPool } from '../shared.ts';
import {
  DIFF_IN_TURN,
  DIFF_NO_TURN,
  EXTRA_SEAL,
  EXTRA_VANITY,
  NONCE_AUTH,
  NONCE_DROP,
  WIGGLE_MS,
} from './constants.ts';
import type { CliqueEngine } from './engine.ts';
import { cliqueCheckpointExtraData } from './genesis.ts';
import type { Snapshot } from './snapshot.ts';

/** What the producer needs of the chain: the head, storing a block, and hearing of new heads. */
export interface CliqueProducerChain extends MinerChain {
  readonly events: Pick<EventEmitter, 'on' | 'off'>;
}

/** Required collaborators of {@link createCliqueProducer}. */
export interface CliqueProducerDeps {
  chain: CliqueProducerChain;
  executor: Pick<Executor, 'buildBlock'>;
  pool: Pick<TxPool, 'pendingForBlock' | 'remove' | 'status' | 'events'>;
  /** The engine with the validator key (`createCliqueEngine(..., { signer })`). */
  engine: CliqueEngine;
  /** Held while a block is built and stored. Default: a private {@link Mutex}. */
  lock?: Lock;
  /** False while the node should not seal (e.g. it is syncing). Default: always seal. */
  shouldSeal?: () => boolean;
  logger?: Logger;
}

/** Settings of {@link createCliqueProducer}. */
export interface CliqueProducerOpts {
  /** Gas limit of sealed blocks. Default: the parent's. */
  gasLimit?: bigint;
  /** Up to 32 bytes at the start of extraData. Default: empty (zeros). */
  vanity?: Uint8Array;
  /** The clock in ms. Default Date.now. */
  now?: () => number;
  /** Uniform in [0, 1), for the out-of-turn wiggle and the vote picked. Default Math.random. */
  random?: () => number;
}

/** Why the producer is not sealing on the current head. */
export type CliqueProducerState =
  | { state: 'stopped' }
  | { state: 'waiting'; number: bigint; inturn: boolean; at: number }
  | { state: 'unauthorized' }
  | { state: 'recently-signed'; lastSigned: bigint }
  | { state: 'paused' }
  | { state: 'idle' };

export interface CliqueProducerEvents {
  /** A block was sealed and stored; `delayMs` is how long after its slot it was sealed. */
  blockSealed: [block: Block, info: { inturn: boolean; txs: number; skipped: number }];
  sealingFailed: [err: unknown];
}

/**
 * Seals Clique blocks on a schedule (EIP-225's "Block authorization" as geth's sealer runs it):
 * on every new head, if this node's validator may sign the next block (authorised, and not one of
 * the last floor(N/2)+1 sealers), it waits until parent timestamp + period (or now, if later);
 * out of turn it waits a further random wiggle of up to (N/2+1) × 500 ms, so the in-turn block
 * usually arrives first and cancels it. Then it builds on that parent with the pool's
 * transactions, casts one of the engine's proposals as its vote (none on checkpoints, where it
 * writes the signer list), seals and stores. A new head cancels the wait and starts over.
 */
export class CliqueProducer implements Startable {
  readonly events = new EventEmitter<CliqueProducerEvents>();
  private readonly deps: CliqueProducerDeps;
  private readonly lock: Lock;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly gasLimit: bigint | undefined;
  private readonly vanity: Uint8Array<ArrayBufferLike>;
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  /** Bumped on every reschedule, so a stale plan never seals. */
  private generation = 0;
  private inFlight: Promise<void> | undefined;
  private current: CliqueProducerState = { state: 'stopped' };
  private readonly onHead = () => this.reschedule();
  private readonly onExecutable = () => {
    if (this.deps.engine.period === 0 && this.current.state === 'idle') this.reschedule();
  };

  constructor(deps: CliqueProducerDeps, opts: CliqueProducerOpts = {}) {
    this.deps = deps;
    this.lock = deps.lock ?? new Mutex();
    this.logger = (deps.logger ?? silentLogger).child({ module: 'clique' });
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.gasLimit = opts.gasLimit;
    this.vanity = setLengthRight(opts.vanity ?? new Uint8Array(0), EXTRA_VANITY).subarray(0, EXTRA_VANITY);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.deps.chain.events.on('newHead', this.onHead);
    this.deps.pool.events.on('executable', this.onExecutable);
    this.reschedule();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.generation++;
    this.deps.chain.events.off('newHead', this.onHead);
    this.deps.pool.events.off('executable', this.onExecutable);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.current = { state: 'stopped' };
    await this.inFlight;
  }

  isStarted(): boolean {
    return this.started;
  }

  /** What the producer is doing about the current head (clique_status, logs). */
  state(): CliqueProducerState {
    return this.current;
  }

  /** Looks at the head again (call after a pause ends or the proposals change). */
  reschedule(): void {
    if (!this.started) return;
    const generation = ++this.generation;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.plan(generation).catch((err) => this.failed(err));
  }

  private async plan(generation: number): Promise<void> {
    const { chain, engine } = this.deps;
    const signer = engine.signerAddress()?.toString();
    if (signer === undefined) return;
    const parent = chain.head();
    const snap = await engine.snapshot(parent.header.number, parent.hash());
    if (generation !== this.generation) return;
    const number = parent.header.number + 1n;
    if (!snap.isSigner(signer)) {
      this.current = { state: 'unauthorized' };
      return;
    }
    const last = snap.recentlySigned(signer, number);
    if (last !== undefined) {
      this.current = { state: 'recently-signed', lastSigned: last };
      return;
    }
    if (engine.period === 0 && this.deps.pool.status().pending === 0) {
      this.current = { state: 'idle' };
      return;
    }
    const inturn = snap.inturn(number, signer);
    const nowMs = this.now();
    let timestamp = parent.header.timestamp + BigInt(engine.period);
    const nowSeconds = BigInt(Math.floor(nowMs / 1000));
    if (timestamp < nowSeconds) timestamp = nowSeconds;
    let delay = Number(timestamp) * 1000 - nowMs;
    if (!inturn) delay += Math.floor(this.random() * (Math.floor(snap.signers().length / 2) + 1) * WIGGLE_MS);
    delay = Math.max(0, delay);
    this.current = { state: 'waiting', number, inturn, at: nowMs + delay };
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (generation !== this.generation) return;
      if (this.deps.shouldSeal !== undefined && !this.deps.shouldSeal()) {
        this.current = { state: 'paused' };
        // Look again a period later: a sync that ends brings a newHead too.
        this.timer = setTimeout(() => this.reschedule(), Math.max(1000, engine.period * 1000));
        return;
      }
      const run = this.produce(generation, parent, snap, timestamp, inturn)
        .catch((err) => this.failed(err))
        .finally(() => {
          if (this.inFlight === run) this.inFlight = undefined;
        });
      this.inFlight = run;
    }, delay);
  }

  private async produce(generation: number, parent: Block, snap: Snapshot, timestamp: bigint, inturn: boolean) {
    const { chain, executor, pool, engine } = this.deps;
    await this.lock.runExclusive(async () => {
      if (generation !== this.generation || chain.head() !== parent) return;
      const number = parent.header.number + 1n;
      const checkpoint = number % engine.epoch === 0n;
      let coinbase = createZeroAddress();
      let nonce: Uint8Array = NONCE_DROP;
      if (!checkpoint) {
        const votes = [...engine.proposals].filter(([address, authorize]) => snap.validVote(address, authorize));
        if (votes.length > 0) {
          const [address, authorize] = votes[Math.floor(this.random() * votes.length)]!;
          coinbase = createAddressFromString(address);
          nonce = authorize ? NONCE_AUTH : NONCE_DROP;
        }
      }
      const extraData = checkpoint
        ? cliqueCheckpointExtraData(snap.signers(), this.vanity)
        : concatBytes(this.vanity, new Uint8Array(EXTRA_SEAL));
      const gasLimit = this.gasLimit ?? parent.header.gasLimit;
      const baseFee = parent.header.baseFeePerGas !== undefined ? parent.header.calcNextBaseFee() : undefined;
      const txs = pool.pendingForBlock(baseFee, { maxTxs: Number(gasLimit / 21_000n) });
      const built = await executor.buildBlock({
        parent,
        txs,
        template: {
          timestamp,
          coinbase,
          gasLimit,
          extraData,
          difficulty: inturn ? DIFF_IN_TURN : DIFF_NO_TURN,
          prevRandao: new Uint8Array(32),
          extra: { nonce },
          sealHeader: (header) => engine.sealExtraData(header),
        },
      });
      if (generation !== this.generation || chain.head() !== parent) return;
      for (const { tx, error } of built.skipped) {
        if (error.message.startsWith('nonce too low')) pool.remove(tx.hash(), 'nonce too low');
      }
      const sealed = await engine.seal(built.block);
      await chain.commitBuiltBlock({ ...built, block: sealed });
      this.logger.info('sealed block', {
        number,
        hash: bytesToHex(sealed.hash()),
        txs: sealed.transactions.length,
        inturn,
      });
      this.events.emit('blockSealed', sealed, {
        inturn,
        txs: sealed.transactions.length,
        skipped: built.skipped.length,
      });
    });
  }

  private failed(err: unknown): void {
    this.logger.error('sealing failed', {}, err);
    this.events.emit('sealingFailed', err);
  }
}

/** Builds the Clique block producer; it seals nothing until `start()`. */
export function createCliqueProducer(deps: CliqueProducerDeps, opts: CliqueProducerOpts = {}): CliqueProducer {
  return new CliqueProducer(deps, opts);
}

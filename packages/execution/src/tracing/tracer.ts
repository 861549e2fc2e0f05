// Re-executes a stored block (up to a transaction) or a call on scratch state with a tracer
// attached. Nothing it writes reaches the StateStore's pending buffer.
import { type Logger, silentLogger } from '@basalt/common';
import type { StateStore } from '@basalt/state';
import { type Block, createBlockFromBytesArray, type HeaderData } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { getActivePrecompiles } from '@ethereumjs/evm';
import { Caches, type MerkleStateManager } from '@ethereumjs/statemanager';
import type { TypedTransaction } from '@ethereumjs/tx';
import { type Address, bytesToHex, type PrefixedHexString } from '@ethereumjs/util';
import { buildBlock, createVM, runTx, type VM } from '@ethereumjs/vm';
import { CallRunner } from '../call.ts';
import { evmOptsFor } from '../clique.ts';
import { hideSenderCode } from '../codeSender.ts';
import { blockHashesAdapter, Forks } from '../forks.ts';
import { deferStorageWrites } from '../storageWrites.ts';
import type { BlockHashLookup } from '../types.ts';
import { CallTracer, FrameCollector } from './callTracer.ts';
import { TraceError, TraceErrorCode } from './errors.ts';
import { fourBytes, toParityTraces } from './parity.ts';
import { PrestateTracer } from './prestateTracer.ts';
import { TraceSession, type TxTracer } from './session.ts';
import { StructLogger } from './structLogger.ts';
import type { ChainTracer, ParityTrace, TraceCallInput, TraceConfig, TraceResult, TracerOpts } from './types.ts';

/** Required collaborators of {@link createTracer} (the executor's, so traces run under the same rules). */
export interface TracerDeps {
  common: Common;
  states: StateStore;
  blockHashes?: BlockHashLookup;
  logger?: Logger;
}

/** The defaults of {@link TracerOpts}. */
export const defaultTracerOpts: Required<Omit<TracerOpts, 'rpcGasCap'>> = {
  defaultTimeoutMs: 5_000,
  maxTimeoutMs: 60_000,
  maxStructLogBytes: 256 * 1024 * 1024,
};

/** The tracer names this node knows ('' and undefined: the struct logger). */
export const TRACER_NAMES: readonly string[] = ['callTracer', 'prestateTracer', '4byteTracer', 'noopTracer'];

interface ActiveTracer {
  tracer: TxTracer;
  result(): TraceResult;
}

class BasaltTracer implements ChainTracer {
  private readonly deps: TracerDeps;
  private readonly opts: Required<Omit<TracerOpts, 'rpcGasCap'>> & { rpcGasCap?: bigint };
  private readonly forks: Forks;
  private readonly logger: Logger;

  constructor(deps: TracerDeps, opts: TracerOpts) {
    this.deps = deps;
    this.opts = { ...defaultTracerOpts, ...opts };
    this.forks = new Forks(deps.common);
    this.logger = (deps.logger ?? silentLogger).child({ module: 'tracing' });
  }

  private timeoutOf(config: TraceConfig): number {
    const t = config.timeoutMs ?? this.opts.defaultTimeoutMs;
    return Math.min(t, this.opts.maxTimeoutMs);
  }

  private make(config: TraceConfig, budget: { used: number; max: number }, common: Common): ActiveTracer {
    const name = config.tracer ?? '';
    switch (name) {
      case '': {
        const t = new StructLogger(config, budget);
        return { tracer: t, result: () => t.result() };
      }
      case 'callTracer': {
        const t = new CallTracer(config.tracerConfig ?? {});
        return { tracer: t, result: () => t.result() };
      }
      case 'prestateTracer': {
        const t = new PrestateTracer(config.tracerConfig ?? {});
        return { tracer: t, result: () => t.result() };
      }
      case '4byteTracer': {
        const t = new FrameCollector(false);
        const precompiles = new Set([...getActivePrecompiles(common).keys()].map((k) => `0x${k}`));
        return { tracer: t, result: () => fourBytes(t.tree(), (a) => precompiles.has(a)) };
      }
      case 'noopTracer':
        return { tracer: {}, result: () => ({}) };
      default:
        throw new TraceError({ code: TraceErrorCode.UNKNOWN_TRACER, tracer: name });
    }
  }

  /**
   * Opens scratch state at the parent, runs the block's system calls (EIP-4788, EIP-2935) and its
   * transactions up to `last`, calling `tracerFor` for each; a transaction it gives a tracer runs
   * with the tracer attached.
   */
  private async replay(
    block: Block,
    parent: Block,
    last: number,
    tracerFor: (i: number, tx: TypedTransaction, vm: VM) => ActiveTracer | undefined,
    timeoutMs: number,
  ): Promise<void> {
    if (block.header.number === 0n) throw new TraceError({ code: TraceErrorCode.GENESIS_NOT_TRACEABLE });
    const common = this.forks.commonAt(block.header.number, block.header.timestamp);
    if (block.common.hardfork() !== common.hardfork()) block = createBlockFromBytesArray(block.raw(), { common });
    const sm = deferStorageWrites(
      await this.deps.states.openAt(parent.header.stateRoot, { common, caches: new Caches(), scratch: true }),
    );
    const vm = await createVM({
      common,
      stateManager: sm,
      blockchain: blockHashesAdapter(this.deps.blockHashes, new Map([[parent.header.number, parent.hash()]])),
      ...evmOptsFor(common),
    });
    if (common.isActivatedEIP(4788) || common.isActivatedEIP(2935)) await systemCalls(vm, block, parent);
    let gasUsed = 0n;
    for (let i = 0; i <= last && i < block.transactions.length; i++) {
      const tx = block.transactions[i]!;
      const active = tracerFor(i, tx, vm);
      const session =
        active === undefined
          ? undefined
          : new TraceSession(vm, active.tracer, { coinbase: block.header.coinbase, timeoutMs, startedAt: Date.now() });
      // A stored block passed its checks when it was made, so a sender with code was allowed then (a
      // devnet's impersonated contract): the replay does not refuse it either.
      const restore = await hideSenderCode(vm.stateManager, tx.getSenderAddress());
      try {
        const r = await runTx(vm, {
          tx,
          block,
          blockGasUsed: gasUsed,
          skipBlockGasLimitValidation: true,
          skipHardForkValidation: true,
        });
        gasUsed += r.blockGasSpent;
      } catch (err) {
        const failure = session?.failed();
        if (failure !== undefined) throw failure;
        if (err instanceof TraceError) throw err;
        const reason = err instanceof Error ? err.message : String(err);
        throw new TraceError({ code: TraceErrorCode.REPLAY_FAILED, txIndex: i, reason }, { cause: err });
      } finally {
        restore?.();
        session?.detach();
      }
      session?.rethrow();
    }
  }

  async traceBlock(
    block: Block,
    parent: Block,
    config: TraceConfig = {},
  ): Promise<{ txHash: PrefixedHexString; result: TraceResult }[]> {
    const budget = { used: 0, max: this.opts.maxStructLogBytes };
    const active: ActiveTracer[] = [];
    await this.replay(
      block,
      parent,
      block.transactions.length - 1,
      (_i, _tx, vm) => {
        const t = this.make(config, budget, vm.common);
        active.push(t);
        return t;
      },
      this.timeoutOf(config),
    );
    return block.transactions.map((tx, i) => ({ txHash: bytesToHex(tx.hash()), result: active[i]!.result() }));
  }

  async traceTransaction(block: Block, parent: Block, txIndex: number, config: TraceConfig = {}): Promise<TraceResult> {
    if (txIndex < 0 || txIndex >= block.transactions.length) {
      throw new TraceError({ code: TraceErrorCode.TX_NOT_IN_BLOCK, txIndex });
    }
    const budget = { used: 0, max: this.opts.maxStructLogBytes };
    let active: ActiveTracer | undefined;
    await this.replay(
      block,
      parent,
      txIndex,
      (i, _tx, vm) => {
        if (i !== txIndex) return undefined;
        active = this.make(config, budget, vm.common);
        return active;
      },
      this.timeoutOf(config),
    );
    return active!.result();
  }

  async traceCall(input: TraceCallInput, config: TraceConfig = {}): Promise<TraceResult> {
    const { block } = input;
    const budget = { used: 0, max: this.opts.maxStructLogBytes };
    const coinbase: Address = input.blockOverrides?.feeRecipient ?? block.header.coinbase;
    const timeoutMs = this.timeoutOf(config);
    let active: ActiveTracer | undefined;
    let session: TraceSession | undefined;
    const runner = new CallRunner({
      states: this.deps.states,
      forks: this.forks,
      vmFor: async (common, sm: MerkleStateManager, known) => {
        const vm = await createVM({
          common,
          stateManager: sm,
          blockchain: blockHashesAdapter(this.deps.blockHashes, known),
          ...evmOptsFor(common),
        });
        active = this.make(config, budget, common);
        session = new TraceSession(vm, active.tracer, { coinbase, timeoutMs, startedAt: Date.now() });
        return vm;
      },
      rpcGasCap: this.opts.rpcGasCap,
      estimateGasErrorRatio: 0,
    });
    try {
      await runner.call(input.req, block, input.stateOverrides, input.blockOverrides);
    } catch (err) {
      throw session?.failed() ?? err;
    } finally {
      session?.detach();
    }
    session?.rethrow();
    return active!.result();
  }

  async parityTraceBlock(block: Block, parent: Block): Promise<ParityTrace[]> {
    const collectors: FrameCollector[] = [];
    await this.replay(
      block,
      parent,
      block.transactions.length - 1,
      () => {
        const c = new FrameCollector(false);
        collectors.push(c);
        return { tracer: c, result: () => ({}) };
      },
      this.opts.defaultTimeoutMs,
    );
    return block.transactions.flatMap((tx, i) => this.parityOf(block, tx, i, collectors[i]!));
  }

  async parityTraceTransaction(block: Block, parent: Block, txIndex: number): Promise<ParityTrace[]> {
    if (txIndex < 0 || txIndex >= block.transactions.length) {
      throw new TraceError({ code: TraceErrorCode.TX_NOT_IN_BLOCK, txIndex });
    }
    const c = new FrameCollector(false);
    await this.replay(
      block,
      parent,
      txIndex,
      (i) => (i === txIndex ? { tracer: c, result: () => ({}) } : undefined),
      this.opts.defaultTimeoutMs,
    );
    return this.parityOf(block, block.transactions[txIndex]!, txIndex, c);
  }

  private parityOf(block: Block, tx: TypedTransaction, i: number, c: FrameCollector): ParityTrace[] {
    const root = c.tree();
    if (root === undefined) {
      this.logger.debug('transaction left no frames', { tx: bytesToHex(tx.hash()) });
      return [];
    }
    return toParityTraces(root, {
      blockHash: bytesToHex(block.hash()),
      blockNumber: Number(block.header.number),
      transactionHash: bytesToHex(tx.hash()),
      transactionPosition: i,
    });
  }
}

/** The block's pre-transaction system calls, exactly as the block builder makes them. */
async function systemCalls(vm: VM, block: Block, parent: Block): Promise<void> {
  const h = block.header;
  const headerData: HeaderData = {
    parentHash: h.parentHash,
    number: h.number,
    timestamp: h.timestamp,
    coinbase: h.coinbase,
    gasLimit: h.gasLimit,
    difficulty: h.difficulty,
    mixHash: h.mixHash,
    extraData: h.extraData,
  };
  if (h.baseFeePerGas !== undefined) headerData.baseFeePerGas = h.baseFeePerGas;
  if (h.parentBeaconBlockRoot !== undefined) headerData.parentBeaconBlockRoot = h.parentBeaconBlockRoot;
  // buildBlock runs the EIP-4788 and EIP-2935 writes in initState; the builder itself is dropped.
  await buildBlock(vm, {
    parentBlock: parent,
    headerData,
    ...(vm.common.isActivatedEIP(4895) ? { withdrawals: [] } : {}),
    blockOpts: { putBlockIntoBlockchain: false },
  });
}

/** Builds the tracer over the same state store and rules as the executor. */
export function createTracer(deps: TracerDeps, opts: TracerOpts = {}): ChainTracer {
  return new BasaltTracer(deps, opts);
}

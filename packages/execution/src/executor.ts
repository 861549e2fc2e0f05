import { type Logger, silentLogger } from '@basalt/common';
import type { StateStore } from '@basalt/state';
import { Block, createBlock, createBlockFromBytesArray, type HeaderData } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { Caches, type MerkleStateManager } from '@ethereumjs/statemanager';
import type { TypedTransaction } from '@ethereumjs/tx';
import { type Address, bytesToHex, equalsBytes, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import {
  Bloom,
  type BlockBuilder,
  buildBlock,
  createVM,
  runBlock,
  type RunTxResult,
  runTx,
  type VM,
} from '@ethereumjs/vm';
import { CallRunner } from './call.ts';
import { type SimulatedBlock, type SimulateInput, Simulator } from './simulate.ts';
import { evmOptsFor } from './clique.ts';
import { checkTx, checkTxState, checkTxStatic } from './checks.ts';
import { hideSenderCode } from './codeSender.ts';
import {
  BlockValidationError,
  BlockValidationErrorCode,
  type BlockValidationErrorType,
  ExecutionInternalError,
  TxValidationError,
  TxValidationErrorCode,
} from './errors.ts';
import { blockHashesAdapter, Forks, nextBaseFee } from './forks.ts';
import { CallResultCache, callKey } from './callCache.ts';
import { defaultExecutorOpts } from './options.ts';
import { installJumpDestCache } from './jumpDests.ts';
import { deferStorageWrites } from './storageWrites.ts';
import { encodeReceiptRLP, toOutcome } from './outcome.ts';
import { answerEmptyRequestQueues } from './systemCalls.ts';
import { attachConsoleLog } from './tracing/console.ts';
import type {
  BlockOverrides,
  BuildBlockInput,
  BuiltBlock,
  CallRequest,
  CallResult,
  Executor,
  ExecutorDeps,
  ExecutorOpts,
  SkippedTx,
  StateOverrides,
  TxOutcome,
  ValidateTxOpts,
} from './types.ts';

/** Gas of the cheapest transaction: a block with less left is full. */
const TX_GAS = 21_000n;

class BasaltExecutor implements Executor {
  readonly common: Common;
  private readonly states: StateStore;
  private readonly deps: ExecutorDeps;
  private readonly forks: Forks;
  private readonly logger: Logger;
  private readonly calls: CallRunner;
  private readonly simulator: Simulator;
  private readonly readStates = new Map<string, Promise<MerkleStateManager>>();
  private readonly readStateCacheSize: number;
  private readonly callCache: CallResultCache;
  private readonly libraryBuild: boolean;
  /**
   * The state manager and VM the last built block was made with, kept for the next block built
   * on it (instant mining: one block per transaction). See {@link BuildSession}.
   */
  private buildSession: BuildSession | undefined;

  constructor(deps: ExecutorDeps, opts: ExecutorOpts) {
    const o = { ...defaultExecutorOpts, ...opts };
    this.deps = deps;
    this.common = deps.common;
    this.states = deps.states;
    this.forks = new Forks(deps.common);
    this.logger = (deps.logger ?? silentLogger).child({ module: 'execution' });
    this.readStateCacheSize = o.readStateCacheSize;
    this.callCache = new CallResultCache(o.callCacheSize);
    this.libraryBuild = opts.libraryBuild === true;
    this.calls = new CallRunner({
      states: deps.states,
      forks: this.forks,
      vmFor: (common, sm, known) => this.createVM(common, sm, known),
      rpcGasCap: opts.rpcGasCap,
      estimateGasErrorRatio: o.estimateGasErrorRatio,
      onConsoleLog: deps.onConsoleLog,
    });
    this.simulator = new Simulator({
      states: deps.states,
      forks: this.forks,
      vmFor: (common, sm, known) => this.createVM(common, sm, known),
      rpcGasCap: opts.rpcGasCap,
    });
  }

  private async createVM(
    common: Common,
    stateManager: MerkleStateManager,
    known: ReadonlyMap<bigint, Uint8Array>,
  ): Promise<VM> {
    await installJumpDestCache();
    return createVM({
      common,
      stateManager,
      blockchain: blockHashesAdapter(this.deps.blockHashes, known),
      ...evmOptsFor(common),
    });
  }

  /**
   * A state manager at `root` with write caches (account and code writes reach the trie on the
   * outermost commit only). `scratch` keeps its trie writes private until `keepScratchWrites`.
   */
  private async openForWrite(root: Uint8Array, common: Common, scratch = false): Promise<MerkleStateManager> {
    return deferStorageWrites(await this.states.openAt(root, { common, caches: new Caches(), scratch }));
  }

  async buildBlock(input: BuildBlockInput): Promise<BuiltBlock> {
    const { parent, template } = input;
    const number = parent.header.number + 1n;
    const common = this.forks.commonAt(number, template.timestamp);
    const session = await this.takeBuildSession(parent, common);
    const { sm, vm } = session;

    const headerData: HeaderData = {
      ...template.extra,
      parentHash: parent.hash(),
      number,
      timestamp: template.timestamp,
      coinbase: template.coinbase,
      gasLimit: template.gasLimit ?? parent.header.gasLimit,
    };
    if (template.extraData !== undefined) headerData.extraData = template.extraData;
    if (template.difficulty !== undefined) headerData.difficulty = template.difficulty;
    if (template.prevRandao !== undefined) headerData.mixHash = template.prevRandao;
    const baseFee = template.baseFeePerGas ?? nextBaseFee(parent, common);
    if (baseFee !== undefined) headerData.baseFeePerGas = baseFee;
    if (common.isActivatedEIP(4788)) {
      headerData.parentBeaconBlockRoot =
        template.parentBeaconBlockRoot ?? headerData.parentBeaconBlockRoot ?? new Uint8Array(32);
    }
    const gasLimit = headerData.gasLimit as bigint;

    const builder = await buildBlock(vm, {
      parentBlock: parent,
      headerData,
      ...(common.isActivatedEIP(4895) ? { withdrawals: [] } : {}),
      blockOpts: { putBlockIntoBlockchain: false },
    });
    const internals = builder as unknown as BuilderInternals;
    // The block each tx runs in: the header only (runTx reads nothing else), gas used passed apart.
    let headerBlock = createBlock({ header: { ...internals.headerData, gasUsed: 0n } }, { common: vm.common });
    if (template.sealHeader !== undefined) {
      // Clique: the transactions run under a sealed header, so fees go to the signer recovered from
      // it, as they do when peers execute the sealed block.
      const extraData = template.sealHeader(headerBlock.header);
      headerBlock = createBlock({ header: { ...internals.headerData, gasUsed: 0n, extraData } }, { common: vm.common });
    }
    const outcomes: TxOutcome[] = [];
    const skipped: SkippedTx[] = [];
    const maxTxs = input.maxTxs ?? Number.POSITIVE_INFINITY;
    const codeSenderAllowed = this.deps.codeSenderAllowed;
    const ctx = { common, baseFee, blockGasLimit: gasLimit, state: sm, codeSenderAllowed };
    try {
      for (const tx of input.txs) {
        if (outcomes.length >= maxTxs) break;
        const gasLeft = gasLimit - builder.gasUsed;
        if (gasLeft < TX_GAS) break;
        let from: Address;
        try {
          from = await checkTx(tx, ctx);
        } catch (error) {
          skipped.push({ tx, error: error as Error });
          continue;
        }
        if (tx.gasLimit > gasLeft) {
          skipped.push({
            tx,
            error: new TxValidationError({
              code: TxValidationErrorCode.GAS_LIMIT_REACHED,
              txGasLimit: tx.gasLimit,
              gasLeft,
            }),
          });
          continue;
        }
        if (template.sealHeader !== undefined && usesLibraryPath(vm, tx)) {
          // The library's own path runs the transaction under the unsealed header (fees to nobody).
          skipped.push({ tx, error: new TxValidationError({ code: TxValidationErrorCode.BLOB_TX_NOT_SUPPORTED }) });
          continue;
        }
        let result: RunTxResult;
        try {
          result = await addTransaction(
            builder,
            vm,
            tx,
            headerBlock,
            codeSenderAllowed?.(tx) === true ? from : undefined,
          );
        } catch (error) {
          // The checks above mirror runTx's, so this is a rule they do not know, or an exception
          // from inside the EVM (the point-evaluation precompile has no KZG backend here).
          const reason = stripContext(error instanceof Error ? error.message : String(error));
          skipped.push({
            tx,
            error: new ExecutionInternalError(`transaction could not be executed: ${reason}`, { cause: error }),
          });
          this.logger.debug('tx failed in runTx after passing checks', { tx: bytesToHex(tx.hash()) }, error);
          continue;
        }
        outcomes.push(
          toOutcome(
            tx,
            from,
            result,
            baseFee,
            headerBlock.header.excessBlobGas !== undefined ? headerBlock.header.getBlobGasPrice() : undefined,
          ),
        );
      }
      const block = await finishBlock(builder, vm, this.libraryBuild);
      // Only what the new state root reaches goes to the shared store (as for a received block):
      // each trie put rewrote the path to the root, and those superseded nodes are dropped here.
      this.states.keepScratchWrites(sm, block.header.stateRoot);
      // The session's state is now the built block's: the next block is built on it.
      session.root = block.header.stateRoot;
      session.blocks++;
      if (!sessionFull(session)) this.buildSession = session;
      if (this.logger.isDebugEnabled()) {
        this.logger.debug('built block', {
          number: block.header.number,
          txs: outcomes.length,
          skipped: skipped.length,
          gasUsed: block.header.gasUsed,
        });
      }
      return { block, outcomes, skipped };
    } catch (error) {
      await builder.revert();
      throw error;
    }
  }

  /**
   * The kept session when `parent` is the block it last built (same state root, same hardfork),
   * else a new state manager and VM at `parent`'s state. The session is taken: a build running
   * meanwhile opens its own, and only a build that completes puts one back.
   */
  private async takeBuildSession(parent: Block, common: Common): Promise<BuildSession> {
    const kept = this.buildSession;
    this.buildSession = undefined;
    if (
      kept !== undefined &&
      kept.hardfork === common.hardfork() &&
      equalsBytes(kept.root, parent.header.stateRoot) &&
      (kept.sm as unknown as StateManagerInternals)._checkpointCount === 0
    ) {
      kept.known.clear();
      kept.known.set(parent.header.number, parent.hash());
      return kept;
    }
    // Scratch: a block's trie writes reach the shared store only once it is built (see buildBlock).
    const sm = await this.openForWrite(parent.header.stateRoot, common, true);
    const known = new Map([[parent.header.number, parent.hash()]]);
    const vm = await this.createVM(common, sm, known);
    answerEmptyRequestQueues(vm);
    if (this.deps.onConsoleLog !== undefined) attachConsoleLog(vm, this.deps.onConsoleLog);
    return { sm, vm, known, root: parent.header.stateRoot, hardfork: common.hardfork(), blocks: 0 };
  }

  async runBlock(block: Block, parent: Block): Promise<TxOutcome[]> {
    const common = this.forks.commonAt(block.header.number, block.header.timestamp);
    if (block.common.hardfork() !== common.hardfork()) {
      // Decoded without per-block rules: re-read it under the right ones.
      block = createBlockFromBytesArray(block.raw(), { common });
    }
    for (const [i, tx] of block.transactions.entries()) {
      if (tx.type === 3 && common.customCrypto.kzg === undefined) {
        throw invalidTx(
          block,
          i,
          tx,
          new TxValidationError({ code: TxValidationErrorCode.BLOB_TX_NOT_SUPPORTED }).message,
        );
      }
    }
    // Scratch until valid: an invalid block leaves no trie writes pending.
    const sm = await this.openForWrite(parent.header.stateRoot, common, true);
    const vm = await this.createVM(common, sm, new Map([[parent.header.number, parent.hash()]]));
    answerEmptyRequestQueues(vm);
    const results: RunTxResult[] = [];
    let started = 0;
    vm.events.on('beforeTx', () => {
      started++;
    });
    vm.events.on('afterTx', (event) => {
      results.push(event);
    });
    try {
      await runBlock(vm, { block, generate: false, skipHeaderValidation: true });
    } catch (error) {
      throw await translateBlockError(error, block, results, started);
    }
    // Only what the new state root reaches: the trie's superseded intermediate nodes are not written.
    this.states.keepScratchWrites(sm, block.header.stateRoot);
    const baseFee = block.header.baseFeePerGas;
    const blobGasPrice = block.header.excessBlobGas !== undefined ? block.header.getBlobGasPrice() : undefined;
    return block.transactions.map((tx, i) => toOutcome(tx, tx.getSenderAddress(), results[i]!, baseFee, blobGasPrice));
  }

  private readState(root: Uint8Array): Promise<MerkleStateManager> {
    const key = bytesToHex(root);
    let sm = this.readStates.get(key);
    if (sm !== undefined) {
      // Refresh its place in the LRU order.
      this.readStates.delete(key);
      this.readStates.set(key, sm);
      return sm;
    }
    // With the chain's Common: its keccak (native in a node) hashes the keys, and no Mainnet Common is built per state.
    sm = this.states.openAt(root, { scratch: true, common: this.common });
    sm.catch(() => this.readStates.delete(key));
    this.readStates.set(key, sm);
    while (this.readStates.size > this.readStateCacheSize) {
      this.readStates.delete(this.readStates.keys().next().value as string);
    }
    return sm;
  }

  async validateTx(tx: TypedTransaction, head: Block, opts: ValidateTxOpts = {}): Promise<void> {
    const number = head.header.number + 1n;
    const timestamp = opts.timestamp ?? head.header.timestamp + 1n;
    const common = this.forks.commonAt(number, timestamp);
    const baseFee = common.isActivatedEIP(1559) ? (opts.nextBaseFee ?? nextBaseFee(head, common)) : undefined;
    const ctx = {
      common,
      baseFee,
      blockGasLimit: head.header.gasLimit,
      allowFutureNonce: opts.allowFutureNonce,
      codeSenderAllowed: this.deps.codeSenderAllowed,
    };
    const sender = checkTxStatic(tx, ctx);
    const state = opts.state ?? (await this.readState(head.header.stateRoot));
    await checkTxState(tx, sender, { ...ctx, state });
  }

  call(
    req: CallRequest,
    block: Block,
    overrides?: StateOverrides,
    blockOverrides?: BlockOverrides,
  ): Promise<CallResult> {
    if (overrides !== undefined || blockOverrides !== undefined) {
      return this.calls.call(req, block, overrides, blockOverrides);
    }
    // Identical calls on the same block and state share one execution (see callCache.ts).
    // A call that printed console.log lines is not kept: the same call again prints them again.
    return this.callCache.get(
      callKey(req, block),
      () => this.calls.call(req, block),
      (r) => !this.calls.printedConsoleLog(r),
    );
  }

  estimateGas(req: CallRequest, block: Block, overrides?: StateOverrides): Promise<bigint> {
    return this.calls.estimateGas(req, block, overrides);
  }

  simulate(input: SimulateInput, base: Block): Promise<SimulatedBlock[]> {
    return this.simulator.simulate(input, base);
  }

  createAccessList(
    req: CallRequest,
    block: Block,
  ): Promise<{
    accessList: { address: PrefixedHexString; storageKeys: PrefixedHexString[] }[];
    gasUsed: bigint;
    error?: string;
  }> {
    return this.calls.createAccessList(req, block);
  }
}

/**
 * A state manager (with its caches) and VM at the state root of the last block built. The state
 * after block N is the state block N+1 starts from, so building N+1 on N reuses them: no trie,
 * state manager, VM, EVM or opcode table is made again, and the accounts and slots N touched are
 * read from the caches. The session's state manager writes to a scratch layer: on `build()` (its
 * `flush`) the trie nodes the block's state root reaches move to the shared trie-node store, which
 * the chain commits with the block, and the superseded ones are dropped; a block built on any
 * other state (an import, a dev state setter, a reorg, another hardfork) opens a new session.
 */
interface BuildSession {
  sm: MerkleStateManager;
  vm: VM;
  /** The block hashes the VM knows without a lookup (the parent's), refilled per block. */
  known: Map<bigint, Uint8Array>;
  /** The state root `sm` is at. */
  root: Uint8Array;
  hardfork: string;
  blocks: number;
}

/** Blocks one session builds before it is opened again, so its caches cannot grow without bound. */
const SESSION_MAX_BLOCKS = 256;
/** Cached accounts + storage slots above which a session is opened again. */
const SESSION_MAX_CACHED = 50_000;

function sessionFull(s: BuildSession): boolean {
  if (s.blocks >= SESSION_MAX_BLOCKS) return true;
  const caches = (s.sm as unknown as { _caches?: { account?: { size(): number }; storage?: { size(): number } } })
    ._caches;
  return (caches?.account?.size() ?? 0) + (caches?.storage?.size() ?? 0) > SESSION_MAX_CACHED;
}

/** The BlockBuilder fields {@link addTransaction} maintains (TypeScript-private, plain at runtime). */
interface BuilderInternals {
  headerData: HeaderData;
  transactions: TypedTransaction[];
  transactionResults: RunTxResult[];
  gasUsed: bigint;
  _minerValue: bigint;
  checkpointed: boolean;
}

/** The state manager's checkpoint depth (TypeScript-private). */
interface StateManagerInternals {
  _checkpointCount: number;
}

/** True when {@link addTransaction} hands `tx` to the library's builder. */
function usesLibraryPath(vm: VM, tx: TypedTransaction): boolean {
  return vm.common.isActivatedEIP(8037) || vm.common.isActivatedEIP(7928) || tx.type === 3;
}

/**
 * `BlockBuilder.addTransaction` without its cost: the library's version builds a Block holding
 * every transaction added so far, for each new one (re-creating them all: O(n²), about a minute
 * for 1000 transfers). This runs the tx in a header-only block and passes the cumulative gas
 * apart, then records it exactly as the library does, so `build()` is unchanged. EIP-8037
 * (two-dimensional gas, Amsterdam) keeps the library path.
 */
async function addTransaction(
  builder: BlockBuilder,
  vm: VM,
  tx: TypedTransaction,
  headerBlock: Block,
  codeSender?: Address,
): Promise<RunTxResult> {
  // Blob transactions take the library path too: it accounts blob gas and strips the sidecar.
  if (usesLibraryPath(vm, tx)) {
    return builder.addTransaction(tx, { allowNoBlobs: true });
  }
  const b = builder as unknown as BuilderInternals;
  if (!b.checkpointed) {
    await vm.evm.journal.checkpoint();
    b.checkpointed = true;
  }
  const sm = vm.stateManager as unknown as StateManagerInternals;
  const depth = sm._checkpointCount;
  await vm.evm.journal.checkpoint();
  let result: RunTxResult;
  // A sender allowed to have code: runTx's EOA check does not see it (codeSender.ts).
  const restore = codeSender !== undefined ? await hideSenderCode(vm.stateManager, codeSender) : undefined;
  try {
    result = await runTx(vm, { tx, block: headerBlock, blockGasUsed: builder.gasUsed });
  } catch (error) {
    // An exception thrown inside the EVM (not a VM error: e.g. a precompile without its crypto
    // backend) leaves the EVM's own checkpoints open, and runTx then reverts the wrong levels
    // (and resets the journal's height): the sender's nonce bump and gas debit would stay.
    // Unwind the state manager to where this tx started.
    while (sm._checkpointCount > depth) await vm.stateManager.revert();
    throw error;
  } finally {
    restore?.();
  }
  await vm.evm.journal.commit();
  b.transactions.push(tx);
  b.transactionResults.push(result);
  b.gasUsed += result.blockGasSpent;
  b._minerValue += result.minerValue;
  return result;
}

/** The BlockBuilder members {@link finishBlock} replaces or reads (TypeScript-private, plain at runtime). */
interface BuildInternals {
  transactions: TypedTransaction[];
  transactionResults: RunTxResult[];
  withdrawals?: unknown[];
  transactionsTrie(): Promise<Uint8Array>;
  receiptTrie(): Promise<Uint8Array>;
}

/**
 * `builder.build()`, the block it returns the same, without its per-block cost: the library makes
 * a MerklePatriciaTrie for the transactions, one for the receipts and one for the (empty)
 * withdrawals, then `createBlock` re-creates every transaction it was given. Here the builder's
 * own two roots are taken first, an empty withdrawals list is left to the header's and block's
 * defaults (the empty trie's root, `[]`), and the block is made once from the transactions that ran; the library's `build()` still
 * does everything else (miner reward, requests, state root, header, journal). Blocks with a
 * transaction the library added itself (blob transactions, Amsterdam's EIPs: see
 * {@link usesLibraryPath}) and `libraryBuild` keep the library's `build()`.
 */
async function finishBlock(builder: BlockBuilder, vm: VM, libraryBuild: boolean): Promise<Block> {
  const b = builder as unknown as BuildInternals;
  const txs = b.transactions;
  if (libraryBuild || txs.some((tx) => usesLibraryPath(vm, tx))) return (await builder.build()).block;
  // The library's own roots, taken while it still holds the transactions.
  const txRoot = await b.transactionsTrie();
  const receiptRoot = await b.receiptTrie();
  b.transactionsTrie = async () => txRoot;
  b.receiptTrie = async () => receiptRoot;
  if (b.withdrawals?.length === 0) b.withdrawals = undefined;
  b.transactions = [];
  try {
    const { block: shell } = await builder.build();
    return new Block(shell.header, txs, [], shell.withdrawals);
  } finally {
    b.transactions = txs;
  }
}

/** Builds the {@link Executor} over `deps.states`. */
export async function createExecutor(deps: ExecutorDeps, opts: ExecutorOpts = {}): Promise<Executor> {
  return new BasaltExecutor(deps, opts);
}

function invalidTx(
  block: Block,
  txIndex: number,
  tx: TypedTransaction | undefined,
  reason: string,
  cause?: unknown,
): BlockValidationError {
  let txHash: PrefixedHexString | undefined;
  try {
    txHash = tx !== undefined ? bytesToHex(tx.hash()) : undefined;
  } catch {
    txHash = undefined;
  }
  return new BlockValidationError(
    {
      code: BlockValidationErrorCode.INVALID_TRANSACTION,
      blockNumber: block.header.number,
      blockHash: bytesToHex(block.hash()),
      txIndex,
      txHash,
      reason,
    },
    { cause },
  );
}

/** ethereumjs appends ` (vm hf=… -> block … -> tx …)` to its messages; drop it. */
function stripContext(message: string): string {
  const i = message.indexOf(' (vm hf=');
  return i >= 0 ? message.slice(0, i) : message;
}

/** geth's words for the runTx failures ethereumjs reports in its own. */
function txFailureReason(message: string): string {
  let m = /account has nonce of: (\d+) tx has nonce of: (\d+)/.exec(message);
  if (m !== null)
    return BigInt(m[2]!) < BigInt(m[1]!)
      ? `nonce too low: tx: ${m[2]} state: ${m[1]}`
      : `nonce too high: tx: ${m[2]} state: ${m[1]}`;
  m = /INTRINSIC_GAS_TOO_LOW: tx gas limit (\d+) is lower than the minimum gas limit of (\d+)/.exec(message);
  if (m !== null) return `intrinsic gas too low: have ${m[1]}, want ${m[2]}`;
  if (message.includes("sender doesn't have enough funds"))
    return `insufficient funds for gas * price + value: ${message}`;
  if (message.includes("is less than the block's baseFeePerGas"))
    return `max fee per gas less than block base fee: ${message}`;
  if (message.includes('higher gas limit than the block')) return 'gas limit reached';
  if (message.includes('not EOA')) return 'sender not an eoa';
  if (message.includes('is not activated')) return 'transaction type not supported';
  return message;
}

async function receiptsRootOf(block: Block, results: RunTxResult[]): Promise<Uint8Array> {
  const trie = new MerklePatriciaTrie({ common: block.common });
  for (const [i, r] of results.entries()) {
    const tx = block.transactions[i]!;
    const outcome = toOutcome(tx, tx.getSenderAddress(), r, block.header.baseFeePerGas);
    await trie.put(RLP.encode(i), encodeReceiptRLP(outcome));
  }
  return trie.root();
}

function bloomOf(block: Block, results: RunTxResult[]): Uint8Array {
  const bloom = new Bloom(undefined, block.common);
  for (const r of results) bloom.or(r.bloom);
  return bloom.bitvector;
}

/** Turns what vm.runBlock threw into a {@link BlockValidationError} (house style P12: no library errors leak). */
async function translateBlockError(
  error: unknown,
  block: Block,
  results: RunTxResult[],
  started: number,
): Promise<unknown> {
  const raw = error instanceof Error ? error.message : String(error);
  const message = stripContext(raw);
  const blockNumber = block.header.number;
  const blockHash = bytesToHex(block.hash());
  const mismatch = (
    code: Exclude<BlockValidationErrorType['code'], 'INVALID_TRANSACTION' | 'INVALID_BLOCK' | 'GAS_USED_MISMATCH'>,
    expected: Uint8Array,
    got: Uint8Array | undefined,
  ) =>
    new BlockValidationError(
      {
        code,
        blockNumber,
        blockHash,
        expected: bytesToHex(expected),
        got: got !== undefined ? bytesToHex(got) : undefined,
      },
      { cause: error },
    );
  const allRan = results.length === block.transactions.length;
  if (started > results.length || message.includes('higher gas limit than the block')) {
    const i = results.length;
    return invalidTx(block, i, block.transactions[i], txFailureReason(message), error);
  }
  if (message.startsWith('invalid block stateRoot')) {
    const got = /got: (0x[0-9a-fA-F]+)/.exec(message)?.[1];
    return mismatch(
      BlockValidationErrorCode.STATE_ROOT_MISMATCH,
      block.header.stateRoot,
      got !== undefined ? hexToBytes(got as PrefixedHexString) : undefined,
    );
  }
  if (message.startsWith('invalid receiptTrie')) {
    const got = allRan ? await receiptsRootOf(block, results) : undefined;
    return mismatch(BlockValidationErrorCode.RECEIPTS_ROOT_MISMATCH, block.header.receiptTrie, got);
  }
  if (message.startsWith('invalid bloom')) {
    return mismatch(
      BlockValidationErrorCode.LOGS_BLOOM_MISMATCH,
      block.header.logsBloom,
      allRan ? bloomOf(block, results) : undefined,
    );
  }
  if (message.startsWith('invalid gasUsed')) {
    const got = allRan ? results.reduce((sum, r) => sum + r.blockGasSpent, 0n) : undefined;
    return new BlockValidationError(
      { code: BlockValidationErrorCode.GAS_USED_MISMATCH, blockNumber, blockHash, expected: block.header.gasUsed, got },
      { cause: error },
    );
  }
  if (message.startsWith('invalid requestsHash')) {
    return mismatch(
      BlockValidationErrorCode.REQUESTS_HASH_MISMATCH,
      block.header.requestsHash ?? new Uint8Array(32),
      undefined,
    );
  }
  if (message.includes('invalid transaction trie')) {
    return mismatch(
      BlockValidationErrorCode.TRANSACTIONS_ROOT_MISMATCH,
      block.header.transactionsTrie,
      await block.genTxTrie(),
    );
  }
  const txError =
    /errors at tx (\d+): ([\s\S]*)$/.exec(message) ?? /transaction at index (\d+) is (unsigned)/.exec(message);
  if (txError !== null) {
    const i = Number(txError[1]);
    const reason = txError[2] === 'unsigned' ? 'invalid sender' : txError[2]!;
    return invalidTx(block, i, block.transactions[i], reason, error);
  }
  if (error instanceof Error && 'type' in error) return error; // already a BasaltError (e.g. from state)
  return new BlockValidationError(
    { code: BlockValidationErrorCode.INVALID_BLOCK, blockNumber, blockHash, reason: message },
    { cause: error },
  );
}

// eth_simulateV1 with geth's semantics (internal/ethapi/simulate.go): several blocks on top of a
// base block, on a scratch state that is thrown away. Each block gets its header from the
// overrides and its parent, runs the pre-block system calls (EIP-4788, EIP-2935), its state
// overrides, then its calls as unsigned transactions, then withdrawals and the EIP-7685 requests;
// its roots, bloom and hash are computed as for a real block, so they match geth's.
import type { StateStore } from '@basalt/state';
import {
  Block,
  type BlockHeader,
  createBlock,
  createBlockHeader,
  genTransactionsTrieRoot,
  type HeaderData,
  paramsBlock,
} from '@ethereumjs/block';
import { type Common, Hardfork } from '@ethereumjs/common';
import type { EVMResult } from '@ethereumjs/evm';
import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { Caches, type MerkleStateManager } from '@ethereumjs/statemanager';
import { createTx, getCalldataFloorGas, type TypedTransaction, type TypedTxData } from '@ethereumjs/tx';
import {
  type Account,
  type Address,
  bigIntToBytes,
  bytesToHex,
  createAddressFromString,
  createContractAddress,
  createZeroAddress,
  hexToBytes,
  KECCAK256_RLP,
  MAX_UINT64,
  type PrefixedHexString,
  setLengthLeft,
  toChecksumAddress,
} from '@ethereumjs/util';
import { Bloom, buildBlock, encodeReceipt, type RunTxResult, runTx, type VM } from '@ethereumjs/vm';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { writeAccountOverride } from './call.ts';
import { hideSenderCode } from './codeSender.ts';
import { SimulateError, SimulateErrorCode } from './errors.ts';
import type { Forks } from './forks.ts';
import { gethRevertReason, vmErrorMessage } from './revert.ts';
import { deferStorageWrites } from './storageWrites.ts';
import { TraceSession } from './tracing/session.ts';
import type { BlockOverrides, CallRequest, ExecLog, StateOverrides } from './types.ts';

/** geth's limits: blocks per request, calls per block, calls per request. */
const MAX_SIMULATE_BLOCKS = 256n;
const MAX_SIMULATE_CALLS_PER_BLOCK = 5000;
const MAX_SIMULATE_TOTAL_CALLS = 10000;
/** Seconds between simulated blocks whose time is not given. */
const TIMESTAMP_INCREMENT = 12n;
/** geth's default RPC gas cap: the budget of all calls of one request when none is configured. */
const DEFAULT_SIMULATE_GAS_CAP = 50_000_000n;

/** keccak256("Transfer(address,address,uint256)") */
const TRANSFER_TOPIC = hexToBytes('0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef');
/** ERC-7528: the address that stands for native ETH in the synthetic transfer logs. */
const ETH_ADDRESS = hexToBytes('0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee');

export interface Withdrawal {
  index: bigint;
  validatorIndex: bigint;
  address: Address;
  /** In gwei. */
  amount: bigint;
}

/** Block overrides of eth_simulateV1: eth_call's, plus withdrawals and the beacon root. */
export interface SimBlockOverrides extends BlockOverrides {
  withdrawals?: Withdrawal[];
  beaconRoot?: Uint8Array;
}

export interface SimBlockInput {
  blockOverrides?: SimBlockOverrides;
  stateOverrides?: StateOverrides;
  calls?: CallRequest[];
}

export interface SimulateInput {
  blockStateCalls: SimBlockInput[];
  /** Add an ERC-7528 Transfer log for every value transfer. */
  traceTransfers?: boolean;
  /** Check nonces, base fee and balances as a real block would. */
  validation?: boolean;
}

/** A log of a simulated call, with its position. */
export interface SimLog extends ExecLog {
  blockNumber: bigint;
  blockHash: Uint8Array;
  blockTimestamp: bigint;
  transactionHash: Uint8Array;
  transactionIndex: number;
  logIndex: number;
}

export interface SimCallResult {
  returnData: Uint8Array;
  logs: SimLog[];
  gasUsed: bigint;
  /** Gas used before refunds (at least the EIP-7623 floor). */
  maxUsedGas: bigint;
  status: 0 | 1;
  /** code 3 with `data` for a revert, -32015 for any other failure. */
  error?: { code: number; message: string; data?: PrefixedHexString };
}

export interface SimulatedBlock {
  /** The block as geth assembles it: unsigned transactions (zero signature), real roots and hash. */
  block: Block;
  /** The sender of each transaction. */
  senders: Address[];
  calls: SimCallResult[];
}

export interface SimulatorDeps {
  states: StateStore;
  forks: Forks;
  vmFor(common: Common, sm: MerkleStateManager, known: ReadonlyMap<bigint, Uint8Array>): Promise<VM>;
  rpcGasCap: bigint | undefined;
}

interface PlannedBlock {
  number: bigint;
  time: bigint;
  overrides: SimBlockOverrides;
  stateOverrides: StateOverrides | undefined;
  calls: CallRequest[];
}

const fail = (code: SimulateErrorCode, message: string) => new SimulateError(code, message);

/** eth_simulateV1's engine. */
export class Simulator {
  private readonly deps: SimulatorDeps;

  constructor(deps: SimulatorDeps) {
    this.deps = deps;
  }

  async simulate(input: SimulateInput, base: Block): Promise<SimulatedBlock[]> {
    const blocks = input.blockStateCalls;
    if (blocks.length === 0) throw fail(SimulateErrorCode.INVALID_PARAMS, 'empty input');
    if (BigInt(blocks.length) > MAX_SIMULATE_BLOCKS)
      throw fail(SimulateErrorCode.CLIENT_LIMIT_EXCEEDED, 'too many blocks');
    let total = 0;
    for (const b of blocks) {
      const n = b.calls?.length ?? 0;
      if (n > MAX_SIMULATE_CALLS_PER_BLOCK) {
        throw fail(
          SimulateErrorCode.CLIENT_LIMIT_EXCEEDED,
          `too many calls in block: ${n} > ${MAX_SIMULATE_CALLS_PER_BLOCK}`,
        );
      }
      total += n;
      if (total > MAX_SIMULATE_TOTAL_CALLS) {
        throw fail(SimulateErrorCode.CLIENT_LIMIT_EXCEEDED, `too many calls: ${total} > ${MAX_SIMULATE_TOTAL_CALLS}`);
      }
    }
    const planned = plan(blocks, base.header);
    const first = planned[0]!;
    const sm = deferStorageWrites(
      await this.deps.states.openAt(base.header.stateRoot, {
        common: this.deps.forks.commonAt(first.number, first.time),
        caches: new Caches(),
        scratch: true,
      }),
    );
    const run = new SimRun(this.deps, sm, base, input);
    const out: SimulatedBlock[] = [];
    for (const p of planned) out.push(await run.block(p));
    return out;
  }
}

/** geth's sanitizeChain: default numbers and times, order checks, gaps filled with empty blocks. */
function plan(blocks: SimBlockInput[], base: BlockHeader): PlannedBlock[] {
  const out: PlannedBlock[] = [];
  let prevNumber = base.number;
  let prevTime = base.timestamp;
  for (const b of blocks) {
    const overrides: SimBlockOverrides = { ...b.blockOverrides };
    const number = overrides.number ?? prevNumber + 1n;
    if (number <= prevNumber) {
      throw fail(SimulateErrorCode.BLOCK_NUMBER_INVALID, `block numbers must be in order: ${number} <= ${prevNumber}`);
    }
    if (number - base.number > MAX_SIMULATE_BLOCKS) {
      throw fail(SimulateErrorCode.CLIENT_LIMIT_EXCEEDED, 'too many blocks');
    }
    for (let n = prevNumber + 1n; n < number; n++) {
      prevTime += TIMESTAMP_INCREMENT;
      out.push({ number: n, time: prevTime, overrides: {}, stateOverrides: undefined, calls: [] });
    }
    prevNumber = number;
    let time: bigint;
    if (overrides.time === undefined) {
      time = prevTime + TIMESTAMP_INCREMENT;
    } else {
      time = overrides.time;
      if (time <= prevTime) {
        throw fail(
          SimulateErrorCode.BLOCK_TIMESTAMP_INVALID,
          `block timestamps must be in order: ${time} <= ${prevTime}`,
        );
      }
    }
    prevTime = time;
    out.push({ number, time, overrides, stateOverrides: b.stateOverrides, calls: b.calls ?? [] });
  }
  return out;
}

/** The state of one request: the scratch state, the headers so far, the gas budget. */
class SimRun {
  private readonly deps: SimulatorDeps;
  private readonly sm: MerkleStateManager;
  private readonly validate: boolean;
  private readonly traceTransfers: boolean;
  /** Hashes BLOCKHASH sees above the canonical chain: the base and the simulated blocks so far. */
  private readonly known = new Map<bigint, Uint8Array>();
  private parent: BlockHeader;
  /** The previous header as made from overrides (coinbase and gas limit carry over from it). */
  private prevCoinbase: Address;
  private prevGasLimit: bigint;
  private prevDifficulty: bigint;
  private budget: bigint;

  constructor(deps: SimulatorDeps, sm: MerkleStateManager, base: Block, input: SimulateInput) {
    this.deps = deps;
    this.sm = sm;
    this.validate = input.validation === true;
    this.traceTransfers = input.traceTransfers === true;
    this.parent = base.header;
    this.prevCoinbase = base.header.coinbase;
    this.prevGasLimit = base.header.gasLimit;
    this.prevDifficulty = base.header.difficulty;
    this.known.set(base.header.number, base.hash());
    this.budget = deps.rpcGasCap === undefined || deps.rpcGasCap === 0n ? DEFAULT_SIMULATE_GAS_CAP : deps.rpcGasCap;
  }

  async block(p: PlannedBlock): Promise<SimulatedBlock> {
    const common = this.deps.forks.commonAt(p.number, p.time);
    // The block rules (blob gas per blob, targets) are needed before any header is made with it.
    common.updateParams(paramsBlock);
    const o = p.overrides;
    const parent = this.parent;
    const coinbase = o.feeRecipient ?? this.prevCoinbase;
    const gasLimit = o.gasLimit ?? this.prevGasLimit;
    const difficulty = common.gteHardfork(Hardfork.Paris) ? 0n : this.prevDifficulty;
    this.prevCoinbase = coinbase;
    this.prevGasLimit = gasLimit;
    this.prevDifficulty = difficulty;

    const headerData: HeaderData = {
      parentHash: parent.hash(),
      coinbase,
      difficulty,
      number: p.number,
      gasLimit,
      timestamp: p.time,
      extraData: new Uint8Array(0),
      mixHash: o.prevRandao ?? new Uint8Array(32),
      nonce: new Uint8Array(8),
    };
    let baseFee: bigint | undefined;
    if (common.isActivatedEIP(1559)) {
      baseFee = o.baseFeePerGas ?? (this.validate ? nextBaseFeeOf(parent, common) : 0n);
      headerData.baseFeePerGas = baseFee;
    }
    if (common.isActivatedEIP(4844)) {
      headerData.excessBlobGas =
        parent.common.isActivatedEIP(4844) || parent.excessBlobGas !== undefined
          ? parent.calcNextExcessBlobGas(common)
          : 0n;
      headerData.blobGasUsed = 0n;
    }
    if (common.isActivatedEIP(4788)) headerData.parentBeaconBlockRoot = o.beaconRoot ?? new Uint8Array(32);

    const vm = await this.deps.vmFor(common, this.sm, this.known);
    // geth applies the block's state overrides before its system calls.
    if (p.stateOverrides !== undefined) {
      // In a checkpoint of their own, committed: as geth's Finalise, they are part of the state from here on.
      await this.sm.checkpoint();
      const standard = new Set(vm.evm.precompiles.keys());
      await applyOverrides(vm, this.sm, p.stateOverrides);
      await this.sm.commit();
      warmLikeGeth(vm, standard);
    }
    // Pre-block system calls (EIP-4788 beacon root, EIP-2935 parent hash), as the library's builder runs them.
    const builder = await buildBlock(vm, {
      parentBlock: { hash: () => parent.hash(), header: parent } as unknown as Block,
      headerData,
      ...(common.isActivatedEIP(4895)
        ? {
            withdrawals: (o.withdrawals ?? []).map((w) => ({
              index: w.index,
              validatorIndex: w.validatorIndex,
              address: w.address,
              amount: w.amount,
            })),
          }
        : {}),
      blockOpts: { putBlockIntoBlockchain: false, skipConsensusFormatValidation: true },
    });

    // The header the calls run under; a copy with base fee 0 for calls that pay nothing (geth's NoBaseFee).
    const runHeader = (zeroBaseFee: boolean): Block => {
      const h: HeaderData = { ...headerData };
      if (zeroBaseFee && h.baseFeePerGas !== undefined) h.baseFeePerGas = 0n;
      const block = createBlock({ header: h }, { common, skipConsensusFormatValidation: true, freeze: false });
      if (o.blobBaseFee !== undefined) {
        const fee = o.blobBaseFee;
        Object.defineProperty(block.header, 'getBlobGasPrice', { value: () => fee });
      }
      return block;
    };
    const headerBlocks = new Map<boolean, Block>();
    const headerFor = (zero: boolean): Block => {
      let b = headerBlocks.get(zero);
      if (b === undefined) {
        b = runHeader(zero);
        headerBlocks.set(zero, b);
      }
      return b;
    };

    // Transactions are built under pre-Osaka rules when the call's gas is above the EIP-7825 cap:
    // geth skips that check for simulated calls (SkipTransactionChecks).
    const txCommon = common.copy();
    if (txCommon.isActivatedEIP(7825)) txCommon.setHardfork(Hardfork.Prague);

    const txs: TypedTransaction[] = [];
    const senders: Address[] = [];
    const results: RunTxResult[] = [];
    const calls: SimCallResult[] = [];
    const tracer = new LogTracer(this.traceTransfers, p.number, p.time);
    // Transfers interleave with logs in call order, which takes the EVM's frame and step events;
    // without them the receipt logs are the same and the EVM runs without step hooks.
    const session = this.traceTransfers
      ? new TraceSession(vm, tracer, { coinbase, timeoutMs: 3_600_000, startedAt: Date.now() })
      : undefined;
    let gasUsed = 0n;
    let blobGasUsed = 0n;
    try {
      for (const [i, call] of p.calls.entries()) {
        const from = call.from ?? createZeroAddress();
        const account = await this.sm.getAccount(from);
        const remaining = gasLimit - gasUsed;
        const requested = call.gas ?? remaining;
        if (remaining < requested) {
          throw fail(
            SimulateErrorCode.BLOCK_GAS_LIMIT_REACHED,
            `block gas limit reached: remaining: ${remaining}, required: ${requested}`,
          );
        }
        let gas = requested;
        if (gas > this.budget) gas = this.budget;
        const gasCapped = gas < requested;
        const nonce = call.nonce ?? account?.nonce ?? 0n;
        const tx = this.buildTx(call, txCommon, gas, nonce, baseFee);
        const hash = keccak_256(tx.serialize());
        Object.defineProperty(tx, 'hash', { value: () => hash });
        Object.defineProperty(tx, 'getSenderAddress', { value: () => from });
        const zeroFee = await this.preCheck(tx, call, from, account, baseFee, headerFor(false));
        tracer.reset(hash, i, tx.to === undefined ? createContractAddress(from, account?.nonce ?? 0n) : undefined);
        const result = await this.execute(
          vm,
          tx,
          from,
          account,
          headerFor(zeroFee && baseFee !== undefined && baseFee > 0n),
          gasUsed,
        );
        gasUsed += result.blockGasSpent;
        if (tx.type === 3) blobGasUsed += result.blobGasUsed ?? 0n;
        this.budget -= result.totalGasSpent;
        txs.push(tx);
        senders.push(from);
        results.push(result);
        if (session === undefined) tracer.receiptLogs(result.execResult.logs ?? []);
        calls.push(callResult(tx, result, tracer.logs(), gasCapped, from));
      }
    } finally {
      session?.detach();
    }

    // Withdrawals, EIP-7685 requests and the state root, by the library's builder (no transactions
    // in it: the block is assembled here, where the unsigned transactions are kept as they are).
    const internals = builder as unknown as { transactionResults: RunTxResult[] };
    internals.transactionResults = results.map((r) => ({ ...r }));
    (builder as unknown as { receiptTrie: () => Promise<Uint8Array> }).receiptTrie = async () => KECCAK256_RLP;
    const { block: shell } = await builder.build();
    const bloom = new Bloom(undefined, common);
    for (const r of results) bloom.or(r.bloom);
    const receiptTrie = new MerklePatriciaTrie({ common });
    let cumulative = 0n;
    for (const [i, r] of results.entries()) {
      cumulative += r.blockGasSpent;
      await receiptTrie.put(
        RLP.encode(i),
        encodeReceipt({ ...r.receipt, cumulativeBlockGasUsed: cumulative }, txs[i]!.type),
      );
    }
    const finalHeader: HeaderData = {
      ...headerData,
      stateRoot: shell.header.stateRoot,
      transactionsTrie: await genTransactionsTrieRoot(txs, new MerklePatriciaTrie({ common })),
      receiptTrie: results.length === 0 ? KECCAK256_RLP : receiptTrie.root(),
      logsBloom: bloom.bitvector,
      gasUsed,
    };
    if (shell.header.withdrawalsRoot !== undefined) finalHeader.withdrawalsRoot = shell.header.withdrawalsRoot;
    if (shell.header.requestsHash !== undefined) finalHeader.requestsHash = shell.header.requestsHash;
    if (common.isActivatedEIP(4844)) finalHeader.blobGasUsed = blobGasUsed;
    const header = createBlockHeader(finalHeader, { common, skipConsensusFormatValidation: true });
    const block = new Block(header, txs, [], shell.withdrawals, { common });
    const blockHash = block.hash();
    for (const c of calls) for (const l of c.logs) l.blockHash = blockHash;
    this.known.set(p.number, blockHash);
    this.parent = header;
    return { block, senders, calls };
  }

  /** geth's TransactionArgs.ToTransaction(DynamicFeeTxType) after CallDefaults: unsigned. */
  private buildTx(
    call: CallRequest,
    common: Common,
    gas: bigint,
    nonce: bigint,
    baseFee: bigint | undefined,
  ): TypedTransaction {
    if (call.gasPrice !== undefined && (call.maxFeePerGas !== undefined || call.maxPriorityFeePerGas !== undefined)) {
      throw fail(SimulateErrorCode.FAILED, 'both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified');
    }
    const chainId = common.chainId();
    const given = (call as { chainId?: bigint }).chainId;
    if (given !== undefined && given !== chainId) {
      throw fail(SimulateErrorCode.FAILED, `chainId does not match node's (have=${given}, want=${chainId})`);
    }
    let type: number;
    if (baseFee === undefined || call.gasPrice !== undefined) type = 0;
    else if (call.authorizationList !== undefined) type = 4;
    else if (call.blobVersionedHashes !== undefined) type = 3;
    else type = 2;
    const data: Record<string, unknown> = {
      type,
      nonce,
      gasLimit: gas,
      to: call.to,
      value: call.value ?? 0n,
      data: call.data ?? new Uint8Array(0),
    };
    if (type === 0) {
      data.gasPrice = call.gasPrice ?? 0n;
    } else {
      data.chainId = chainId;
      data.accessList = call.accessList ?? [];
      data.maxFeePerGas = call.maxFeePerGas ?? 0n;
      data.maxPriorityFeePerGas = call.maxPriorityFeePerGas ?? 0n;
    }
    if (type === 3) {
      data.blobVersionedHashes = call.blobVersionedHashes ?? [];
      data.maxFeePerBlobGas = call.maxFeePerBlobGas ?? 0n;
    }
    if (type === 4) data.authorizationList = call.authorizationList ?? [];
    if (call.to === undefined && common.isActivatedEIP(3860)) {
      const limit = Number(common.param('maxInitCodeSize'));
      const size = (call.data ?? new Uint8Array(0)).length;
      if (size > limit) {
        throw fail(
          SimulateErrorCode.MAX_INIT_CODE_SIZE,
          `max initcode size exceeded: code size ${size}, limit ${limit}`,
        );
      }
    }
    // geth simulates a sender at nonce 2^64-1 (its nonce wraps to 0); the library refuses such a tx.
    const overflow = nonce >= MAX_UINT64;
    if (overflow) data.nonce = 0n;
    try {
      const tx = createTx(data as TypedTxData, { common, freeze: false });
      if (overflow) (tx as { nonce: bigint }).nonce = nonce;
      return tx;
    } catch (cause) {
      throw fail(SimulateErrorCode.FAILED, stripContext(String((cause as Error).message ?? cause)));
    }
  }

  /** geth's preCheck and buyGas, in its order and with its codes. Returns whether the call pays no fee. */
  private async preCheck(
    tx: TypedTransaction,
    call: CallRequest,
    from: Address,
    account: Account | undefined,
    baseFee: bigint | undefined,
    header: Block,
  ): Promise<boolean> {
    const address = toChecksumAddress(from.toString());
    const stateNonce = account?.nonce ?? 0n;
    if (this.validate) {
      if (stateNonce < tx.nonce) {
        throw fail(
          SimulateErrorCode.NONCE_TOO_HIGH,
          `nonce too high: address ${address}, tx: ${tx.nonce} state: ${stateNonce}`,
        );
      }
      if (stateNonce > tx.nonce) {
        throw fail(
          SimulateErrorCode.NONCE_TOO_LOW,
          `nonce too low: address ${address}, tx: ${tx.nonce} state: ${stateNonce}`,
        );
      }
      if (stateNonce >= MAX_UINT64) {
        throw fail(SimulateErrorCode.INVALID_TX, `nonce has max value: address ${address}, nonce: ${stateNonce}`);
      }
    }
    const feeCap =
      tx.type === 0 ? (tx as { gasPrice: bigint }).gasPrice : (tx as { maxFeePerGas: bigint }).maxFeePerGas;
    const tip =
      tx.type === 0
        ? (tx as { gasPrice: bigint }).gasPrice
        : (tx as { maxPriorityFeePerGas: bigint }).maxPriorityFeePerGas;
    const zeroFee = feeCap === 0n && tip === 0n;
    if (baseFee !== undefined && !(!this.validate && zeroFee)) {
      if (feeCap < tip) {
        throw fail(
          SimulateErrorCode.INVALID_PARAMS,
          `max priority fee per gas higher than max fee per gas: address ${address}, maxPriorityFeePerGas: ${tip}, maxFeePerGas: ${feeCap}`,
        );
      }
      if (feeCap < baseFee) {
        throw fail(
          SimulateErrorCode.BASE_FEE_TOO_LOW,
          `max fee per gas less than block base fee: address ${address}, maxFeePerGas: ${feeCap}, baseFee: ${baseFee}`,
        );
      }
    }
    let want = tx.gasLimit * feeCap + tx.value;
    if (tx.type === 3) {
      const blobs = BigInt(call.blobVersionedHashes?.length ?? 0);
      want += blobs * tx.common.param('blobGasPerBlob') * (call.maxFeePerBlobGas ?? 0n);
      const blobFee = header.header.getBlobGasPrice();
      const cap = call.maxFeePerBlobGas ?? 0n;
      if (!(!this.validate && cap === 0n) && cap < blobFee) {
        throw fail(
          SimulateErrorCode.FAILED,
          `max fee per blob gas less than block blob gas fee: address ${address} blobGasFeeCap: ${cap}, blobBaseFee: ${blobFee}`,
        );
      }
    }
    const balance = account?.balance ?? 0n;
    if (balance < want) {
      throw fail(
        SimulateErrorCode.INSUFFICIENT_FUNDS,
        `insufficient funds for gas * price + value: address ${address} have ${balance} want ${want}`,
      );
    }
    const intrinsic = tx.getIntrinsicGas();
    if (tx.gasLimit < intrinsic) {
      throw fail(SimulateErrorCode.INTRINSIC_GAS, `intrinsic gas too low: have ${tx.gasLimit}, want ${intrinsic}`);
    }
    const floor = getCalldataFloorGas(tx, from);
    if (tx.gasLimit < floor) {
      throw fail(
        SimulateErrorCode.INVALID_TX,
        `insufficient gas for floor data gas cost: have ${tx.gasLimit}, want ${floor}`,
      );
    }
    return zeroFee;
  }

  /** runTx without its nonce and EOA checks (geth skips both for simulated calls, nonce unless validating). */
  private async execute(
    vm: VM,
    tx: TypedTransaction,
    from: Address,
    account: Account | undefined,
    block: Block,
    blockGasUsed: bigint,
  ): Promise<RunTxResult> {
    const sm = this.sm as unknown as { _checkpointCount: number };
    const depth = sm._checkpointCount;
    // geth lets a contract (or a precompile) be the sender of a simulated call.
    const restore = account !== undefined ? await hideSenderCode(this.sm, from) : undefined;
    try {
      const result = await runTx(vm, {
        tx,
        block,
        skipNonce: true,
        skipBlockGasLimitValidation: true,
        skipHardForkValidation: true,
        blockGasUsed,
      });
      const after = await this.sm.getAccount(from);
      if (after !== undefined && after.nonce > MAX_UINT64) {
        // geth's uint64 nonce wraps.
        after.nonce %= MAX_UINT64 + 1n;
        await this.sm.putAccount(from, after);
      }
      return result;
    } catch (cause) {
      while (sm._checkpointCount > depth) await this.sm.revert();
      throw fail(SimulateErrorCode.FAILED, stripContext(String((cause as Error).message ?? cause)));
    } finally {
      restore?.();
    }
  }
}

/**
 * geth warms the fork's standard precompile addresses for every transaction (state.Prepare with
 * vm.ActivePrecompiles), whatever the overrides did; runTx warms the EVM's current set. When
 * overrides removed or moved precompiles, make the warm set the standard one again.
 */
function warmLikeGeth(vm: VM, standard: Set<string>): void {
  const current = new Set(vm.evm.precompiles.keys());
  const removed = [...standard].filter((a) => !current.has(a));
  const added = new Set([...current].filter((a) => !standard.has(a)));
  if (removed.length === 0 && added.size === 0) return;
  const journal = vm.evm.journal;
  const warm = journal.addAlwaysWarmAddress.bind(journal);
  // runTx warms the precompiles (unprefixed keys) right after 'beforeTx', then the caller (0x-prefixed).
  let inPrecompileLoop = false;
  journal.addAlwaysWarmAddress = (address: string, addToAccessList?: boolean) => {
    if (address.startsWith('0x')) inPrecompileLoop = false;
    if (inPrecompileLoop && added.has(address)) return;
    warm(address, addToAccessList);
  };
  vm.events.on('beforeTx', (_tx: TypedTransaction, resolve?: (result?: unknown) => void) => {
    for (const a of removed) warm(a);
    inPrecompileLoop = true;
    resolve?.();
  });
}

function nextBaseFeeOf(parent: BlockHeader, common: Common): bigint {
  if (parent.baseFeePerGas === undefined) return common.param('initialBaseFee');
  return parent.calcNextBaseFee();
}

function stripContext(message: string): string {
  const i = message.indexOf(' (vm hf=');
  const j = message.indexOf(' (tx type=');
  const k = [i, j].filter((x) => x >= 0);
  return k.length > 0 ? message.slice(0, Math.min(...k)) : message;
}

function callResult(
  tx: TypedTransaction,
  r: RunTxResult,
  logs: SimLog[],
  gasCapped: boolean,
  from: Address,
): SimCallResult {
  const exec = r.execResult;
  const intrinsic = tx.getIntrinsicGas();
  const floor = getCalldataFloorGas(tx, from);
  let maxUsed = intrinsic + exec.executionGasUsed;
  if (maxUsed < floor) maxUsed = floor;
  if (maxUsed < r.totalGasSpent) maxUsed = r.totalGasSpent;
  const out: SimCallResult = {
    returnData: exec.returnValue,
    logs,
    gasUsed: r.totalGasSpent,
    maxUsedGas: maxUsed,
    status: exec.exceptionError === undefined ? 1 : 0,
  };
  const err = exec.exceptionError?.error;
  if (err !== undefined) {
    if (err === 'revert') {
      const reason = gethRevertReason(exec.returnValue);
      out.error = {
        code: 3,
        message: reason === undefined ? 'execution reverted' : `execution reverted: ${reason}`,
        data: bytesToHex(exec.returnValue),
      };
    } else {
      let message = vmErrorMessage(err);
      if (gasCapped) message += " (gas limit was capped by the RPC server's global gas cap)";
      out.error = { code: -32015, message };
    }
    // geth's ExecutionResult.Return(): no data from a failed call (the revert bytes are in `error.data`).
    out.returnData = new Uint8Array(0);
    out.logs = [];
  }
  return out;
}

/** geth's simulate log tracer: logs per call frame, dropped with a failed frame; optional ETH transfers. */
class LogTracer {
  private frames: SimLog[][] = [];
  /** Per open frame: the transfer log of a nested creation, whose address comes at its exit. */
  private pendingCreate: (SimLog | undefined)[] = [];
  private count = 0;
  private txHash: Uint8Array = new Uint8Array(32);
  private txIndex = 0;
  private created: Address | undefined;
  private readonly traceTransfers: boolean;
  private readonly blockNumber: bigint;
  private readonly blockTimestamp: bigint;

  constructor(traceTransfers: boolean, blockNumber: bigint, blockTimestamp: bigint) {
    this.traceTransfers = traceTransfers;
    this.blockNumber = blockNumber;
    this.blockTimestamp = blockTimestamp;
  }

  reset(txHash: Uint8Array, txIndex: number, created: Address | undefined): void {
    this.frames = [];
    this.pendingCreate = [];
    this.txHash = txHash;
    this.txIndex = txIndex;
    this.created = created;
  }

  /** The logs of a call run without frame events: its receipt's. */
  receiptLogs(logs: [Uint8Array, Uint8Array[], Uint8Array][]): void {
    this.frames = [[]];
    for (const [address, topics, data] of logs) this.capture(address, topics, data);
  }

  logs(): SimLog[] {
    return this.frames[0] ?? [];
  }

  onEnter(e: { depth: number; type: string; from: Address; to: Address | undefined; value: bigint | undefined }): void {
    this.frames.push([]);
    this.pendingCreate.push(undefined);
    if (e.type === 'DELEGATECALL' || e.type === 'CALLCODE' || e.value === undefined || e.value <= 0n) return;
    const to = e.to ?? (e.depth === 0 ? this.created : undefined);
    if (!this.traceTransfers) return;
    const log = this.capture(
      ETH_ADDRESS,
      [TRANSFER_TOPIC, setLengthLeft(e.from.bytes, 32), setLengthLeft(to?.bytes ?? new Uint8Array(20), 32)],
      setLengthLeft(bigIntToBytes(e.value), 32),
    );
    if (to === undefined) this.pendingCreate[this.pendingCreate.length - 1] = log;
  }

  onExit(e: { depth: number; reverted: boolean; created: Address | undefined }): void {
    // A creation's address is known when it ends: complete its transfer log.
    const pending = this.pendingCreate.pop();
    if (pending !== undefined && e.created !== undefined) pending.topics[2] = setLengthLeft(e.created.bytes, 32);
    if (e.depth === 0) {
      if (e.reverted) this.frames[0] = [];
      return;
    }
    if (this.frames.length <= 1) return;
    const frame = this.frames.pop()!;
    if (!e.reverted) this.frames[this.frames.length - 1]!.push(...frame);
  }

  onLog(e: { address: Address; topics: Uint8Array[]; data: Uint8Array }): void {
    this.capture(e.address.bytes, e.topics, e.data);
  }

  private capture(address: Uint8Array, topics: Uint8Array[], data: Uint8Array): SimLog | undefined {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) return undefined;
    const log: SimLog = {
      address,
      topics,
      data,
      blockNumber: this.blockNumber,
      blockHash: new Uint8Array(32),
      blockTimestamp: this.blockTimestamp,
      transactionHash: this.txHash,
      transactionIndex: this.txIndex,
      logIndex: this.count,
    };
    frame.push(log);
    this.count++;
    return log;
  }
}

/** geth's StateOverride.Apply for one simulated block: sorted by address, precompiles movable. */
async function applyOverrides(vm: VM, sm: MerkleStateManager, overrides: StateOverrides): Promise<void> {
  const precompiles = vm.evm.precompiles as Map<string, unknown>;
  const keyOf = (hex: string) => hex.slice(2).toLowerCase();
  const entries = Object.entries(overrides).sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  const has = new Set(entries.map(([a]) => a.toLowerCase()));
  const moved = new Set<string>();
  for (const [hex, o] of entries) {
    const address = createAddressFromString(hex);
    const checksum = toChecksumAddress(hex);
    if (moved.has(hex.toLowerCase())) {
      throw fail(SimulateErrorCode.FAILED, `account ${checksum} has already been overridden by a precompile`);
    }
    const fn = precompiles.get(keyOf(hex));
    if (o.movePrecompileToAddress !== undefined) {
      if (fn === undefined) throw fail(SimulateErrorCode.FAILED, `account ${checksum} is not a precompile`);
      const to = o.movePrecompileToAddress.toLowerCase();
      if (has.has(to)) {
        throw fail(SimulateErrorCode.FAILED, `account ${toChecksumAddress(to)} is already overridden`);
      }
      precompiles.set(keyOf(to), fn);
      moved.add(to);
    }
    if (fn !== undefined) precompiles.delete(keyOf(hex));
    if (o.state !== undefined && o.stateDiff !== undefined) {
      throw fail(SimulateErrorCode.FAILED, `account ${checksum} has both 'state' and 'stateDiff'`);
    }
    // Only what is overridden is written: a bare precompile move creates no account.
    await writeAccountOverride(sm, address, o);
  }
}

export type { EVMResult };

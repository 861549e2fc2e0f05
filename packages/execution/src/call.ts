import type { StateStore } from '@basalt/state';
import { type Block, createBlock, type HeaderData } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { Caches, type MerkleStateManager } from '@ethereumjs/statemanager';
import { Capability, createTx, getCalldataFloorGas, type TypedTransaction, type TypedTxData } from '@ethereumjs/tx';
import {
  Account,
  type Address,
  bytesToHex,
  createAddressFromString,
  createContractAddress,
  createZeroAddress,
  hexToBytes,
  type PrefixedHexString,
  setLengthLeft,
  toChecksumAddress,
} from '@ethereumjs/util';
import { type RunTxResult, runTx, type VM } from '@ethereumjs/vm';
import { hideSenderCode } from './codeSender.ts';
import { feeCapOf, tipCapOf } from './checks.ts';
import {
  CallError,
  CallErrorCode,
  ExecutionRevertedError,
  TxValidationError,
  TxValidationErrorCode,
  type TxValidationErrorType,
} from './errors.ts';
import { type Forks, INITIAL_BASE_FEE, txGasCap } from './forks.ts';
import { toExecLogs } from './outcome.ts';
import { attachConsoleLog, type ConsoleLogEntry } from './tracing/console.ts';
import { gethRevertReason, vmErrorMessage } from './revert.ts';
import { deferStorageWrites } from './storageWrites.ts';
import type { BlockOverrides, CallRequest, CallResult, StateOverrides } from './types.ts';

const TX_GAS = 21_000n;
/** Gas passed along with value by CALL: part of geth's optimistic first guess. */
const CALL_STIPEND = 2_300n;

export type AccessListEntry = { address: PrefixedHexString; storageKeys: PrefixedHexString[] };

export interface CallRunnerDeps {
  states: StateStore;
  forks: Forks;
  vmFor(common: Common, sm: MerkleStateManager, known: ReadonlyMap<bigint, Uint8Array>): Promise<VM>;
  rpcGasCap: bigint | undefined;
  estimateGasErrorRatio: number;
  /** Each console.log an eth_call makes (as Hardhat and Anvil print them); estimates print nothing. */
  onConsoleLog?: (entry: ConsoleLogEntry) => void;
}

/** One throwaway execution context: a VM over a checkpointed, cached state manager that never flushes. */
interface CallEnv {
  vm: VM;
  sm: MerkleStateManager;
  common: Common;
  headerData: HeaderData;
  gasLimit: bigint;
  baseFee: bigint | undefined;
  blocks: Map<bigint, Block>;
}

type RunOutcome = { tx: TypedTransaction; result: RunTxResult } | { invalid: TxValidationError };

/** eth_call, eth_estimateGas and eth_createAccessList with geth's semantics. */
export class CallRunner {
  private readonly deps: CallRunnerDeps;
  /** Results of calls that printed console.log lines (not to be answered from a cache: see Executor.call). */
  private readonly logged = new WeakSet<CallResult>();

  constructor(deps: CallRunnerDeps) {
    this.deps = deps;
  }

  private async prepare(block: Block, overrides?: StateOverrides, bo?: BlockOverrides): Promise<CallEnv> {
    const h = block.header;
    const number = bo?.number ?? h.number;
    const timestamp = bo?.time ?? h.timestamp;
    const common = this.deps.forks.commonAt(number, timestamp);
    // Scratch: what a call writes (storage tries write through even with caches) stays private.
    const sm = deferStorageWrites(
      await this.deps.states.openAt(h.stateRoot, { common, caches: new Caches(), scratch: true }),
    );
    // Never committed: overrides and every run are reverted or dropped.
    await sm.checkpoint();
    if (overrides !== undefined) await applyStateOverrides(sm, overrides);
    const known = new Map<bigint, Uint8Array>();
    if (number === h.number && h.number > 0n) known.set(h.number - 1n, h.parentHash);
    const vm = await this.deps.vmFor(common, sm, known);
    const headerData: HeaderData = {
      parentHash: h.parentHash,
      coinbase: bo?.feeRecipient ?? h.coinbase,
      number,
      timestamp,
      gasLimit: bo?.gasLimit ?? h.gasLimit,
      difficulty: h.difficulty,
      mixHash: bo?.prevRandao ?? h.mixHash,
      extraData: h.extraData,
      nonce: h.nonce,
    };
    let baseFee: bigint | undefined;
    if (common.isActivatedEIP(1559)) {
      baseFee = bo?.baseFeePerGas ?? h.baseFeePerGas ?? INITIAL_BASE_FEE;
      headerData.baseFeePerGas = baseFee;
    }
    if (common.isActivatedEIP(4844)) {
      headerData.excessBlobGas = h.excessBlobGas ?? 0n;
      headerData.blobGasUsed = h.blobGasUsed ?? 0n;
    }
    if (common.isActivatedEIP(4788)) headerData.parentBeaconBlockRoot = h.parentBeaconBlockRoot ?? new Uint8Array(32);
    return { vm, sm, common, headerData, gasLimit: headerData.gasLimit as bigint, baseFee, blocks: new Map() };
  }

  /** True when the call that answered `result` printed console.log lines. */
  printedConsoleLog(result: CallResult): boolean {
    return this.logged.has(result);
  }

  /** The block the call runs in; base fee 0 when the call pays nothing (geth lowers it so fee checks pass). */
  private blockFor(env: CallEnv, zeroFee: boolean): Block {
    const baseFee = env.baseFee === undefined ? undefined : zeroFee ? 0n : env.baseFee;
    const key = baseFee ?? -1n;
    let block = env.blocks.get(key);
    if (block === undefined) {
      const header = { ...env.headerData };
      if (baseFee !== undefined) header.baseFeePerGas = baseFee;
      block = createBlock({ header }, { common: env.common, skipConsensusFormatValidation: true });
      env.blocks.set(key, block);
    }
    return block;
  }

  /** The gas limit of a call: the request's, capped by the RPC gas cap (default: the block gas limit). */
  private callGas(env: CallEnv, requested: bigint | undefined): bigint {
    let cap = this.deps.rpcGasCap ?? env.gasLimit;
    const txCap = txGasCap(env.common);
    if (txCap !== undefined && cap > txCap) cap = txCap;
    return requested === undefined || requested > cap ? cap : requested;
  }

  private buildTx(
    env: CallEnv,
    req: CallRequest,
    gas: bigint,
    from: Address,
    nonce: bigint,
    forceAccessList: boolean,
  ): TypedTransaction {
    const { common } = env;
    const london = common.isActivatedEIP(1559);
    let type = req.type;
    if (type === undefined) {
      if (req.authorizationList !== undefined) type = 4;
      else if (req.blobVersionedHashes !== undefined && common.isActivatedEIP(4844)) type = 3;
      else if (london && (req.maxFeePerGas !== undefined || req.maxPriorityFeePerGas !== undefined)) type = 2;
      else if ((req.accessList !== undefined || forceAccessList) && common.isActivatedEIP(2930)) type = 1;
      else type = 0;
    }
    if (type === 0 && forceAccessList && common.isActivatedEIP(2930)) type = 1;
    const data: Record<string, unknown> = {
      type,
      nonce,
      gasLimit: gas,
      to: req.to,
      value: req.value ?? 0n,
      data: req.data ?? new Uint8Array(0),
    };
    if (type !== 0) {
      data.chainId = common.chainId();
      data.accessList = req.accessList ?? [];
    }
    if (type === 2 || type === 3 || type === 4) {
      const tip = req.maxPriorityFeePerGas ?? req.gasPrice ?? 0n;
      data.maxPriorityFeePerGas = tip;
      data.maxFeePerGas = req.maxFeePerGas ?? req.gasPrice ?? (tip === 0n ? 0n : tip + (env.baseFee ?? 0n));
    } else {
      data.gasPrice = req.gasPrice ?? req.maxFeePerGas ?? 0n;
    }
    if (type === 4) data.authorizationList = req.authorizationList ?? [];
    if (type === 3) {
      // geth's TransactionArgs: the blob hashes and blob fee cap go into the message (no sidecar needed).
      data.blobVersionedHashes = req.blobVersionedHashes ?? [];
      data.maxFeePerBlobGas = req.maxFeePerBlobGas ?? 0n;
    }
    const tx = createTx(data as TypedTxData, { common, freeze: false });
    // Calls need no signature: the sender is whoever the request names.
    Object.defineProperty(tx, 'getSenderAddress', { value: () => from });
    return tx;
  }

  /** geth's state-transition checks that eth_call keeps (no nonce, no EOA check), then runTx on a checkpoint. */
  private async run(
    env: CallEnv,
    req: CallRequest,
    gas: bigint,
    opts: { accessList?: boolean } = {},
  ): Promise<RunOutcome> {
    const from = req.from ?? createZeroAddress();
    const account = await env.sm.getAccount(from);
    let tx: TypedTransaction;
    try {
      tx = this.buildTx(env, req, gas, from, req.nonce ?? account?.nonce ?? 0n, opts.accessList === true);
    } catch (cause) {
      throw new CallError({
        code: CallErrorCode.EXECUTION_FAILED,
        vmError: stripContext(String((cause as Error).message ?? cause)),
      });
    }
    const address = toChecksumAddress(from.toString());
    const invalid = (type: TxValidationErrorType): RunOutcome => ({ invalid: new TxValidationError(type) });
    const feeCap = feeCapOf(tx);
    const zeroFee = feeCap === 0n && tipCapOf(tx) === 0n;
    if (tx.supports(Capability.EIP1559FeeMarket) && tipCapOf(tx) > feeCap) {
      return invalid({
        code: TxValidationErrorCode.TIP_ABOVE_FEE_CAP,
        address,
        maxPriorityFeePerGas: tipCapOf(tx),
        maxFeePerGas: feeCap,
      });
    }
    if (!zeroFee && env.baseFee !== undefined && feeCap < env.baseFee) {
      return invalid({
        code: TxValidationErrorCode.FEE_CAP_TOO_LOW,
        address,
        maxFeePerGas: feeCap,
        baseFee: env.baseFee,
      });
    }
    const balance = account?.balance ?? 0n;
    const want = gas * feeCap + tx.value;
    if (balance < want)
      return invalid({ code: TxValidationErrorCode.INSUFFICIENT_FUNDS, address, have: balance, want });
    const intrinsic = tx.getIntrinsicGas();
    if (gas < intrinsic)
      return invalid({ code: TxValidationErrorCode.INTRINSIC_GAS_TOO_LOW, have: gas, want: intrinsic });
    const floor = getCalldataFloorGas(tx, from);
    if (gas < floor) return invalid({ code: TxValidationErrorCode.FLOOR_DATA_GAS, have: gas, want: floor });

    const depth = (env.sm as unknown as { _checkpointCount: number })._checkpointCount;
    // No EOA check: a contract may be the sender of a call, as in geth.
    const restore = await hideSenderCode(env.vm.stateManager, from);
    await env.sm.checkpoint();
    try {
      const result = await runTx(env.vm, {
        tx,
        block: this.blockFor(env, zeroFee),
        skipNonce: true,
        skipBlockGasLimitValidation: true,
        reportAccessList: opts.accessList === true,
      });
      return { tx, result };
    } catch (cause) {
      throw new CallError({
        code: CallErrorCode.EXECUTION_FAILED,
        vmError: stripContext(String((cause as Error).message ?? cause)),
      });
    } finally {
      restore?.();
      // Back to the state before this run, also when an exception left EVM checkpoints open.
      while ((env.sm as unknown as { _checkpointCount: number })._checkpointCount > depth) await env.sm.revert();
    }
  }

  async call(req: CallRequest, block: Block, overrides?: StateOverrides, bo?: BlockOverrides): Promise<CallResult> {
    const env = await this.prepare(block, overrides, bo);
    const gas = this.callGas(env, req.gas);
    const hook = this.deps.onConsoleLog;
    let printed = false;
    const detach =
      hook === undefined
        ? undefined
        : attachConsoleLog(env.vm, (entry) => {
            printed = true;
            hook(entry);
          });
    let r: RunOutcome;
    try {
      r = await this.run(env, req, gas);
    } finally {
      detach?.();
    }
    if ('invalid' in r) {
      throw new TxValidationError(r.invalid.type, { message: `err: ${r.invalid.message} (supplied gas ${gas})` });
    }
    const exec = r.result.execResult;
    const out: CallResult = {
      returnValue: exec.returnValue,
      gasUsed: r.result.totalGasSpent,
      logs: toExecLogs(exec.logs),
    };
    if (exec.exceptionError !== undefined) {
      const reverted = exec.exceptionError.error === 'revert';
      const reason = reverted ? gethRevertReason(exec.returnValue) : undefined;
      out.error = {
        reverted,
        message: reverted
          ? reason !== undefined
            ? `execution reverted: ${reason}`
            : 'execution reverted'
          : vmErrorMessage(exec.exceptionError.error),
      };
    }
    if (printed) this.logged.add(out);
    return out;
  }

  /** geth's `gasestimator.Estimate`: cap by balance and gas cap, try at the cap, then binary search. */
  async estimateGas(req: CallRequest, block: Block, overrides?: StateOverrides): Promise<bigint> {
    const env = await this.prepare(block, overrides);
    const from = req.from ?? createZeroAddress();
    let hi = req.gas !== undefined && req.gas >= TX_GAS ? req.gas : env.gasLimit;
    const feeCap = req.gasPrice ?? req.maxFeePerGas ?? 0n;
    if (feeCap > 0n) {
      let available = (await env.sm.getAccount(from))?.balance ?? 0n;
      const value = req.value ?? 0n;
      if (value > 0n) {
        if (value >= available) throw new CallError({ code: CallErrorCode.INSUFFICIENT_FUNDS_FOR_TRANSFER });
        available -= value;
      }
      const allowance = available / feeCap;
      if (hi > allowance) hi = allowance;
    }
    hi = this.callGas(env, hi);

    // Outcome of one try: failed or not, and the result when it ran.
    const attempt = async (gas: bigint): Promise<{ failed: boolean; result?: RunTxResult; tx?: TypedTransaction }> => {
      const r = await this.run(env, { ...req, gas }, gas);
      if ('invalid' in r) {
        const code = r.invalid.code;
        if (code === TxValidationErrorCode.INTRINSIC_GAS_TOO_LOW || code === TxValidationErrorCode.FLOOR_DATA_GAS) {
          return { failed: true };
        }
        throw r.invalid;
      }
      return { failed: r.result.execResult.exceptionError !== undefined, result: r.result, tx: r.tx };
    };

    // A plain transfer to an account without code costs exactly 21000: try that first.
    if ((req.data === undefined || req.data.length === 0) && req.to !== undefined && hi >= TX_GAS) {
      const code = await env.sm.getCode(req.to);
      if (code.length === 0) {
        const t = await attempt(TX_GAS);
        if (!t.failed) return TX_GAS;
      }
    }

    const first = await attempt(hi);
    if (first.failed) {
      const exec = first.result?.execResult;
      if (exec?.exceptionError !== undefined && exec.exceptionError.error !== 'out of gas') {
        if (exec.exceptionError.error === 'revert') {
          throw new ExecutionRevertedError(bytesToHex(exec.returnValue), gethRevertReason(exec.returnValue));
        }
        throw new CallError({
          code: CallErrorCode.EXECUTION_FAILED,
          vmError: vmErrorMessage(exec.exceptionError.error),
        });
      }
      throw new CallError({ code: CallErrorCode.GAS_REQUIRED_EXCEEDS_ALLOWANCE, allowance: hi });
    }
    const used = first.result!.totalGasSpent;
    let lo = used - 1n;
    // The first run's gas plus its refund usually suffices; 64/63 covers the gas a CALL withholds (EIP-150).
    const beforeRefund = first.result!.execResult.executionGasUsed + first.tx!.getIntrinsicGas();
    const refund = beforeRefund > used ? beforeRefund - used : 0n;
    const optimistic = ((used + refund + CALL_STIPEND) * 64n) / 63n;
    if (optimistic < hi) {
      const t = await attempt(optimistic);
      if (t.failed) lo = optimistic;
      else hi = optimistic;
    }
    const ratio = this.deps.estimateGasErrorRatio;
    while (lo + 1n < hi) {
      if (ratio > 0 && Number(hi - lo) / Number(hi) < ratio) break;
      let mid = (hi + lo) / 2n;
      // Most transactions need little more than they use: bisect towards the low end.
      if (mid > lo * 2n) mid = lo * 2n;
      const t = await attempt(mid);
      if (t.failed) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /** geth's eth_createAccessList: rerun with the list found until it no longer grows. */
  async createAccessList(
    req: CallRequest,
    block: Block,
  ): Promise<{ accessList: AccessListEntry[]; gasUsed: bigint; error?: string }> {
    const env = await this.prepare(block);
    const gas = this.callGas(env, req.gas);
    const from = req.from ?? createZeroAddress();
    const account = await env.sm.getAccount(from);
    const target = req.to ?? createContractAddress(from, req.nonce ?? account?.nonce ?? 0n);
    const exclude = new Set<string>([from.toString(), target.toString()]);
    for (const key of env.vm.evm.precompiles.keys()) exclude.add(`0x${key}`);

    let list: AccessListEntry[] = normalize(req.accessList ?? [], new Set());
    for (let round = 0; round < 64; round++) {
      const r = await this.run(env, { ...req, accessList: list }, gas, { accessList: true });
      if ('invalid' in r) {
        throw new TxValidationError(r.invalid.type, {
          message: `failed to apply transaction: err: ${r.invalid.message}`,
        });
      }
      const created = r.result.execResult.createdAddresses ?? new Set<string>();
      const skip = new Set([...exclude, ...created]);
      const next = normalize((r.result.accessList ?? []) as AccessListEntry[], skip);
      if (sameList(next, list)) {
        const err = r.result.execResult.exceptionError;
        const out: { accessList: AccessListEntry[]; gasUsed: bigint; error?: string } = {
          accessList: next,
          gasUsed: r.result.totalGasSpent,
        };
        if (err !== undefined) out.error = vmErrorMessage(err.error);
        return out;
      }
      list = next;
    }
    throw new CallError({ code: CallErrorCode.EXECUTION_FAILED, vmError: 'access list did not converge' });
  }
}

/** Lower-cases, drops `skip` addresses that have no slots, dedups and sorts (as geth's tracer does). */
function normalize(
  list: ReadonlyArray<{ address: string; storageKeys: string[] }>,
  skip: Set<string>,
): AccessListEntry[] {
  const byAddress = new Map<string, Set<string>>();
  for (const { address, storageKeys } of list) {
    const a = address.toLowerCase();
    let keys = byAddress.get(a);
    if (keys === undefined) {
      keys = new Set();
      byAddress.set(a, keys);
    }
    for (const k of storageKeys) keys.add(bytesToHex(setLengthLeft(hexToBytes(k as PrefixedHexString), 32)));
  }
  const out: AccessListEntry[] = [];
  for (const [address, keys] of byAddress) {
    if (keys.size === 0 && skip.has(address)) continue;
    out.push({ address: address as PrefixedHexString, storageKeys: [...keys].sort() as PrefixedHexString[] });
  }
  return out.sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

function sameList(a: AccessListEntry[], b: AccessListEntry[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((e, i) => {
    const f = b[i]!;
    return (
      e.address === f.address &&
      e.storageKeys.length === f.storageKeys.length &&
      e.storageKeys.every((k, j) => k === f.storageKeys[j])
    );
  });
}

function stripContext(message: string): string {
  const i = message.indexOf(' (vm hf=');
  return i >= 0 ? message.slice(0, i) : message;
}

/** geth's `StateOverride.Apply` on a throwaway state manager. */
async function applyStateOverrides(sm: MerkleStateManager, overrides: StateOverrides): Promise<void> {
  for (const [hex, o] of Object.entries(overrides)) {
    if (o.state !== undefined && o.stateDiff !== undefined) {
      throw new CallError({ code: CallErrorCode.INVALID_STATE_OVERRIDE, address: hex });
    }
    await writeAccountOverride(sm, createAddressFromString(hex), o);
  }
}

/**
 * Writes one account's override (eth_call's and eth_simulateV1's): only what it names, so an
 * override of nothing creates no account; `state` replaces the storage, `stateDiff` patches it.
 */
export async function writeAccountOverride(
  sm: MerkleStateManager,
  address: Address,
  o: StateOverrides[PrefixedHexString],
): Promise<void> {
  const writesStorage = o.state !== undefined || o.stateDiff !== undefined;
  if (o.nonce !== undefined || o.balance !== undefined || writesStorage || o.code !== undefined) {
    const account = (await sm.getAccount(address)) ?? new Account();
    if (o.nonce !== undefined) account.nonce = o.nonce;
    if (o.balance !== undefined) account.balance = o.balance;
    await sm.putAccount(address, account);
  }
  if (o.code !== undefined) await sm.putCode(address, o.code);
  if (o.state !== undefined) await sm.clearStorage(address);
  for (const [slot, value] of Object.entries(o.state ?? o.stateDiff ?? {})) {
    await sm.putStorage(
      address,
      setLengthLeft(hexToBytes(slot as PrefixedHexString), 32),
      setLengthLeft(hexToBytes(value as PrefixedHexString), 32),
    );
  }
}

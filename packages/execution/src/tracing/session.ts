// Turns ethereumjs' EVM events into geth's tracing hooks (OnTxStart, OnEnter, OnOpcode, OnLog,
// OnExit, OnTxEnd) with geth's numbers: 1-based step depth, CALL gas costs that include the gas
// passed on, frame types named after the opcode, and geth's error strings.
import { Hardfork } from '@ethereumjs/common';
import type { EVMResult, InterpreterStep, Message } from '@ethereumjs/evm';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import type { TypedTransaction } from '@ethereumjs/tx';
import {
  type Address,
  bigIntToBytes,
  createAddressFromBigInt,
  createContractAddress,
  setLengthLeft,
} from '@ethereumjs/util';
import type { AfterTxEvent, VM } from '@ethereumjs/vm';
import { vmErrorMessage } from '../revert.ts';
import { TraceError, TraceErrorCode } from './errors.ts';
import { FRAME_TYPE, gethOpName, isCallOp, isCreateOp, stackInputs } from './opcodes.ts';

export interface TxStartEvent {
  from: Address;
  /** The callee, or the address a creation will have. */
  to: Address;
  isCreate: boolean;
  coinbase: Address;
  gasLimit: bigint;
  value: bigint;
  input: Uint8Array;
  state: MerkleStateManager;
}

export interface EnterEvent {
  /** 0 for the transaction's own call. */
  depth: number;
  type: string;
  from: Address;
  to: Address | undefined;
  input: Uint8Array;
  gas: bigint;
  value: bigint | undefined;
}

export interface ExitEvent {
  depth: number;
  output: Uint8Array;
  gasUsed: bigint;
  error: string | undefined;
  reverted: boolean;
  /** The address of a successful creation. */
  created: Address | undefined;
}

export interface StepEvent {
  pc: number;
  opcode: number;
  op: string;
  gas: bigint;
  cost: bigint;
  /** 1-based, as geth's struct logs. */
  depth: number;
  stack: bigint[];
  memory: Uint8Array;
  address: Address;
  refund: bigint;
  returnData: Uint8Array;
  state: MerkleStateManager;
}

export interface LogEvent {
  address: Address;
  topics: Uint8Array[];
  data: Uint8Array;
}

export interface TxEndEvent {
  gasUsed: bigint;
  output: Uint8Array;
  error: string | undefined;
  reverted: boolean;
  state: MerkleStateManager;
}

/** geth's tracing hooks, as one tracer implements them. */
export interface TxTracer {
  onTxStart?(e: TxStartEvent): Promise<void> | void;
  onEnter?(e: EnterEvent): void;
  /** The step's errors that geth reports on the step itself are set later through the log it returns. */
  onStep?(e: StepEvent): Promise<StepHandle | undefined> | StepHandle | undefined;
  onLog?(e: LogEvent): void;
  onExit?(e: ExitEvent): void;
  onTxEnd?(e: TxEndEvent): Promise<void> | void;
}

/** What a tracer keeps of a step, so the session can attach an error found when the frame ends. */
export interface StepHandle {
  error?: string;
}

interface FrameState {
  /** Opcode of the last CALL/CREATE-family step, naming the child frame. */
  pendingOp: number | undefined;
  returnData: Uint8Array;
  lastStep: { opcode: number; op: string; gas: bigint; stackLen: number; handle: StepHandle | undefined } | undefined;
}

const EMPTY = new Uint8Array(0);
const TIMEOUT_CHECK_STEPS = 256;

/** Errors geth reports on the failing step (they stop the op before it runs, so it is logged with them). */
function stepError(error: string, last: FrameState['lastStep']): string | undefined {
  if (last === undefined) return undefined;
  if (error === 'out of gas') {
    // EIP-2200: SSTORE with no more than the 2300 stipend left fails in its gas function (geth wraps that).
    if (last.opcode === 0x55 && last.gas <= 2300n) return 'out of gas: not enough gas for reentrancy sentry';
    return 'out of gas';
  }
  if (error === 'stack underflow') return `stack underflow (${last.stackLen} <=> ${stackInputs(last.opcode)})`;
  if (error === 'stack overflow') return `stack limit reached 1024 (${1024 - 1})`;
  return undefined;
}

/** geth's frame error text for an ethereumjs EVM error. */
function frameError(error: string, last: FrameState['lastStep']): string {
  if (error === 'invalid opcode' && last !== undefined) return `invalid opcode: ${last.op}`;
  if (error === 'stack underflow' && last !== undefined) {
    return `stack underflow (${last.stackLen} <=> ${stackInputs(last.opcode)})`;
  }
  return vmErrorMessage(error);
}

/**
 * Attaches to a VM's events for the transactions run while attached. One session serves any
 * number of transactions in sequence; `detach()` removes every listener.
 */
export class TraceSession {
  private readonly vm: VM;
  private readonly tracer: TxTracer;
  private readonly deadline: number;
  private readonly timeoutMs: number;
  private readonly eip150: boolean;
  readonly coinbase: Address;
  private frames: FrameState[] = [];
  private steps = 0;
  private failure: unknown;
  private readonly listeners: [target: 'vm' | 'evm', name: string, fn: (...args: never[]) => void][] = [];

  constructor(vm: VM, tracer: TxTracer, opts: { coinbase: Address; timeoutMs: number; startedAt: number }) {
    this.vm = vm;
    this.tracer = tracer;
    this.coinbase = opts.coinbase;
    this.timeoutMs = opts.timeoutMs;
    this.deadline = opts.startedAt + opts.timeoutMs;
    this.eip150 = vm.common.gteHardfork(Hardfork.TangerineWhistle);
    this.on('vm', 'beforeTx', (tx: TypedTransaction, resolve: () => void) => this.guard(this.txStart(tx), resolve));
    this.on('vm', 'afterTx', (r: AfterTxEvent, resolve: () => void) => this.guard(this.txEnd(r), resolve));
    this.on('evm', 'beforeMessage', (m: Message, resolve: () => void) => this.guard(this.enter(m), resolve));
    this.on('evm', 'afterMessage', (r: EVMResult, resolve: () => void) => this.guard(this.exit(r), resolve));
    this.on('evm', 'step', (s: InterpreterStep, resolve: () => void) => {
      if (this.failure !== undefined) throw this.failure;
      if (++this.steps % TIMEOUT_CHECK_STEPS === 0) this.checkTime();
      this.guard(this.step(s), resolve);
    });
  }

  private on(target: 'vm' | 'evm', name: string, fn: (...args: never[]) => void): void {
    const emitter = (target === 'vm' ? this.vm.events : this.vm.evm.events) as unknown as {
      on(n: string, f: unknown): void;
    };
    emitter.on(name, fn);
    this.listeners.push([target, name, fn]);
  }

  /** Removes every listener this session added. */
  detach(): void {
    for (const [target, name, fn] of this.listeners) {
      const emitter = (target === 'vm' ? this.vm.events : this.vm.evm.events) as unknown as {
        off(n: string, f: unknown): void;
      };
      emitter.off(name, fn);
    }
    this.listeners.length = 0;
  }

  /** Throws what a listener failed with (listeners cannot reject into the EVM), or a timeout. */
  rethrow(): void {
    if (this.failure !== undefined) throw this.failure;
    this.checkTime();
  }

  checkTime(): void {
    if (Date.now() <= this.deadline) return;
    this.failure ??= new TraceError({ code: TraceErrorCode.TIMEOUT, timeoutMs: this.timeoutMs });
    throw this.failure;
  }

  /** What a listener failed with, if anything (a library that wraps errors may have hidden it). */
  failed(): unknown {
    return this.failure;
  }

  private guard(work: Promise<void> | void, resolve: () => void): void {
    if (work === undefined) {
      resolve();
      return;
    }
    work.then(resolve, (err: unknown) => {
      this.failure ??= err;
      resolve();
    });
  }

  private async txStart(tx: TypedTransaction): Promise<void> {
    this.frames = [];
    const from = tx.getSenderAddress();
    const state = this.vm.stateManager as MerkleStateManager;
    let to = tx.to;
    const isCreate = to === undefined;
    if (to === undefined) {
      const nonce = (await state.getAccount(from))?.nonce ?? 0n;
      to = createContractAddress(from, nonce);
    }
    await this.tracer.onTxStart?.({
      from,
      to,
      isCreate,
      coinbase: this.coinbase,
      gasLimit: tx.gasLimit,
      value: tx.value,
      input: tx.data,
      state,
    });
  }

  private async txEnd(r: AfterTxEvent): Promise<void> {
    const exec = r.execResult;
    const err = exec.exceptionError?.error;
    await this.tracer.onTxEnd?.({
      gasUsed: r.totalGasSpent,
      output: exec.returnValue,
      error: err === undefined ? undefined : frameError(err, undefined),
      reverted: err !== undefined,
      state: this.vm.stateManager as MerkleStateManager,
    });
  }

  private enter(m: Message): void {
    const depth = m.depth;
    const parent = depth > 0 ? this.frames[depth - 1] : undefined;
    let type: string;
    if (depth === 0) type = m.to === undefined ? 'CREATE' : 'CALL';
    else if (parent?.pendingOp !== undefined) type = FRAME_TYPE[parent.pendingOp] ?? 'CALL';
    else if (m.to === undefined) type = m.salt !== undefined ? 'CREATE2' : 'CREATE';
    else type = m.delegatecall ? 'DELEGATECALL' : m.isStatic ? 'STATICCALL' : 'CALL';
    this.frames[depth] = { pendingOp: undefined, returnData: EMPTY, lastStep: undefined };
    this.frames.length = depth + 1;
    // geth: DELEGATECALL and CALLCODE are "from" the running contract "to" the code's address.
    const from = m.delegatecall && m.to !== undefined ? m.to : m.caller;
    const to = m.to === undefined ? undefined : type === 'DELEGATECALL' || type === 'CALLCODE' ? m.codeAddress : m.to;
    this.tracer.onEnter?.({
      depth,
      type,
      from,
      to,
      input: m.data,
      gas: m.gasLimit,
      value: type === 'STATICCALL' ? undefined : m.value,
    });
  }

  private exit(r: EVMResult): void {
    const depth = this.frames.length - 1;
    const frame = this.frames[depth];
    const exec = r.execResult;
    const err = exec.exceptionError?.error;
    let error: string | undefined;
    if (err !== undefined) {
      const last = frame?.lastStep;
      error = frameError(err, last);
      const onStep = stepError(err, last);
      if (onStep !== undefined && last?.handle !== undefined) last.handle.error = onStep;
    }
    this.tracer.onExit?.({
      depth: Math.max(depth, 0),
      output: exec.returnValue,
      gasUsed: exec.executionGasUsed,
      error,
      reverted: err !== undefined,
      created: err === undefined ? r.createdAddress : undefined,
    });
    this.frames.length = Math.max(depth, 0);
    const parent = this.frames[depth - 1];
    if (parent !== undefined) {
      const op = parent.pendingOp;
      // geth keeps a creation's output as return data only when it reverted.
      parent.returnData =
        op !== undefined && isCreateOp(op) ? (err === 'revert' ? exec.returnValue : EMPTY) : exec.returnValue;
      parent.pendingOp = undefined;
    }
  }

  private async step(s: InterpreterStep): Promise<void> {
    const depth = s.depth;
    let frame = this.frames[depth];
    if (frame === undefined) {
      frame = { pendingOp: undefined, returnData: EMPTY, lastStep: undefined };
      this.frames[depth] = frame;
    }
    const opcode = s.opcode.code;
    const op = gethOpName(opcode, s.opcode.name);
    let cost = s.opcode.dynamicFee ?? BigInt(s.opcode.fee);
    const stack = s.stack;
    if (isCallOp(opcode) && cost <= s.gasLeft && stack.length >= 1) {
      // geth's gasCost of a call includes the gas it passes on (callGasTemp, without the stipend).
      const requested = stack[stack.length - 1]!;
      let passed = requested;
      if (this.eip150) {
        const available = s.gasLeft - cost;
        const max = available - available / 64n;
        if (requested > max) passed = max;
      }
      cost += passed;
    }
    const returnData = frame.returnData;
    if (isCallOp(opcode) || isCreateOp(opcode)) {
      frame.pendingOp = opcode;
      frame.returnData = EMPTY;
    }
    const state = s.stateManager as MerkleStateManager;
    const handle = await this.tracer.onStep?.({
      pc: s.pc,
      opcode,
      op,
      gas: s.gasLeft,
      cost,
      depth: depth + 1,
      stack,
      memory: s.memory,
      address: s.address,
      refund: s.gasRefund,
      returnData,
      state,
    });
    frame.lastStep = { opcode, op, gas: s.gasLeft, stackLen: stack.length, handle: handle ?? undefined };
    if (opcode >= 0xa0 && opcode <= 0xa4 && stack.length >= opcode - 0x9e && this.tracer.onLog !== undefined) {
      const n = stack.length;
      const offset = Number(stack[n - 1]!);
      const size = Number(stack[n - 2]!);
      const topics: Uint8Array[] = [];
      for (let i = 0; i < opcode - 0xa0; i++) topics.push(setLengthLeft(bigIntToBytes(stack[n - 3 - i]!), 32));
      const data = new Uint8Array(size);
      if (offset < s.memory.length) data.set(s.memory.subarray(offset, Math.min(offset + size, s.memory.length)));
      this.tracer.onLog({ address: s.address, topics, data });
    }
    if (opcode === 0xff && stack.length >= 1 && this.tracer.onEnter !== undefined) {
      // geth reports a self-destruct as a frame of its own, one level down.
      const beneficiary = createAddressFromBigInt(stack[stack.length - 1]!);
      const balance = (await state.getAccount(s.address))?.balance ?? 0n;
      this.tracer.onEnter({
        depth: depth + 1,
        type: 'SELFDESTRUCT',
        from: s.address,
        to: beneficiary,
        input: EMPTY,
        gas: 0n,
        value: balance,
      });
      this.tracer.onExit?.({
        depth: depth + 1,
        output: EMPTY,
        gasUsed: 0n,
        error: undefined,
        reverted: false,
        created: undefined,
      });
    }
  }
}

// Public types of execution's tracers: the geth trace config, and each tracer's JSON-ready result.
import type { Block } from '@ethereumjs/block';
import type { PrefixedHexString } from '@ethereumjs/util';
import type { BlockOverrides, CallRequest, StateOverrides } from '../types.ts';

/** The built-in tracers (geth's names). `undefined` or `''` is the struct logger. */
export type TracerName = 'callTracer' | 'prestateTracer' | '4byteTracer' | 'noopTracer';

/** geth's `TraceConfig`, decoded (the rpc layer checks names and types). */
export interface TraceConfig {
  tracer?: TracerName;
  /** callTracer: `{ onlyTopCall, withLog }`; prestateTracer: `{ diffMode, disableCode, disableStorage }`. */
  tracerConfig?: CallTracerConfig & PrestateTracerConfig;
  /** Abort with TraceError TIMEOUT after this long (geth's `timeout`, default 5 s). */
  timeoutMs?: number;
  /** Struct logger: omit `stack`. */
  disableStack?: boolean;
  /** Struct logger: omit `storage`. */
  disableStorage?: boolean;
  /** Struct logger: include `memory` (32-byte words). */
  enableMemory?: boolean;
  /** Struct logger: include `returnData`. */
  enableReturnData?: boolean;
  /** Struct logger: record at most this many steps (0 = no limit). */
  limit?: number;
}

export interface CallTracerConfig {
  /** Only the top call, no sub-calls. */
  onlyTopCall?: boolean;
  /** Attach the logs each frame emitted (dropped for failed frames). */
  withLog?: boolean;
}

export interface PrestateTracerConfig {
  /** Return `{ pre, post }` with only what changed. */
  diffMode?: boolean;
  /** Leave out `code`. */
  disableCode?: boolean;
  /** Leave out `storage`. */
  disableStorage?: boolean;
}

/** One struct-log entry (geth's legacy JSON: numbers are JSON numbers, words are 0x hex). */
export interface StructLog {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  error?: string;
  stack?: PrefixedHexString[];
  returnData?: PrefixedHexString;
  memory?: PrefixedHexString[];
  storage?: Record<PrefixedHexString, PrefixedHexString>;
  refund?: number;
}

/** The default tracer's result. */
export interface StructLogResult {
  gas: number;
  failed: boolean;
  returnValue: PrefixedHexString;
  structLogs: StructLog[];
}

export interface CallLogJSON {
  address: PrefixedHexString;
  topics: PrefixedHexString[];
  data: PrefixedHexString;
  position: PrefixedHexString;
}

/** callTracer's frame (geth's key order). */
export interface CallFrameJSON {
  type: string;
  from: PrefixedHexString;
  gas: PrefixedHexString;
  gasUsed: PrefixedHexString;
  to?: PrefixedHexString;
  input: PrefixedHexString;
  output?: PrefixedHexString;
  error?: string;
  revertReason?: string;
  calls?: CallFrameJSON[];
  logs?: CallLogJSON[];
  value?: PrefixedHexString;
}

export interface PrestateAccountJSON {
  balance?: PrefixedHexString;
  code?: PrefixedHexString;
  codeHash?: PrefixedHexString;
  nonce?: number;
  storage?: Record<PrefixedHexString, PrefixedHexString>;
}

export type PrestateResult =
  | Record<PrefixedHexString, PrestateAccountJSON>
  | { post: Record<PrefixedHexString, PrestateAccountJSON>; pre: Record<PrefixedHexString, PrestateAccountJSON> };

/** One trace of the Parity / OpenEthereum format (trace_transaction, trace_block). */
export interface ParityTrace {
  action: Record<string, PrefixedHexString | string>;
  blockHash: PrefixedHexString;
  blockNumber: number;
  error?: string;
  result: Record<string, PrefixedHexString> | null;
  subtraces: number;
  traceAddress: number[];
  transactionHash: PrefixedHexString;
  transactionPosition: number;
  type: 'call' | 'create' | 'suicide';
}

/** What a tracer returns for one transaction: the shape depends on the tracer. */
export type TraceResult =
  | StructLogResult
  | CallFrameJSON
  | PrestateResult
  | Record<string, number>
  | Record<string, never>;

/** debug_traceCall's request: a call plus geth's trace-call extras. */
export interface TraceCallInput {
  req: CallRequest;
  block: Block;
  stateOverrides?: StateOverrides;
  blockOverrides?: BlockOverrides;
}

/** Settings of {@link createTracer}. */
export interface TracerOpts {
  /** Timeout when a request gives none, in ms. Default 5000 (geth's `defaultTraceTimeout`). */
  defaultTimeoutMs?: number;
  /** Largest timeout a request may ask for, in ms. Default 60 000. */
  maxTimeoutMs?: number;
  /** Bound on the struct logs of one request, in bytes of JSON (about). Default 256 MiB. */
  maxStructLogBytes?: number;
  /** Gas of debug_traceCall when the request gives none (default: the block gas limit). */
  rpcGasCap?: bigint;
}

/** Re-executes stored blocks and calls with tracers attached; never leaves state writes behind. */
export interface ChainTracer {
  /** Every transaction of `block` (executed on `parent`'s state), in order, with its hash. */
  traceBlock(
    block: Block,
    parent: Block,
    config?: TraceConfig,
  ): Promise<{ txHash: PrefixedHexString; result: TraceResult }[]>;
  /** Transaction `txIndex` of `block`, after replaying the ones before it. */
  traceTransaction(block: Block, parent: Block, txIndex: number, config?: TraceConfig): Promise<TraceResult>;
  /** A call on the state after `input.block`, with overrides (debug_traceCall). */
  traceCall(input: TraceCallInput, config?: TraceConfig): Promise<TraceResult>;
  /** Parity-format traces of every transaction of `block` (trace_block). */
  parityTraceBlock(block: Block, parent: Block): Promise<ParityTrace[]>;
  /** Parity-format traces of one transaction (trace_transaction). */
  parityTraceTransaction(block: Block, parent: Block, txIndex: number): Promise<ParityTrace[]>;
}

import { BasaltError } from '@basalt/common';

/** Why a trace could not be produced. */
export enum TraceErrorCode {
  /** The genesis block has no parent state to replay from (geth: "genesis is not traceable"). */
  GENESIS_NOT_TRACEABLE = 'GENESIS_NOT_TRACEABLE',
  /** The transaction index is not in the block. */
  TX_NOT_IN_BLOCK = 'TX_NOT_IN_BLOCK',
  /** The tracer name is not one this node has. */
  UNKNOWN_TRACER = 'UNKNOWN_TRACER',
  /** A tracer option has the wrong type or an unknown value. */
  INVALID_TRACER_CONFIG = 'INVALID_TRACER_CONFIG',
  /** The trace ran longer than its timeout (geth: "execution timeout"). */
  TIMEOUT = 'TIMEOUT',
  /** The struct logs grew past the size bound. */
  TOO_LARGE = 'TOO_LARGE',
  /** A transaction of the block could not be re-executed (its block is not valid on this state). */
  REPLAY_FAILED = 'REPLAY_FAILED',
}

export type TraceErrorType =
  | { code: TraceErrorCode.GENESIS_NOT_TRACEABLE }
  | { code: TraceErrorCode.TX_NOT_IN_BLOCK; txIndex: number }
  | { code: TraceErrorCode.UNKNOWN_TRACER; tracer: string }
  | { code: TraceErrorCode.INVALID_TRACER_CONFIG; reason: string }
  | { code: TraceErrorCode.TIMEOUT; timeoutMs: number }
  | { code: TraceErrorCode.TOO_LARGE; limitBytes: number }
  | { code: TraceErrorCode.REPLAY_FAILED; txIndex: number; reason: string };

function messageOf(t: TraceErrorType): string {
  switch (t.code) {
    case TraceErrorCode.GENESIS_NOT_TRACEABLE:
      return 'genesis is not traceable';
    case TraceErrorCode.TX_NOT_IN_BLOCK:
      return `transaction index ${t.txIndex} out of range`;
    case TraceErrorCode.UNKNOWN_TRACER:
      return `unknown tracer: ${t.tracer}`;
    case TraceErrorCode.INVALID_TRACER_CONFIG:
      return t.reason;
    case TraceErrorCode.TIMEOUT:
      return 'execution timeout';
    case TraceErrorCode.TOO_LARGE:
      return `trace larger than ${t.limitBytes} bytes; narrow it with disableStack, disableStorage or limit`;
    case TraceErrorCode.REPLAY_FAILED:
      return `tracing failed at transaction ${t.txIndex}: ${t.reason}`;
  }
}

/** A trace request that cannot be answered; messages follow geth where geth has one. */
export class TraceError extends BasaltError<TraceErrorType> {
  constructor(type: TraceErrorType, opts: { cause?: unknown } = {}) {
    super(type, messageOf(type), opts.cause !== undefined ? { cause: opts.cause } : undefined);
  }
}

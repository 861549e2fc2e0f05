export {
  BlockValidationError,
  BlockValidationErrorCode,
  type BlockValidationErrorType,
  CallError,
  CallErrorCode,
  type CallErrorType,
  ExecutionInternalError,
  ExecutionRevertedError,
  type ExecutionRevertedErrorType,
  SimulateError,
  SimulateErrorCode,
  type SimulateErrorType,
  TxValidationError,
  TxValidationErrorCode,
  type TxValidationErrorType,
} from './errors.ts';
export { senderOf } from './checks.ts';
export { createExecutor } from './executor.ts';
export { defaultExecutorOpts } from './options.ts';
export { encodeReceiptRLP } from './outcome.ts';
export { decodeRevertReason } from './revert.ts';
export {
  answerEmptyRequestQueues,
  CONSOLIDATION_REQUEST_CONTRACT,
  type RequestContract,
  WITHDRAWAL_REQUEST_CONTRACT,
} from './systemCalls.ts';
export type {
  SimBlockInput,
  SimBlockOverrides,
  SimCallResult,
  SimLog,
  SimulatedBlock,
  SimulateInput,
  Withdrawal,
} from './simulate.ts';
export type {
  BlockHashLookup,
  BlockOverrides,
  BlockTemplate,
  BuildBlockInput,
  BuiltBlock,
  CallRequest,
  CallResult,
  ExecLog,
  Executor,
  ExecutorDeps,
  ExecutorOpts,
  SkippedTx,
  StateOverrides,
  TxOutcome,
  ValidateTxOpts,
} from './types.ts';
export { TraceError, TraceErrorCode, type TraceErrorType } from './tracing/errors.ts';
export { createTracer, defaultTracerOpts, TRACER_NAMES, type TracerDeps } from './tracing/tracer.ts';
export type {
  CallFrameJSON,
  CallLogJSON,
  CallTracerConfig,
  ChainTracer,
  ParityTrace,
  PrestateAccountJSON,
  PrestateResult,
  PrestateTracerConfig,
  StructLog,
  StructLogResult,
  TraceCallInput,
  TraceConfig,
  TracerName,
  TracerOpts,
  TraceResult,
} from './tracing/types.ts';
export {
  attachConsoleLog,
  CONSOLE_ADDRESS,
  type ConsoleLogEntry,
  decodeConsoleLog,
} from './tracing/console.ts';

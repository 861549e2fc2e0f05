export {
  decodeRevertReason,
  ExecutionRevertedError,
  GETH_MESSAGES,
  InternalError,
  InvalidParamsError,
  InvalidRequestError,
  type JsonRpcErrorObject,
  LimitExceededError,
  MethodNotFoundError,
  ParseError,
  RPC_WIRE_CODES,
  RpcError,
  RpcErrorCode,
  type RpcErrorType,
  ServerError,
  toJsonRpcError,
} from './errors.ts';
export { formatBlock, formatHeader, formatLog, formatReceipt, formatTransaction, quantity } from './format.ts';
export { type CliqueControl, createCliqueModule } from './methods/clique.ts';
export { NoopNetworkInfo } from './methods/net.ts';
export { defaultClientVersion, defaultRpcServerOpts } from './options.ts';
export { createRpcServer, NoopSyncInfo } from './server.ts';
export type {
  AdminNetwork,
  DevAccount,
  DevControl,
  NetworkInfo,
  RpcConnection,
  RpcContext,
  RpcDeps,
  RpcMethod,
  RpcModule,
  RpcServer,
  RpcServerOpts,
  SyncInfo,
  SyncStatus,
} from './types.ts';
export * as params from './validation.ts';
export type { BlockId, BlockTag, Decoder } from './validation.ts';

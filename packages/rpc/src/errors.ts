import { ChainErrorCode, type ChainErrorType, DevErrorCode, MinerErrorCode, TxPoolErrorCode } from '@basalt/chain';
import { BasaltError, isBasaltError } from '@basalt/common';
import {
  BlockValidationErrorCode,
  CallErrorCode,
  SimulateErrorCode,
  type ExecutionRevertedErrorType,
  TxValidationErrorCode,
} from '@basalt/execution';
import { StateErrorCode } from '@basalt/state';
import { bytesToHex } from '@ethereumjs/util';

/**
 * Every kind of JSON-RPC error this package answers with. The wire code of each is in
 * {@link RPC_WIRE_CODES}; branch on `err.code` (these strings), send `err.rpcCode`.
 */
export enum RpcErrorCode {
  /** -32700: the request text is not JSON. */
  PARSE_ERROR = 'PARSE_ERROR',
  /** -32600: JSON, but not a JSON-RPC 2.0 request (or an empty/oversized batch, an oversized body). */
  INVALID_REQUEST = 'INVALID_REQUEST',
  /** -32601: no such method (or subscriptions asked over HTTP). */
  METHOD_NOT_FOUND = 'METHOD_NOT_FOUND',
  /** -32602: a parameter is missing, of the wrong type, or out of range. */
  INVALID_PARAMS = 'INVALID_PARAMS',
  /** -32603: a bug or an unexpected failure; details only in the log. */
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  /** 3: the call reverted with data; `data` is the revert bytes as hex. */
  EXECUTION_REVERTED = 'EXECUTION_REVERTED',
  /** -32000: geth's default code: a rejected transaction, unknown block, failed call and the like. */
  SERVER_ERROR = 'SERVER_ERROR',
  /** -32005: a configured limit was hit (log range, log results, filters, subscriptions). */
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  /** -38010 (eth_simulateV1, validation): nonce too low. */
  SIMULATE_NONCE_TOO_LOW = 'SIMULATE_NONCE_TOO_LOW',
  /** -38011 (eth_simulateV1, validation): nonce too high. */
  SIMULATE_NONCE_TOO_HIGH = 'SIMULATE_NONCE_TOO_HIGH',
  /** -38012 (eth_simulateV1): fee cap below the block's base fee. */
  SIMULATE_BASE_FEE_TOO_LOW = 'SIMULATE_BASE_FEE_TOO_LOW',
  /** -38013 (eth_simulateV1): gas below the intrinsic gas. */
  SIMULATE_INTRINSIC_GAS = 'SIMULATE_INTRINSIC_GAS',
  /** -38014 (eth_simulateV1): insufficient funds. */
  SIMULATE_INSUFFICIENT_FUNDS = 'SIMULATE_INSUFFICIENT_FUNDS',
  /** -38015 (eth_simulateV1): block gas limit reached. */
  SIMULATE_BLOCK_GAS_LIMIT_REACHED = 'SIMULATE_BLOCK_GAS_LIMIT_REACHED',
  /** -38020 (eth_simulateV1): block numbers out of order. */
  SIMULATE_BLOCK_NUMBER_INVALID = 'SIMULATE_BLOCK_NUMBER_INVALID',
  /** -38021 (eth_simulateV1): block timestamps out of order. */
  SIMULATE_BLOCK_TIMESTAMP_INVALID = 'SIMULATE_BLOCK_TIMESTAMP_INVALID',
  /** -38025 (eth_simulateV1): init code too large. */
  SIMULATE_MAX_INIT_CODE_SIZE = 'SIMULATE_MAX_INIT_CODE_SIZE',
  /** -38026 (eth_simulateV1): too many blocks or calls. */
  SIMULATE_CLIENT_LIMIT_EXCEEDED = 'SIMULATE_CLIENT_LIMIT_EXCEEDED',
}

/** The number sent on the wire for each {@link RpcErrorCode}. */
export const RPC_WIRE_CODES: Readonly<Record<RpcErrorCode, number>> = {
  [RpcErrorCode.PARSE_ERROR]: -32700,
  [RpcErrorCode.INVALID_REQUEST]: -32600,
  [RpcErrorCode.METHOD_NOT_FOUND]: -32601,
  [RpcErrorCode.INVALID_PARAMS]: -32602,
  [RpcErrorCode.INTERNAL_ERROR]: -32603,
  [RpcErrorCode.EXECUTION_REVERTED]: 3,
  [RpcErrorCode.SERVER_ERROR]: -32000,
  [RpcErrorCode.LIMIT_EXCEEDED]: -32005,
  [RpcErrorCode.SIMULATE_NONCE_TOO_LOW]: -38010,
  [RpcErrorCode.SIMULATE_NONCE_TOO_HIGH]: -38011,
  [RpcErrorCode.SIMULATE_BASE_FEE_TOO_LOW]: -38012,
  [RpcErrorCode.SIMULATE_INTRINSIC_GAS]: -38013,
  [RpcErrorCode.SIMULATE_INSUFFICIENT_FUNDS]: -38014,
  [RpcErrorCode.SIMULATE_BLOCK_GAS_LIMIT_REACHED]: -38015,
  [RpcErrorCode.SIMULATE_BLOCK_NUMBER_INVALID]: -38020,
  [RpcErrorCode.SIMULATE_BLOCK_TIMESTAMP_INVALID]: -38021,
  [RpcErrorCode.SIMULATE_MAX_INIT_CODE_SIZE]: -38025,
  [RpcErrorCode.SIMULATE_CLIENT_LIMIT_EXCEEDED]: -38026,
};

export type RpcErrorType = { code: RpcErrorCode; data?: unknown };

/** The `error` member of a JSON-RPC response. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** An error that is sent to the client as is: its message, wire code and optional `data`. */
export class RpcError extends BasaltError<RpcErrorType> {
  /** The JSON-RPC `error.code`. */
  readonly rpcCode: number;

  constructor(code: RpcErrorCode, message: string, data?: unknown, options?: { cause?: unknown }) {
    super(data === undefined ? { code } : { code, data }, message, options);
    this.rpcCode = RPC_WIRE_CODES[code];
  }

  get data(): unknown {
    return this.type.data;
  }

  toJSON(): JsonRpcErrorObject {
    const out: JsonRpcErrorObject = { code: this.rpcCode, message: this.message };
    if (this.type.data !== undefined) out.data = this.type.data;
    return out;
  }
}

export class ParseError extends RpcError {
  static readonly code = -32700;
  constructor(message = 'parse error') {
    super(RpcErrorCode.PARSE_ERROR, message);
  }
}

export class InvalidRequestError extends RpcError {
  static readonly code = -32600;
  constructor(message = 'invalid request') {
    super(RpcErrorCode.INVALID_REQUEST, message);
  }
}

export class MethodNotFoundError extends RpcError {
  static readonly code = -32601;
  /** geth's text: "the method eth_foo does not exist/is not available". */
  constructor(method: string, message = `the method ${method} does not exist/is not available`) {
    super(RpcErrorCode.METHOD_NOT_FOUND, message);
  }
}

export class InvalidParamsError extends RpcError {
  static readonly code = -32602;
  constructor(message: string) {
    super(RpcErrorCode.INVALID_PARAMS, message);
  }
}

export class InternalError extends RpcError {
  static readonly code = -32603;
  constructor(message = 'internal error') {
    super(RpcErrorCode.INTERNAL_ERROR, message);
  }
}

/** Code 3 with the revert bytes; the message is "execution reverted" plus the decoded reason, as geth. */
export class ExecutionRevertedError extends RpcError {
  static readonly code = 3;
  constructor(revertData: Uint8Array, reason?: string) {
    const r = reason ?? decodeRevertReason(revertData);
    super(
      RpcErrorCode.EXECUTION_REVERTED,
      r === undefined ? GETH_MESSAGES.executionReverted : `${GETH_MESSAGES.executionReverted}: ${r}`,
      bytesToHex(revertData),
    );
  }
}

/** -32000, geth's code for any plain error (errcodeDefault). */
export class ServerError extends RpcError {
  static readonly code = -32000;
  constructor(message: string, data?: unknown) {
    super(RpcErrorCode.SERVER_ERROR, message, data);
  }
}

export class LimitExceededError extends RpcError {
  static readonly code = -32005;
  constructor(message: string) {
    super(RpcErrorCode.LIMIT_EXCEEDED, message);
  }
}

/**
 * Messages clients parse (viem `src/errors/node.ts`, ethers `makeError`), in geth's exact words
 * (`core/error.go`, `core/txpool/errors.go`, `internal/ethapi`). Test per string in test/unit/errors.test.ts.
 */
export const GETH_MESSAGES = {
  nonceTooLow: 'nonce too low',
  nonceTooHigh: 'nonce too high',
  insufficientFunds: 'insufficient funds for gas * price + value',
  intrinsicGasTooLow: 'intrinsic gas too low',
  feeCapTooLow: 'max fee per gas less than block base fee',
  tipAboveFeeCap: 'max priority fee per gas higher than max fee per gas',
  replacementUnderpriced: 'replacement transaction underpriced',
  alreadyKnown: 'already known',
  gasLimitExceeded: 'exceeds block gas limit',
  invalidChainId: 'invalid chain id',
  invalidSender: 'invalid sender',
  txPoolFull: 'txpool is full',
  underpriced: 'transaction underpriced',
  executionReverted: 'execution reverted',
  headerNotFound: 'header not found',
  headerForHashNotFound: 'header for hash not found',
  notificationsUnsupported: 'notifications not supported',
  subscriptionNotFound: 'subscription not found',
  filterNotFound: 'filter not found',
  unknownAccount: 'unknown account',
  batchTooLarge: 'batch too large',
  emptyBatch: 'empty batch',
  invalidBlockRange: 'invalid block range params',
  blockRangeBeyondHead: 'block range extends beyond current head block',
  blockHashWithRange: 'cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other',
  dataInputMismatch: 'both "data" and "input" are set and not equal. Please use "input" to pass transaction call data',
} as const;

/** Solidity `Panic(uint256)` codes, with geth's wording (`accounts/abi/abi.go` panicReasons). */
const PANIC_REASONS: Record<number, string> = {
  0: 'generic panic',
  1: 'assert(false)',
  17: 'arithmetic underflow or overflow',
  18: 'division or modulo by zero',
  33: 'enum overflow',
  34: 'invalid encoded storage byte array accessed',
  49: 'out-of-bounds array access; popping on an empty array',
  50: 'out-of-bounds access of an array or bytesN',
  65: 'out of memory',
  81: 'uninitialized function',
};

/**
 * The reason in revert data: the string of `Error(string)`, or the text of `Panic(uint256)`;
 * undefined for custom errors and undecodable data (geth's `abi.UnpackRevert`).
 */
export function decodeRevertReason(data: Uint8Array): string | undefined {
  if (data.length < 4) return undefined;
  const sel = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  if (sel === 0x08c379a0) {
    // Error(string): offset (32) | length (32) | bytes
    if (data.length < 4 + 64) return undefined;
    const offset = readWordAsNumber(data, 4);
    if (offset === undefined || 4 + offset + 32 > data.length) return undefined;
    const len = readWordAsNumber(data, 4 + offset);
    const start = 4 + offset + 32;
    if (len === undefined || start + len > data.length) return undefined;
    return new TextDecoder().decode(data.subarray(start, start + len));
  }
  if (sel === 0x4e487b71) {
    if (data.length < 4 + 32) return undefined;
    const code = readWordAsNumber(data, 4);
    if (code === undefined)
      return `unknown panic code: 0x${bytesToHex(data.subarray(4, 36)).slice(2).replace(/^0+/, '') || '0'}`;
    return PANIC_REASONS[code] ?? `unknown panic code: 0x${code.toString(16)}`;
  }
  return undefined;
}

/** A 32-byte big-endian word as a number, or undefined when it does not fit in 32 bits. */
function readWordAsNumber(data: Uint8Array, at: number): number | undefined {
  for (let i = at; i < at + 28; i++) if (data[i] !== 0) return undefined;
  return ((data[at + 28]! << 24) | (data[at + 29]! << 16) | (data[at + 30]! << 8) | data[at + 31]!) >>> 0;
}

/**
 * The one mapping from anything thrown to a wire error (H10). RpcErrors pass through; domain
 * errors of chain/execution/state (BasaltError, branched on `err.code`) map to their wire code;
 * anything else is a bug: -32603 with a generic message (the caller logs the stack).
 */
export function toJsonRpcError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  if (isBasaltError(err)) {
    const mapped = mapDomainError(err);
    if (mapped !== undefined) return mapped;
  }
  return new InternalError();
}

/** Whether {@link toJsonRpcError} would hide this error behind a generic -32603 (so it should be logged). */
export function isUnexpectedError(err: unknown): boolean {
  return toJsonRpcError(err).code === RpcErrorCode.INTERNAL_ERROR && !(err instanceof RpcError);
}

type Mapper = (err: BasaltError) => RpcError;

/** A plain error: -32000 with the domain message, which is geth's wording (H11). */
const asServerError: Mapper = (err) => new ServerError(err.message);
const asInternal: Mapper = () => new InternalError();
const missingState: Mapper = () => new ServerError('missing trie node: state is not available for this block');

// One Record per domain enum, so a code added in chain/execution/state without a wire mapping
// here fails the type check (the exhaustive switch of H10, across packages).
const TX_VALIDATION: Record<TxValidationErrorCode, Mapper> = {
  [TxValidationErrorCode.NONCE_TOO_LOW]: asServerError,
  [TxValidationErrorCode.NONCE_TOO_HIGH]: asServerError,
  [TxValidationErrorCode.NONCE_MAX]: asServerError,
  [TxValidationErrorCode.INSUFFICIENT_FUNDS]: asServerError,
  [TxValidationErrorCode.INTRINSIC_GAS_TOO_LOW]: asServerError,
  [TxValidationErrorCode.FLOOR_DATA_GAS]: asServerError,
  [TxValidationErrorCode.FEE_CAP_TOO_LOW]: asServerError,
  [TxValidationErrorCode.TIP_ABOVE_FEE_CAP]: asServerError,
  [TxValidationErrorCode.INVALID_CHAIN_ID]: asServerError,
  [TxValidationErrorCode.GAS_LIMIT_EXCEEDED]: asServerError,
  [TxValidationErrorCode.GAS_LIMIT_REACHED]: asServerError,
  [TxValidationErrorCode.GAS_LIMIT_TOO_HIGH]: asServerError,
  [TxValidationErrorCode.TX_TYPE_NOT_SUPPORTED]: asServerError,
  [TxValidationErrorCode.BLOB_TX_NOT_SUPPORTED]: asServerError,
  [TxValidationErrorCode.INVALID_SENDER]: asServerError,
  [TxValidationErrorCode.SENDER_NOT_EOA]: asServerError,
  [TxValidationErrorCode.MAX_INITCODE_SIZE_EXCEEDED]: asServerError,
  [TxValidationErrorCode.EMPTY_AUTH_LIST]: asServerError,
  [TxValidationErrorCode.SET_CODE_TX_CREATE]: asServerError,
};

const BLOCK_VALIDATION: Record<BlockValidationErrorCode, Mapper> = {
  [BlockValidationErrorCode.STATE_ROOT_MISMATCH]: asServerError,
  [BlockValidationErrorCode.RECEIPTS_ROOT_MISMATCH]: asServerError,
  [BlockValidationErrorCode.GAS_USED_MISMATCH]: asServerError,
  [BlockValidationErrorCode.LOGS_BLOOM_MISMATCH]: asServerError,
  [BlockValidationErrorCode.REQUESTS_HASH_MISMATCH]: asServerError,
  [BlockValidationErrorCode.TRANSACTIONS_ROOT_MISMATCH]: asServerError,
  [BlockValidationErrorCode.INVALID_TRANSACTION]: asServerError,
  [BlockValidationErrorCode.INVALID_BLOCK]: asServerError,
};

const CALL: Record<CallErrorCode, Mapper> = {
  [CallErrorCode.GAS_REQUIRED_EXCEEDS_ALLOWANCE]: asServerError,
  [CallErrorCode.EXECUTION_FAILED]: asServerError,
  [CallErrorCode.INSUFFICIENT_FUNDS_FOR_TRANSFER]: asServerError,
  [CallErrorCode.INVALID_STATE_OVERRIDE]: asServerError,
};

/** execution's ExecutionRevertedError: code 3 with the revert bytes; without bytes geth sends -32000. */
const REVERTED: Record<ExecutionRevertedErrorType['code'], Mapper> = {
  EXECUTION_REVERTED: (err) => {
    const hex = (err as BasaltError<ExecutionRevertedErrorType>).type.data;
    if (hex === undefined || hex === '0x') return new ServerError(GETH_MESSAGES.executionReverted);
    return new RpcError(RpcErrorCode.EXECUTION_REVERTED, err.message, hex);
  },
};

const TXPOOL: Record<TxPoolErrorCode, Mapper> = {
  [TxPoolErrorCode.ALREADY_KNOWN]: asServerError,
  [TxPoolErrorCode.REPLACEMENT_UNDERPRICED]: asServerError,
  [TxPoolErrorCode.UNDERPRICED]: asServerError,
  [TxPoolErrorCode.POOL_FULL]: asServerError,
  [TxPoolErrorCode.ACCOUNT_LIMIT]: asServerError,
  [TxPoolErrorCode.INSUFFICIENT_FUNDS]: asServerError,
  [TxPoolErrorCode.NONCE_TOO_LOW]: asServerError,
  [TxPoolErrorCode.OVERSIZED_DATA]: asServerError,
  [TxPoolErrorCode.INVALID_SENDER]: asServerError,
};

const CHAIN: Record<ChainErrorCode, Mapper> = {
  [ChainErrorCode.INVALID_GENESIS]: asInternal,
  [ChainErrorCode.GENESIS_MISMATCH]: asInternal,
  [ChainErrorCode.UNKNOWN_PARENT]: asServerError,
  [ChainErrorCode.INVALID_BLOCK]: asServerError,
  [ChainErrorCode.UNKNOWN_BLOCK]: () => new ServerError(GETH_MESSAGES.headerForHashNotFound),
  [ChainErrorCode.LOGS_RANGE_TOO_LARGE]: (err) => {
    const t = (err as BasaltError<ChainErrorType>).type;
    return new LimitExceededError(
      `exceed maximum block range: ${t.code === ChainErrorCode.LOGS_RANGE_TOO_LARGE ? t.maxRange : ''}`,
    );
  },
  [ChainErrorCode.INVALID_LOGS_RANGE]: () => new InvalidParamsError(GETH_MESSAGES.invalidBlockRange),
  [ChainErrorCode.LOGS_RANGE_BEYOND_HEAD]: () => new InvalidParamsError(GETH_MESSAGES.blockRangeBeyondHead),
  [ChainErrorCode.LOGS_TOO_MANY_RESULTS]: (err) => {
    const t = (err as BasaltError<ChainErrorType>).type;
    return new LimitExceededError(
      `query returned more than ${t.code === ChainErrorCode.LOGS_TOO_MANY_RESULTS ? t.limit : ''} results`,
    );
  },
  [ChainErrorCode.STATE_UNAVAILABLE]: missingState,
  [ChainErrorCode.CORRUPT_DATABASE]: asInternal,
  [ChainErrorCode.CLOSED]: () => new ServerError('node is shutting down'),
};

/** The miner's errors reach the wire through devnet methods (anvil_mine, evm_setNextBlockTimestamp): bad input. */
const MINER: Record<MinerErrorCode, Mapper> = {
  [MinerErrorCode.TIMESTAMP_NOT_AFTER_PARENT]: (err) => new InvalidParamsError(err.message),
  [MinerErrorCode.INVALID_ARGUMENT]: (err) => new InvalidParamsError(err.message),
};

/** The devnet tools' errors (anvil_setNonce, anvil_loadState, eth_sendTransaction from a stranger). */
const DEV: Record<DevErrorCode, Mapper> = {
  [DevErrorCode.INVALID_STATE_FILE]: (err) => new InvalidParamsError(err.message),
  [DevErrorCode.INVALID_VALUE]: (err) => new InvalidParamsError(err.message),
  [DevErrorCode.NOT_IMPERSONATED]: asServerError,
};

/** execution's ExecutionInternalError: a broken invariant, a bug (-32603, logged). */
const EXECUTION_INTERNAL: Record<'EXECUTION_INTERNAL', Mapper> = { EXECUTION_INTERNAL: asInternal };

const STATE: Record<StateErrorCode, Mapper> = {
  [StateErrorCode.STATE_ROOT_NOT_FOUND]: missingState,
  [StateErrorCode.DATABASE_OPEN_FAILED]: asInternal,
  [StateErrorCode.BATCH_ALREADY_COMMITTED]: asInternal,
  [StateErrorCode.INVALID_GENESIS_ALLOC]: asInternal,
  [StateErrorCode.INVALID_STORAGE_KEY]: (err) => new InvalidParamsError(err.message),
  // A fork node could not read its source: -32000 with the message (what, from where, why).
  [StateErrorCode.FORK_FETCH_FAILED]: asServerError,
  [StateErrorCode.FORK_INVALID_RESPONSE]: asServerError,
  [StateErrorCode.FORK_NODE_MISSING]: asServerError,
};

const simulate =
  (code: RpcErrorCode): Mapper =>
  (err) =>
    new RpcError(code, err.message);

/** eth_simulateV1's refusals, with geth's codes (internal/ethapi/errors.go). */
const SIMULATE: Record<SimulateErrorCode, Mapper> = {
  [SimulateErrorCode.NONCE_TOO_LOW]: simulate(RpcErrorCode.SIMULATE_NONCE_TOO_LOW),
  [SimulateErrorCode.NONCE_TOO_HIGH]: simulate(RpcErrorCode.SIMULATE_NONCE_TOO_HIGH),
  [SimulateErrorCode.BASE_FEE_TOO_LOW]: simulate(RpcErrorCode.SIMULATE_BASE_FEE_TOO_LOW),
  [SimulateErrorCode.INTRINSIC_GAS]: simulate(RpcErrorCode.SIMULATE_INTRINSIC_GAS),
  [SimulateErrorCode.INSUFFICIENT_FUNDS]: simulate(RpcErrorCode.SIMULATE_INSUFFICIENT_FUNDS),
  [SimulateErrorCode.BLOCK_GAS_LIMIT_REACHED]: simulate(RpcErrorCode.SIMULATE_BLOCK_GAS_LIMIT_REACHED),
  [SimulateErrorCode.BLOCK_NUMBER_INVALID]: simulate(RpcErrorCode.SIMULATE_BLOCK_NUMBER_INVALID),
  [SimulateErrorCode.BLOCK_TIMESTAMP_INVALID]: simulate(RpcErrorCode.SIMULATE_BLOCK_TIMESTAMP_INVALID),
  [SimulateErrorCode.MAX_INIT_CODE_SIZE]: simulate(RpcErrorCode.SIMULATE_MAX_INIT_CODE_SIZE),
  [SimulateErrorCode.CLIENT_LIMIT_EXCEEDED]: simulate(RpcErrorCode.SIMULATE_CLIENT_LIMIT_EXCEEDED),
  [SimulateErrorCode.INVALID_PARAMS]: (err) => new InvalidParamsError(err.message),
  [SimulateErrorCode.INVALID_TX]: (err) => new RpcError(RpcErrorCode.INTERNAL_ERROR, err.message),
  [SimulateErrorCode.FAILED]: asServerError,
};

const DOMAIN: ReadonlyMap<string, Mapper> = new Map<string, Mapper>(
  [
    SIMULATE,
    TX_VALIDATION,
    BLOCK_VALIDATION,
    CALL,
    REVERTED,
    EXECUTION_INTERNAL,
    TXPOOL,
    CHAIN,
    MINER,
    STATE,
    DEV,
  ].flatMap((m) => Object.entries(m)),
);

function mapDomainError(err: BasaltError): RpcError | undefined {
  return DOMAIN.get(err.code)?.(err);
}

import { BasaltError } from '@basalt/common';
import type { PrefixedHexString } from '@ethereumjs/util';

/**
 * Why a transaction cannot go into the next block. The messages are geth's
 * (`core/error.go`, `core/state_transition.go`, `core/txpool/validation.go`)
 * word for word, because viem, ethers and wallets match them with regexes.
 */
export enum TxValidationErrorCode {
  /** The sender's state nonce is above the tx nonce. */
  NONCE_TOO_LOW = 'NONCE_TOO_LOW',
  /** The tx nonce is above the sender's state nonce (a gap). */
  NONCE_TOO_HIGH = 'NONCE_TOO_HIGH',
  /** The sender's nonce is 2^64-1 and cannot be incremented. */
  NONCE_MAX = 'NONCE_MAX',
  /** The balance does not cover gas limit * fee cap + value. */
  INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS',
  /** The gas limit is below the intrinsic gas (21000 + calldata + creation + access list + auths). */
  INTRINSIC_GAS_TOO_LOW = 'INTRINSIC_GAS_TOO_LOW',
  /** The gas limit is below the EIP-7623 calldata floor (Prague). */
  FLOOR_DATA_GAS = 'FLOOR_DATA_GAS',
  /** maxFeePerGas (or gasPrice) is below the base fee of the block. */
  FEE_CAP_TOO_LOW = 'FEE_CAP_TOO_LOW',
  /** maxPriorityFeePerGas is above maxFeePerGas. */
  TIP_ABOVE_FEE_CAP = 'TIP_ABOVE_FEE_CAP',
  /** The tx is signed for another chain id. */
  INVALID_CHAIN_ID = 'INVALID_CHAIN_ID',
  /** The tx gas limit is above the block gas limit. */
  GAS_LIMIT_EXCEEDED = 'GAS_LIMIT_EXCEEDED',
  /** The tx gas limit is above what is left in the block being built. */
  GAS_LIMIT_REACHED = 'GAS_LIMIT_REACHED',
  /** The tx gas limit is above the EIP-7825 per-transaction cap (Osaka). */
  GAS_LIMIT_TOO_HIGH = 'GAS_LIMIT_TOO_HIGH',
  /** The tx type is not active at this block (type 1 before Berlin, 2 before London, 4 before Prague). */
  TX_TYPE_NOT_SUPPORTED = 'TX_TYPE_NOT_SUPPORTED',
  /** Type-3 (blob) transactions: this chain carries no blob sidecars. */
  BLOB_TX_NOT_SUPPORTED = 'BLOB_TX_NOT_SUPPORTED',
  /** The signature is missing or does not recover a sender. */
  INVALID_SENDER = 'INVALID_SENDER',
  /** The sender has code that is not an EIP-7702 delegation (EIP-3607). */
  SENDER_NOT_EOA = 'SENDER_NOT_EOA',
  /** A creation whose init code is above the EIP-3860 limit (Shanghai). */
  MAX_INITCODE_SIZE_EXCEEDED = 'MAX_INITCODE_SIZE_EXCEEDED',
  /** A set-code (type 4) tx without authorizations. */
  EMPTY_AUTH_LIST = 'EMPTY_AUTH_LIST',
  /** A set-code (type 4) tx without `to`. */
  SET_CODE_TX_CREATE = 'SET_CODE_TX_CREATE',
}

/** Metadata of a {@link TxValidationError}, by code. Addresses are EIP-55 checksummed hex. */
export type TxValidationErrorType =
  | { code: TxValidationErrorCode.NONCE_TOO_LOW; address: string; txNonce: bigint; stateNonce: bigint }
  | { code: TxValidationErrorCode.NONCE_TOO_HIGH; address: string; txNonce: bigint; stateNonce: bigint }
  | { code: TxValidationErrorCode.NONCE_MAX; address: string; nonce: bigint }
  | { code: TxValidationErrorCode.INSUFFICIENT_FUNDS; address: string; have: bigint; want: bigint }
  | { code: TxValidationErrorCode.INTRINSIC_GAS_TOO_LOW; have: bigint; want: bigint }
  | { code: TxValidationErrorCode.FLOOR_DATA_GAS; have: bigint; want: bigint }
  | { code: TxValidationErrorCode.FEE_CAP_TOO_LOW; address: string; maxFeePerGas: bigint; baseFee: bigint }
  | {
      code: TxValidationErrorCode.TIP_ABOVE_FEE_CAP;
      address: string;
      maxPriorityFeePerGas: bigint;
      maxFeePerGas: bigint;
    }
  | { code: TxValidationErrorCode.INVALID_CHAIN_ID; expected: bigint; got: bigint | undefined }
  | { code: TxValidationErrorCode.GAS_LIMIT_EXCEEDED; txGasLimit: bigint; blockGasLimit: bigint }
  | { code: TxValidationErrorCode.GAS_LIMIT_REACHED; txGasLimit: bigint; gasLeft: bigint }
  | { code: TxValidationErrorCode.GAS_LIMIT_TOO_HIGH; cap: bigint; txGasLimit: bigint }
  | { code: TxValidationErrorCode.TX_TYPE_NOT_SUPPORTED; txType: number; hardfork: string }
  | { code: TxValidationErrorCode.BLOB_TX_NOT_SUPPORTED }
  | { code: TxValidationErrorCode.INVALID_SENDER }
  | { code: TxValidationErrorCode.SENDER_NOT_EOA; address: string; codeLength: number }
  | { code: TxValidationErrorCode.MAX_INITCODE_SIZE_EXCEEDED; size: number; limit: number }
  | { code: TxValidationErrorCode.EMPTY_AUTH_LIST }
  | { code: TxValidationErrorCode.SET_CODE_TX_CREATE };

/** geth's message for each code (see {@link TxValidationErrorCode}). */
export function txValidationMessage(type: TxValidationErrorType): string {
  switch (type.code) {
    case TxValidationErrorCode.NONCE_TOO_LOW:
      return `nonce too low: address ${type.address}, tx: ${type.txNonce} state: ${type.stateNonce}`;
    case TxValidationErrorCode.NONCE_TOO_HIGH:
      return `nonce too high: address ${type.address}, tx: ${type.txNonce} state: ${type.stateNonce}`;
    case TxValidationErrorCode.NONCE_MAX:
      return `nonce has max value: address ${type.address}, nonce: ${type.nonce}`;
    case TxValidationErrorCode.INSUFFICIENT_FUNDS:
      return `insufficient funds for gas * price + value: address ${type.address} have ${type.have} want ${type.want}`;
    case TxValidationErrorCode.INTRINSIC_GAS_TOO_LOW:
      return `intrinsic gas too low: have ${type.have}, want ${type.want}`;
    case TxValidationErrorCode.FLOOR_DATA_GAS:
      return `insufficient gas for floor data gas cost: have ${type.have}, want ${type.want}`;
    case TxValidationErrorCode.FEE_CAP_TOO_LOW:
      return `max fee per gas less than block base fee: address ${type.address}, maxFeePerGas: ${type.maxFeePerGas}, baseFee: ${type.baseFee}`;
    case TxValidationErrorCode.TIP_ABOVE_FEE_CAP:
      return `max priority fee per gas higher than max fee per gas: address ${type.address}, maxPriorityFeePerGas: ${type.maxPriorityFeePerGas}, maxFeePerGas: ${type.maxFeePerGas}`;
    case TxValidationErrorCode.INVALID_CHAIN_ID:
      return 'invalid chain id for signer';
    case TxValidationErrorCode.GAS_LIMIT_EXCEEDED:
      return 'exceeds block gas limit';
    case TxValidationErrorCode.GAS_LIMIT_REACHED:
      return 'gas limit reached';
    case TxValidationErrorCode.GAS_LIMIT_TOO_HIGH:
      return `transaction gas limit too high (cap: ${type.cap}, tx: ${type.txGasLimit})`;
    case TxValidationErrorCode.TX_TYPE_NOT_SUPPORTED:
      return 'transaction type not supported';
    case TxValidationErrorCode.BLOB_TX_NOT_SUPPORTED:
      return 'blob transactions are not supported';
    case TxValidationErrorCode.INVALID_SENDER:
      return 'invalid sender';
    case TxValidationErrorCode.SENDER_NOT_EOA:
      return `sender not an eoa: address ${type.address}, len(code): ${type.codeLength}`;
    case TxValidationErrorCode.MAX_INITCODE_SIZE_EXCEEDED:
      return `max initcode size exceeded: code size ${type.size}, limit ${type.limit}`;
    case TxValidationErrorCode.EMPTY_AUTH_LIST:
      return 'EIP-7702 transaction with empty auth list';
    case TxValidationErrorCode.SET_CODE_TX_CREATE:
      return 'EIP-7702 transaction cannot be used to create contract';
  }
}

/**
 * A transaction that cannot be included, with geth's message. Thrown by
 * `validateTx`, put in `BuiltBlock.skipped`, and thrown by `call` and
 * `estimateGas` (message prefixed with `err: ` and suffixed with
 * ` (supplied gas N)`, as geth's eth_call does) when the call itself is invalid.
 */
export class TxValidationError extends BasaltError<TxValidationErrorType> {
  constructor(type: TxValidationErrorType, opts: { message?: string; cause?: unknown } = {}) {
    super(
      type,
      opts.message ?? txValidationMessage(type),
      opts.cause !== undefined ? { cause: opts.cause } : undefined,
    );
  }
}

/** Why a received block is rejected by `runBlock`. */
export enum BlockValidationErrorCode {
  /** The state root after execution differs from the header's. */
  STATE_ROOT_MISMATCH = 'STATE_ROOT_MISMATCH',
  /** The receipts root after execution differs from the header's. */
  RECEIPTS_ROOT_MISMATCH = 'RECEIPTS_ROOT_MISMATCH',
  /** The gas used by the transactions differs from the header's gasUsed. */
  GAS_USED_MISMATCH = 'GAS_USED_MISMATCH',
  /** The OR of the receipts' blooms differs from the header's logsBloom. */
  LOGS_BLOOM_MISMATCH = 'LOGS_BLOOM_MISMATCH',
  /** The EIP-7685 requests hash differs from the header's (Prague). */
  REQUESTS_HASH_MISMATCH = 'REQUESTS_HASH_MISMATCH',
  /** The transactions root does not match the block body. */
  TRANSACTIONS_ROOT_MISMATCH = 'TRANSACTIONS_ROOT_MISMATCH',
  /** A transaction of the block cannot be executed (nonce, funds, gas, fee, signature, type). */
  INVALID_TRANSACTION = 'INVALID_TRANSACTION',
  /** The body is malformed otherwise (uncle hash, withdrawals root, blob gas, hardfork rules). */
  INVALID_BLOCK = 'INVALID_BLOCK',
}

/** Metadata of a {@link BlockValidationError}. Hashes and roots are 0x-hex. */
export type BlockValidationErrorType =
  | {
      code:
        | BlockValidationErrorCode.STATE_ROOT_MISMATCH
        | BlockValidationErrorCode.RECEIPTS_ROOT_MISMATCH
        | BlockValidationErrorCode.LOGS_BLOOM_MISMATCH
        | BlockValidationErrorCode.REQUESTS_HASH_MISMATCH
        | BlockValidationErrorCode.TRANSACTIONS_ROOT_MISMATCH;
      blockNumber: bigint;
      blockHash: PrefixedHexString;
      expected: PrefixedHexString;
      got: PrefixedHexString | undefined;
    }
  | {
      code: BlockValidationErrorCode.GAS_USED_MISMATCH;
      blockNumber: bigint;
      blockHash: PrefixedHexString;
      expected: bigint;
      got: bigint | undefined;
    }
  | {
      code: BlockValidationErrorCode.INVALID_TRANSACTION;
      blockNumber: bigint;
      blockHash: PrefixedHexString;
      txIndex: number;
      txHash: PrefixedHexString | undefined;
      reason: string;
    }
  | { code: BlockValidationErrorCode.INVALID_BLOCK; blockNumber: bigint; blockHash: PrefixedHexString; reason: string };

const WHAT: Record<string, string> = {
  STATE_ROOT_MISMATCH: 'state root',
  RECEIPTS_ROOT_MISMATCH: 'receipts root',
  GAS_USED_MISMATCH: 'gas used',
  LOGS_BLOOM_MISMATCH: 'logs bloom',
  REQUESTS_HASH_MISMATCH: 'requests hash',
  TRANSACTIONS_ROOT_MISMATCH: 'transactions root',
};

/** The message of a {@link BlockValidationError}. */
export function blockValidationMessage(type: BlockValidationErrorType): string {
  const at = `invalid block #${type.blockNumber} (${type.blockHash})`;
  switch (type.code) {
    case BlockValidationErrorCode.INVALID_TRANSACTION:
      return `${at}: invalid transaction ${type.txIndex}${type.txHash !== undefined ? ` (${type.txHash})` : ''}: ${type.reason}`;
    case BlockValidationErrorCode.INVALID_BLOCK:
      return `${at}: ${type.reason}`;
    default:
      return `${at}: ${WHAT[type.code]} mismatch: expected ${type.expected}, got ${type.got ?? 'unknown'}`;
  }
}

/** A received block that does not execute to its header. Branch on `code`. */
export class BlockValidationError extends BasaltError<BlockValidationErrorType> {
  constructor(type: BlockValidationErrorType, opts: { cause?: unknown } = {}) {
    super(type, blockValidationMessage(type), opts.cause !== undefined ? { cause: opts.cause } : undefined);
  }
}

/** Metadata of an {@link ExecutionRevertedError}. */
export interface ExecutionRevertedErrorType {
  code: 'EXECUTION_REVERTED';
  /** The revert bytes as 0x-hex (`0x` when the contract reverted without data). */
  data: PrefixedHexString;
  /** The decoded reason as geth gives it (Error(string) text, or the Panic meaning). */
  reason: string | undefined;
}

/**
 * A call or gas estimate that hit REVERT. `message` is geth's: `execution
 * reverted` or `execution reverted: <reason>`; `data` carries the revert
 * bytes (JSON-RPC error code 3 with `data`).
 */
export class ExecutionRevertedError extends BasaltError<ExecutionRevertedErrorType> {
  constructor(data: PrefixedHexString, reason: string | undefined) {
    super(
      { code: 'EXECUTION_REVERTED', data, reason },
      reason !== undefined ? `execution reverted: ${reason}` : 'execution reverted',
    );
  }

  /** The revert bytes as 0x-hex. */
  get data(): PrefixedHexString {
    return this.type.data;
  }
}

/** Failures of `call`, `estimateGas` and `createAccessList` other than a revert. */
export enum CallErrorCode {
  /** estimateGas: the call runs out of gas even at the highest allowed gas. */
  GAS_REQUIRED_EXCEEDS_ALLOWANCE = 'GAS_REQUIRED_EXCEEDS_ALLOWANCE',
  /** estimateGas: the call fails at the highest gas for a reason other than gas or revert (invalid opcode, ...). */
  EXECUTION_FAILED = 'EXECUTION_FAILED',
  /** estimateGas: a fee was given and the value is not below the balance. */
  INSUFFICIENT_FUNDS_FOR_TRANSFER = 'INSUFFICIENT_FUNDS_FOR_TRANSFER',
  /** A state override gives both `state` and `stateDiff` for one account. */
  INVALID_STATE_OVERRIDE = 'INVALID_STATE_OVERRIDE',
}

export type CallErrorType =
  | { code: CallErrorCode.GAS_REQUIRED_EXCEEDS_ALLOWANCE; allowance: bigint }
  | { code: CallErrorCode.EXECUTION_FAILED; vmError: string }
  | { code: CallErrorCode.INSUFFICIENT_FUNDS_FOR_TRANSFER }
  | { code: CallErrorCode.INVALID_STATE_OVERRIDE; address: string };

/** geth's message for each {@link CallErrorCode}. */
export function callErrorMessage(type: CallErrorType): string {
  switch (type.code) {
    case CallErrorCode.GAS_REQUIRED_EXCEEDS_ALLOWANCE:
      return `gas required exceeds allowance (${type.allowance})`;
    case CallErrorCode.EXECUTION_FAILED:
      return type.vmError;
    case CallErrorCode.INSUFFICIENT_FUNDS_FOR_TRANSFER:
      return 'insufficient funds for transfer';
    case CallErrorCode.INVALID_STATE_OVERRIDE:
      return `account ${type.address} has both 'state' and 'stateDiff'`;
  }
}

/** A call or estimate that cannot produce a result (not a revert: see {@link ExecutionRevertedError}). */
export class CallError extends BasaltError<CallErrorType> {
  constructor(type: CallErrorType) {
    super(type, callErrorMessage(type));
  }
}

/** A broken invariant inside execution (a library contract not met): a bug, not bad input. */
export class ExecutionInternalError extends BasaltError<{ code: 'EXECUTION_INTERNAL'; reason: string }> {
  constructor(reason: string, opts: { cause?: unknown } = {}) {
    super({ code: 'EXECUTION_INTERNAL', reason }, reason, opts.cause !== undefined ? { cause: opts.cause } : undefined);
  }
}

/**
 * Why eth_simulateV1 refuses a request as a whole (a call that merely fails is a result, not an
 * error). The JSON-RPC code of each is geth's (`internal/ethapi/errors.go`); the message is geth's.
 */
export enum SimulateErrorCode {
  /** -38010 (validation): the call's nonce is below the sender's. */
  NONCE_TOO_LOW = 'SIM_NONCE_TOO_LOW',
  /** -38011 (validation): the call's nonce is above the sender's. */
  NONCE_TOO_HIGH = 'SIM_NONCE_TOO_HIGH',
  /** -38012: the fee cap is below the block's base fee. */
  BASE_FEE_TOO_LOW = 'SIM_BASE_FEE_TOO_LOW',
  /** -38013: the gas is below the intrinsic gas. */
  INTRINSIC_GAS = 'SIM_INTRINSIC_GAS',
  /** -38014: the balance does not cover gas * price + value (or the value). */
  INSUFFICIENT_FUNDS = 'SIM_INSUFFICIENT_FUNDS',
  /** -38015: the call wants more gas than is left in its block. */
  BLOCK_GAS_LIMIT_REACHED = 'SIM_BLOCK_GAS_LIMIT_REACHED',
  /** -38020: block numbers do not increase. */
  BLOCK_NUMBER_INVALID = 'SIM_BLOCK_NUMBER_INVALID',
  /** -38021: block timestamps do not increase. */
  BLOCK_TIMESTAMP_INVALID = 'SIM_BLOCK_TIMESTAMP_INVALID',
  /** -38025: a creation's init code is above the EIP-3860 limit. */
  MAX_INIT_CODE_SIZE = 'SIM_MAX_INIT_CODE_SIZE',
  /** -38026: too many blocks or calls. */
  CLIENT_LIMIT_EXCEEDED = 'SIM_CLIENT_LIMIT_EXCEEDED',
  /** -32602: a request field is invalid (tip above fee cap, no blocks). */
  INVALID_PARAMS = 'SIM_INVALID_PARAMS',
  /** -32603: a transaction rule without a code of its own (nonce at its maximum, floor data gas). */
  INVALID_TX = 'SIM_INVALID_TX',
  /** -32000: anything else geth reports plainly (state override errors, chain id mismatch). */
  FAILED = 'SIM_FAILED',
}

export type SimulateErrorType = { code: SimulateErrorCode };

/** A refused eth_simulateV1 request; `message` is geth's. */
export class SimulateError extends BasaltError<SimulateErrorType> {
  constructor(code: SimulateErrorCode, message: string) {
    super({ code }, message);
  }
}

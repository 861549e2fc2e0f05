import { BasaltError } from '@basalt/common';

/** Every code a {@link ChainError} can carry. Branch on `err.code`, never on the message. */
export enum ChainErrorCode {
  /** A genesis file (or `devGenesis` input) is malformed: missing field, bad number, unknown fork. */
  INVALID_GENESIS = 'INVALID_GENESIS',
  /** The database holds a chain whose genesis hash (or chain id) differs from the configured genesis. */
  GENESIS_MISMATCH = 'GENESIS_MISMATCH',
  /** `importBlock` was given a block whose parent is not stored. */
  UNKNOWN_PARENT = 'UNKNOWN_PARENT',
  /** A block failed header, body, execution or post-execution checks; nothing of it was stored. */
  INVALID_BLOCK = 'INVALID_BLOCK',
  /** A block that is not stored was named where a stored one is required (e.g. `setSafeAndFinalized`). */
  UNKNOWN_BLOCK = 'UNKNOWN_BLOCK',
  /** `getLogs` was asked for more blocks than `maxLogsRange`. */
  LOGS_RANGE_TOO_LARGE = 'LOGS_RANGE_TOO_LARGE',
  /** `getLogs` with `fromBlock > toBlock` (geth: "invalid block range params"). */
  INVALID_LOGS_RANGE = 'INVALID_LOGS_RANGE',
  /** `getLogs` with `toBlock` above the head (geth: "block range extends beyond current head block"). */
  LOGS_RANGE_BEYOND_HEAD = 'LOGS_RANGE_BEYOND_HEAD',
  /** `getLogs` matched more logs than `maxLogsResults`. */
  LOGS_TOO_MANY_RESULTS = 'LOGS_TOO_MANY_RESULTS',
  /** `stateAt` was asked for a block whose post-state is not stored. */
  STATE_UNAVAILABLE = 'STATE_UNAVAILABLE',
  /** Stored data could not be decoded (a corrupt or foreign database). */
  CORRUPT_DATABASE = 'CORRUPT_DATABASE',
  /** The chain was used after `close()`. */
  CLOSED = 'CLOSED',
}

/** Metadata per code, discriminated by `code`. Hashes are 0x-prefixed hex. */
export type ChainErrorType =
  | { code: ChainErrorCode.INVALID_GENESIS; field: string; reason: string }
  | { code: ChainErrorCode.GENESIS_MISMATCH; field: 'hash' | 'chainId'; stored: string; configured: string }
  | { code: ChainErrorCode.UNKNOWN_PARENT; number: bigint; hash: string; parentHash: string }
  | { code: ChainErrorCode.INVALID_BLOCK; number: bigint; hash: string; reason: string }
  | { code: ChainErrorCode.UNKNOWN_BLOCK; hash: string }
  | { code: ChainErrorCode.LOGS_RANGE_TOO_LARGE; fromBlock: bigint; toBlock: bigint; maxRange: number }
  | { code: ChainErrorCode.INVALID_LOGS_RANGE; fromBlock: bigint; toBlock: bigint }
  | { code: ChainErrorCode.LOGS_RANGE_BEYOND_HEAD; toBlock: bigint; head: bigint }
  | { code: ChainErrorCode.LOGS_TOO_MANY_RESULTS; limit: number }
  | { code: ChainErrorCode.STATE_UNAVAILABLE; number: bigint; hash: string; stateRoot: string }
  | { code: ChainErrorCode.CORRUPT_DATABASE; what: string }
  | { code: ChainErrorCode.CLOSED };

/** The error `@basalt/chain` throws on purpose. Branch on `err.code`. */
export class ChainError extends BasaltError<ChainErrorType> {}

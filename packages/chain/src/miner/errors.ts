import { BasaltError } from '@basalt/common';

/** Every code a {@link MinerError} can carry. */
export enum MinerErrorCode {
  /** A block timestamp was asked for that is not after the head's (blocks' timestamps strictly increase). */
  TIMESTAMP_NOT_AFTER_PARENT = 'MINER_TIMESTAMP_NOT_AFTER_PARENT',
  /** A negative or non-finite interval, block time, time increase or block count. */
  INVALID_ARGUMENT = 'MINER_INVALID_ARGUMENT',
}

/** Metadata per code, discriminated by `code`. */
export type MinerErrorType =
  | { code: MinerErrorCode.TIMESTAMP_NOT_AFTER_PARENT; timestamp: bigint; parentTimestamp: bigint }
  | { code: MinerErrorCode.INVALID_ARGUMENT; name: string; value: string };

/** The error the miner throws on purpose. Branch on `err.code`. */
export class MinerError extends BasaltError<MinerErrorType> {}

export function invalidArgument(name: string, value: unknown): MinerError {
  return new MinerError(
    { code: MinerErrorCode.INVALID_ARGUMENT, name, value: String(value) },
    `invalid ${name}: ${String(value)}`,
  );
}

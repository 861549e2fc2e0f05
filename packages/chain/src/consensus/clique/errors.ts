import { BasaltError } from '@basalt/common';

/** Every code a {@link CliqueError} can carry. Invalid blocks are ChainError INVALID_BLOCK instead. */
export enum CliqueErrorCode {
  /** `seal` was called on an engine without a validator key. */
  NO_SIGNER = 'CLIQUE_NO_SIGNER',
  /** The validator is not in the signer set at the parent (it cannot seal this block). */
  UNAUTHORIZED = 'CLIQUE_UNAUTHORIZED',
  /** The validator sealed one of the last floor(N/2)+1 blocks and must wait. */
  RECENTLY_SIGNED = 'CLIQUE_RECENTLY_SIGNED',
  /** A block needed to compute a snapshot is not stored. */
  UNKNOWN_ANCESTOR = 'CLIQUE_UNKNOWN_ANCESTOR',
  /** A snapshot was asked for a block that is not stored (clique_getSnapshot and friends). */
  UNKNOWN_BLOCK = 'CLIQUE_UNKNOWN_BLOCK',
  /** A header's seal or vote breaks EIP-225 (unauthorised or recent signer, bad vote nonce). */
  INVALID_SEAL = 'CLIQUE_INVALID_SEAL',
  /** A malformed argument: a key file, an address. */
  INVALID_ARGUMENT = 'CLIQUE_INVALID_ARGUMENT',
}

/** Metadata per code, discriminated by `code`. Addresses and hashes are 0x-prefixed hex. */
export type CliqueErrorType =
  | { code: CliqueErrorCode.NO_SIGNER }
  | { code: CliqueErrorCode.UNAUTHORIZED; signer: string; number: bigint }
  | { code: CliqueErrorCode.RECENTLY_SIGNED; signer: string; number: bigint; lastSigned: bigint }
  | { code: CliqueErrorCode.UNKNOWN_ANCESTOR; hash: string }
  | { code: CliqueErrorCode.UNKNOWN_BLOCK; block: string }
  | { code: CliqueErrorCode.INVALID_SEAL; number: bigint; reason: string }
  | { code: CliqueErrorCode.INVALID_ARGUMENT; name: string; reason: string };

/** The error the Clique engine, sealer and producer throw on purpose. Branch on `err.code`. */
export class CliqueError extends BasaltError<CliqueErrorType> {}

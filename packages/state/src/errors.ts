import { BasaltError } from '@basalt/common';

/** Every code a {@link StateError} can carry. */
export enum StateErrorCode {
  /** `openAt(root)` was asked for a state root whose trie root node is not stored. */
  STATE_ROOT_NOT_FOUND = 'STATE_ROOT_NOT_FOUND',
  /** The database could not be opened (bad path, or another process holds its lock). */
  DATABASE_OPEN_FAILED = 'DATABASE_OPEN_FAILED',
  /** A `WriteBatch` was used (commit, put, del, flushInto) after its `commit`. A batch commits once. */
  BATCH_ALREADY_COMMITTED = 'BATCH_ALREADY_COMMITTED',
  /** A genesis `alloc` entry has a malformed address, balance, nonce, code or storage slot. */
  INVALID_GENESIS_ALLOC = 'INVALID_GENESIS_ALLOC',
  /** A storage key given to `getAccountProof` is not a hex quantity or bytes of at most 32 bytes. */
  INVALID_STORAGE_KEY = 'INVALID_STORAGE_KEY',
}

/** Metadata per code, discriminated by `code`. */
export type StateErrorType =
  | { code: StateErrorCode.STATE_ROOT_NOT_FOUND; root: string }
  | { code: StateErrorCode.DATABASE_OPEN_FAILED; path: string }
  | { code: StateErrorCode.BATCH_ALREADY_COMMITTED; ops: number }
  | { code: StateErrorCode.INVALID_GENESIS_ALLOC; address: string; field: string; value: string }
  | { code: StateErrorCode.INVALID_STORAGE_KEY; key: string };

/** The error `@basalt/state` throws on purpose. Branch on `err.code`. */
export class StateError extends BasaltError<StateErrorType> {}

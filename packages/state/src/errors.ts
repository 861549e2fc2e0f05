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
  /** A fork store could not fetch an account, slot, code or the fork root from its source (network error, timeout, error answer). */
  FORK_FETCH_FAILED = 'FORK_FETCH_FAILED',
  /** The fork source answered, but not with what was asked (code whose hash differs, a proof without the missing node). */
  FORK_INVALID_RESPONSE = 'FORK_INVALID_RESPONSE',
  /** A forked trie node was needed where no key names it (a whole-trie walk, a dump): it cannot be fetched lazily. */
  FORK_NODE_MISSING = 'FORK_NODE_MISSING',
}

/** Metadata per code, discriminated by `code`. */
export type StateErrorType =
  | { code: StateErrorCode.STATE_ROOT_NOT_FOUND; root: string }
  | { code: StateErrorCode.DATABASE_OPEN_FAILED; path: string }
  | { code: StateErrorCode.BATCH_ALREADY_COMMITTED; ops: number }
  | { code: StateErrorCode.INVALID_GENESIS_ALLOC; address: string; field: string; value: string }
  | { code: StateErrorCode.INVALID_STORAGE_KEY; key: string }
  | { code: StateErrorCode.FORK_FETCH_FAILED; what: ForkFetchKind; address?: string; slot?: string; source: string }
  | { code: StateErrorCode.FORK_INVALID_RESPONSE; what: ForkFetchKind; address?: string; slot?: string; source: string }
  | { code: StateErrorCode.FORK_NODE_MISSING; key: string };

/** What a fork store was fetching when a {@link StateErrorCode.FORK_FETCH_FAILED} or `FORK_INVALID_RESPONSE` happened. */
export type ForkFetchKind = 'account' | 'storage' | 'code' | 'root';

/** The error `@basalt/state` throws on purpose. Branch on `err.code`. */
export class StateError extends BasaltError<StateErrorType> {}

import { mkdir } from 'node:fs/promises';
import type { AbstractBatchOperation, AbstractLevel, AbstractSublevel } from 'abstract-level';
import { ClassicLevel } from 'classic-level';
import { MemoryLevel } from 'memory-level';
import { StateError, StateErrorCode } from './errors.ts';

/**
 * The one key-value database of a node: classic-level (LevelDB) on disk or
 * memory-level for an ephemeral node. Keys and values are `Uint8Array`
 * (the `'view'` encoding).
 */
export type Database = AbstractLevel<string | Buffer | Uint8Array, Uint8Array, Uint8Array>;

/** A named namespace inside a {@link Database}, with `Uint8Array` keys and values. */
export type Sublevel = AbstractSublevel<Database, string | Buffer | Uint8Array, Uint8Array, Uint8Array>;

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOpts {
  /** Directory of the LevelDB database, created if missing. Omit it for an in-memory database. */
  path?: string;
}

const VIEW = { keyEncoding: 'view', valueEncoding: 'view' } as const;

/**
 * Opens the database: LevelDB at `opts.path` (directory created if missing),
 * else a fresh in-memory database. Resolves once it is open and ready.
 * Throws {@link StateErrorCode.DATABASE_OPEN_FAILED} (with the cause) when it
 * cannot be opened, e.g. because another process holds the LevelDB lock.
 */
export async function openDatabase(opts: OpenDatabaseOpts = {}): Promise<Database> {
  if (opts.path === undefined) {
    const db = new MemoryLevel<Uint8Array, Uint8Array>({ ...VIEW, storeEncoding: 'view' });
    await db.open();
    return db;
  }
  const path = opts.path;
  try {
    await mkdir(path, { recursive: true });
    const db = new ClassicLevel<Uint8Array, Uint8Array>(path, VIEW);
    await db.open({ createIfMissing: true });
    return db;
  } catch (cause) {
    throw new StateError({ code: StateErrorCode.DATABASE_OPEN_FAILED, path }, `cannot open database at ${path}`, {
      cause,
    });
  }
}

/**
 * The sublevel `name` of `db`, with `Uint8Array` keys and values. Calling it
 * twice with one name gives two handles on the same keys.
 */
export function sublevel(db: Database, name: string): Sublevel {
  return db.sublevel<Uint8Array, Uint8Array>(name, VIEW);
}

type BatchOp = AbstractBatchOperation<Database, Uint8Array, Uint8Array>;

/**
 * Writes to any sublevels of one database, committed atomically by a single
 * `db.batch()` call: after a crash either all of them are on disk or none.
 */
export class WriteBatch {
  private readonly ops: BatchOp[] = [];
  private readonly settledCallbacks: Array<(err: unknown) => void> = [];
  private committed = false;

  /** Queues a put of `value` at `key` in `where`. Throws BATCH_ALREADY_COMMITTED after `commit`. */
  put(where: Sublevel, key: Uint8Array, value: Uint8Array): void {
    this.assertOpen();
    this.ops.push({ type: 'put', sublevel: where, key, value });
  }

  /** Queues a delete of `key` in `where`. Throws BATCH_ALREADY_COMMITTED after `commit`. */
  del(where: Sublevel, key: Uint8Array): void {
    this.assertOpen();
    this.ops.push({ type: 'del', sublevel: where, key });
  }

  /** Number of queued operations. */
  get length(): number {
    return this.ops.length;
  }

  /** True once `commit` has been called (whether or not it succeeded). */
  get isCommitted(): boolean {
    return this.committed;
  }

  /**
   * Runs `callback` once `commit` settles: with `undefined` on success, with
   * the error on failure. Used by the state store to drop (or take back) the
   * trie nodes it handed to this batch.
   */
  onSettled(callback: (err: unknown) => void): void {
    this.assertOpen();
    this.settledCallbacks.push(callback);
  }

  /**
   * Writes every queued operation with one `db.batch()` call. `db` must be the
   * database the sublevels belong to. A batch commits once: a second call
   * throws {@link StateErrorCode.BATCH_ALREADY_COMMITTED}.
   */
  async commit(db: Database): Promise<void> {
    this.assertOpen();
    this.committed = true;
    let error: unknown;
    try {
      if (this.ops.length > 0) await db.batch(this.ops);
    } catch (err) {
      error = err;
    }
    for (const callback of this.settledCallbacks) callback(error);
    if (error !== undefined) throw error;
  }

  private assertOpen(): void {
    if (this.committed) {
      throw new StateError({ code: StateErrorCode.BATCH_ALREADY_COMMITTED, ops: this.ops.length });
    }
  }
}

import { afterEach, describe, expect, it } from '@jest/globals';
import { createStateStore, openDatabase, StateErrorCode, WriteBatch } from '@basalt/state';
import { Closers, expectSomeState, memoryStore, tempDir, writeSomeState } from '../helpers/index.ts';

const closers = new Closers();
afterEach(() => closers.closeAll());

describe('state / store / persistence', () => {
  it('flushInto + commit puts the state on disk: it survives closing and reopening LevelDB', async () => {
    const dir = await tempDir(closers);
    const db = await openDatabase({ path: dir });
    const store = await createStateStore({ db });
    const root = await writeSomeState(store);
    const batch = new WriteBatch();
    const moved = store.flushInto(batch);
    expect(moved).toBeGreaterThan(0);
    expect(batch.length).toBe(moved);
    expect(store.pendingWrites).toBe(0);
    // Readable from memory before the commit.
    await expectSomeState(store, root);
    await batch.commit(db);
    await expectSomeState(store, root);
    await db.close();

    const reopened = await openDatabase({ path: dir });
    closers.push(() => reopened.close());
    const store2 = await createStateStore({ db: reopened });
    expect(await store2.hasRoot(root)).toBe(true);
    await expectSomeState(store2, root);
  });

  it('without a flush nothing reaches the disk', async () => {
    const dir = await tempDir(closers);
    const db = await openDatabase({ path: dir });
    const root = await writeSomeState(await createStateStore({ db }));
    await db.close();
    const reopened = await openDatabase({ path: dir });
    closers.push(() => reopened.close());
    const store2 = await createStateStore({ db: reopened });
    expect(await store2.hasRoot(root)).toBe(false);
  });

  it('a failed commit gives the writes back, so the next flush retries them', async () => {
    const { db, store } = await memoryStore(closers);
    const root = await writeSomeState(store);
    const batch = new WriteBatch();
    const moved = store.flushInto(batch);
    const other = await openDatabase();
    await other.close();
    // Committing against a closed database fails.
    await expect(batch.commit(other)).rejects.toBeDefined();
    expect(store.pendingWrites).toBe(moved);
    await expectSomeState(store, root);
    const retry = new WriteBatch();
    expect(store.flushInto(retry)).toBe(moved);
    await retry.commit(db);
    const store2 = await createStateStore({ db });
    await expectSomeState(store2, root);
  });

  it('openDatabase on a directory another handle holds fails with DATABASE_OPEN_FAILED', async () => {
    const dir = await tempDir(closers);
    const db = await openDatabase({ path: dir });
    closers.push(() => db.close());
    await expect(openDatabase({ path: dir })).rejects.toMatchObject({ code: StateErrorCode.DATABASE_OPEN_FAILED });
  });
});

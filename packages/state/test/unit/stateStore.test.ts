import { afterEach, describe, expect, it } from '@jest/globals';
import { openDatabase, StateError, StateErrorCode, sublevel, WriteBatch } from '@basalt/state';
import { createStateStore } from '@basalt/state';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { bytesToHex, createAddressFromString, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import {
  ALICE,
  BOB,
  CONTRACT,
  Closers,
  expectSomeState,
  memoryStore,
  SLOT1,
  setBalance,
  writeSomeState,
} from '../helpers/index.ts';

const closers = new Closers();
afterEach(() => closers.closeAll());

describe('state / store / roots', () => {
  it('openAt an unknown root throws STATE_ROOT_NOT_FOUND', async () => {
    const { store } = await memoryStore(closers);
    const unknown = hexToBytes(`0x${'ab'.repeat(32)}`);
    expect(await store.hasRoot(unknown)).toBe(false);
    const err = await store.openAt(unknown).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).code).toBe(StateErrorCode.STATE_ROOT_NOT_FOUND);
    expect((err as StateError).getMetadata()).toEqual({ root: `0x${'ab'.repeat(32)}` });
  });

  it('the empty root is always there', async () => {
    const { store } = await memoryStore(closers);
    expect(bytesToHex(store.emptyRoot)).toBe('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
    expect(await store.hasRoot(store.emptyRoot)).toBe(true);
    const sm = await store.openAt(store.emptyRoot);
    expect(await sm.getAccount(ALICE)).toBe(undefined);
  });

  it('an old root still reads its old values after newer changes', async () => {
    const { store } = await memoryStore(closers);
    const root1 = await writeSomeState(store);
    const sm = await store.openAt(root1);
    await setBalance(sm, ALICE, 7n);
    await setBalance(sm, BOB, 5n);
    await sm.putStorage(CONTRACT, SLOT1, hexToBytes('0x01'));
    const root2 = await sm.getStateRoot();
    expect(bytesToHex(root2)).not.toBe(bytesToHex(root1));
    await expectSomeState(store, root1);
    expect(await (await store.openAt(root1)).getAccount(BOB)).toBe(undefined);
    const newer = await store.openAt(root2);
    expect((await newer.getAccount(ALICE))?.balance).toBe(7n);
    expect((await newer.getAccount(BOB))?.balance).toBe(5n);
    expect(bytesToHex(await newer.getStorage(CONTRACT, SLOT1))).toBe('0x01');
  });

  it('state managers opened from one store see each other’s unflushed writes', async () => {
    const { store } = await memoryStore(closers);
    const root = await writeSomeState(store);
    expect(store.pendingWrites).toBeGreaterThan(0);
    await expectSomeState(store, root);
  });
});

describe('state / store / scratch', () => {
  it('a scratch state manager reads shared state but its writes stay private', async () => {
    const { store } = await memoryStore(closers);
    const root = await writeSomeState(store);
    const batch = new WriteBatch();
    store.flushInto(batch);
    const scratch = await store.openAt(root, { scratch: true });
    await setBalance(scratch, BOB, 9n);
    await scratch.putStorage(CONTRACT, SLOT1, hexToBytes('0x07'));
    const scratchRoot = await scratch.getStateRoot();
    expect((await scratch.getAccount(BOB))?.balance).toBe(9n);
    expect(store.pendingWrites).toBe(0);
    expect(await store.hasRoot(scratchRoot)).toBe(false);
    await expectSomeState(store, root);
  });

  it('keepScratchWrites makes a scratch state manager’s writes shared and flushable', async () => {
    const { store } = await memoryStore(closers);
    const scratch = await store.openAt(store.emptyRoot, { scratch: true });
    await scratch.checkpoint();
    await setBalance(scratch, ALICE, 100n);
    await scratch.commit();
    const root = await scratch.getStateRoot();
    expect(await store.hasRoot(root)).toBe(false);
    const kept = store.keepScratchWrites(scratch);
    expect(kept).toBeGreaterThan(0);
    expect(store.pendingWrites).toBe(kept);
    expect((await (await store.openAt(root)).getAccount(ALICE))?.balance).toBe(100n);
    // Not a scratch state manager: nothing to keep.
    expect(store.keepScratchWrites(await store.openAt(root))).toBe(0);
    const batch = new WriteBatch();
    expect(store.flushInto(batch)).toBe(kept);
  });

  it('keepScratchWrites with the new root keeps only the nodes it reaches, and they are enough to read everything', async () => {
    const { db, store } = await memoryStore(closers);
    const base = await writeSomeState(store);
    const batch0 = new WriteBatch();
    store.flushInto(batch0);
    await batch0.commit(db);
    const addr = (i: number) => createAddressFromString(`0x${(0xabc0000 + i).toString(16).padStart(40, '0')}`);
    const slot = (i: number) => setLengthLeft(hexToBytes(`0x${(i + 1).toString(16).padStart(4, '0')}`), 32);
    const writeBlock = async (sm: MerkleStateManager, from: number): Promise<Uint8Array> => {
      // Without caches every write walks the trie at once, leaving superseded nodes behind.
      for (let i = from; i < from + 120; i++) await setBalance(sm, addr(i), BigInt(i + 1));
      for (let i = from / 3; i < from / 3 + 40; i++)
        await sm.putStorage(CONTRACT, slot(i), hexToBytes(`0x${(i + 7).toString(16).padStart(2, '0')}`));
      const code = Uint8Array.from([0x60, from & 0xff, 0x60, 0x00, 0x55, 0x00]);
      await sm.putCode(addr(from), code);
      return sm.getStateRoot();
    };
    // The same writes twice: once kept whole, once kept by reachability.
    const all = await store.openAt(base, { scratch: true });
    const rootAll = await writeBlock(all, 0);
    const trimmed = await store.openAt(base, { scratch: true });
    const root = await writeBlock(trimmed, 0);
    expect(bytesToHex(root)).toBe(bytesToHex(rootAll));
    const keptAll = store.keepScratchWrites(all);
    store.discardPending();
    const kept = store.keepScratchWrites(trimmed, root);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(keptAll * 0.7);
    const batch = new WriteBatch();
    expect(store.flushInto(batch)).toBe(kept);
    await batch.commit(db);
    // A second block on top, trimmed too.
    const next = await store.openAt(root, { scratch: true });
    const root2 = await writeBlock(next, 120);
    store.keepScratchWrites(next, root2);
    const batch2 = new WriteBatch();
    store.flushInto(batch2);
    await batch2.commit(db);
    // A fresh store over the database (nothing in memory) reads every account, slot and code.
    const fresh = await createStateStore({ db });
    for (const [r, n] of [
      [root, 120],
      [root2, 240],
    ] as const) {
      const sm = await fresh.openAt(r);
      for (let i = 0; i < n; i++) expect((await sm.getAccount(addr(i)))?.balance).toBe(BigInt(i + 1));
      for (let i = 0; i < n / 3; i++) expect(bytesToHex(await sm.getStorage(CONTRACT, slot(i)))).not.toBe('0x');
      expect((await sm.getCode(addr(n - 120)))[1]).toBe((n - 120) & 0xff);
      await expectSomeState(fresh, base);
    }
  });

  it('flushInto a committed batch throws BATCH_ALREADY_COMMITTED and keeps the writes pending', async () => {
    const { db, store } = await memoryStore(closers);
    const root = await writeSomeState(store);
    const pending = store.pendingWrites;
    const batch = new WriteBatch();
    await batch.commit(db);
    expect(() => store.flushInto(batch)).toThrow(
      expect.objectContaining({ code: StateErrorCode.BATCH_ALREADY_COMMITTED }),
    );
    expect(store.pendingWrites).toBe(pending);
    await expectSomeState(store, root);
  });

  it('nodesInMemory: committed writes stay in the store, not in the batch or the database; a failed commit leaves them pending', async () => {
    const db = await openDatabase();
    closers.push(() => db.close());
    const store = await createStateStore({ db }, { nodesInMemory: true, cacheSize: 0 });
    const root = await writeSomeState(store);
    const pending = store.pendingWrites;
    expect(pending).toBeGreaterThan(0);
    // A batch that fails to commit (a put into a closed database) gives the writes back.
    const closed = await openDatabase();
    await closed.close();
    const failing = new WriteBatch();
    expect(store.flushInto(failing)).toBe(pending);
    expect(failing.length).toBe(0);
    failing.put(sublevel(closed, 'x'), Uint8Array.of(1), Uint8Array.of(1));
    await expect(failing.commit(closed)).rejects.toThrow();
    expect(store.pendingWrites).toBe(pending);
    const batch = new WriteBatch();
    expect(store.flushInto(batch)).toBe(pending);
    expect(batch.length).toBe(0);
    // Readable while the batch is in flight and after it commits.
    await expectSomeState(store, root);
    await batch.commit(db);
    expect(store.pendingWrites).toBe(0);
    await expectSomeState(store, root);
    // The database holds none of them: a store without the map does not find the root.
    const keys: Uint8Array[] = [];
    for await (const key of sublevel(db, 'trie').keys()) keys.push(key);
    expect(keys).toEqual([]);
    expect(await (await createStateStore({ db })).hasRoot(root)).toBe(false);
    // What is in the database (written before, or by a fork fetcher) is still read.
    const other = await createStateStore({ db });
    const root2 = await writeSomeState(other);
    const batch2 = new WriteBatch();
    other.flushInto(batch2);
    await batch2.commit(db);
    const fresh = await createStateStore({ db }, { nodesInMemory: true });
    await expectSomeState(fresh, root2);
  });

  it('discardPending drops unflushed writes', async () => {
    const { store } = await memoryStore(closers);
    const root = await writeSomeState(store);
    expect(store.discardPending()).toBeGreaterThan(0);
    expect(store.pendingWrites).toBe(0);
    expect(await store.hasRoot(root)).toBe(false);
  });
});

describe('state / store / checkpoints', () => {
  it('commit keeps and revert drops changes, nested', async () => {
    const { store } = await memoryStore(closers);
    const root = await writeSomeState(store);
    const sm = await store.openAt(root);
    await sm.checkpoint();
    await setBalance(sm, ALICE, 1n);
    await sm.checkpoint();
    await setBalance(sm, BOB, 2n);
    await sm.putStorage(CONTRACT, SLOT1, hexToBytes('0x99'));
    await sm.revert();
    expect(await sm.getAccount(BOB)).toBe(undefined);
    expect(bytesToHex(await sm.getStorage(CONTRACT, SLOT1))).toBe('0x2a');
    expect((await sm.getAccount(ALICE))?.balance).toBe(1n);
    await sm.commit();
    const after = await sm.getStateRoot();
    expect((await (await store.openAt(after)).getAccount(ALICE))?.balance).toBe(1n);

    await sm.checkpoint();
    await setBalance(sm, ALICE, 555n);
    await sm.revert();
    expect(bytesToHex(await sm.getStateRoot())).toBe(bytesToHex(after));
    expect((await sm.getAccount(ALICE))?.balance).toBe(1n);
  });
});

import { afterEach, describe, expect, it } from '@jest/globals';
import {
  createStateStore,
  type Database,
  openDatabase,
  StateError,
  StateErrorCode,
  type StateStore,
  sublevel,
  WriteBatch,
} from '@basalt/state';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import {
  type Address,
  bytesToHex,
  createAccount,
  createAddressFromString,
  hexToBytes,
  setLengthLeft,
} from '@ethereumjs/util';
import { Closers, tempDir } from './helpers.ts';

const closers = new Closers();
afterEach(() => closers.closeAll());

const ALICE = createAddressFromString('0x00000000000000000000000000000000000a11ce');
const BOB = createAddressFromString('0x0000000000000000000000000000000000000b0b');
const CONTRACT = createAddressFromString('0x00000000000000000000000000000000c0ffee00');
const SLOT1 = setLengthLeft(hexToBytes('0x01'), 32);
const CODE = hexToBytes('0x602a60005260206000f3');

async function setBalance(sm: MerkleStateManager, address: Address, balance: bigint): Promise<void> {
  const account = (await sm.getAccount(address)) ?? createAccount({});
  account.balance = balance;
  await sm.putAccount(address, account);
}

/** Alice 100, a contract with code and slot 1 = 0x2a; committed through a checkpoint, as the VM does. */
async function writeSomeState(store: StateStore): Promise<Uint8Array> {
  const sm = await store.openAt(store.emptyRoot);
  await sm.checkpoint();
  await setBalance(sm, ALICE, 100n);
  await sm.putAccount(CONTRACT, createAccount({ nonce: 1n }));
  await sm.putCode(CONTRACT, CODE);
  await sm.putStorage(CONTRACT, SLOT1, hexToBytes('0x2a'));
  await sm.commit();
  return sm.getStateRoot();
}

async function expectSomeState(store: StateStore, root: Uint8Array): Promise<void> {
  const sm = await store.openAt(root);
  expect((await sm.getAccount(ALICE))?.balance).toBe(100n);
  expect((await sm.getAccount(CONTRACT))?.nonce).toBe(1n);
  expect(bytesToHex(await sm.getCode(CONTRACT))).toBe(bytesToHex(CODE));
  expect(bytesToHex(await sm.getStorage(CONTRACT, SLOT1))).toBe('0x2a');
}

async function memoryStore(): Promise<{ db: Database; store: StateStore }> {
  const db = await openDatabase();
  closers.push(() => db.close());
  return { db, store: await createStateStore({ db }) };
}

describe('state / store / roots', () => {
  it('openAt an unknown root throws STATE_ROOT_NOT_FOUND', async () => {
    const { store } = await memoryStore();
    const unknown = hexToBytes(`0x${'ab'.repeat(32)}`);
    expect(await store.hasRoot(unknown)).toBe(false);
    const err = await store.openAt(unknown).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).code).toBe(StateErrorCode.STATE_ROOT_NOT_FOUND);
    expect((err as StateError).getMetadata()).toEqual({ root: `0x${'ab'.repeat(32)}` });
  });

  it('the empty root is always there', async () => {
    const { store } = await memoryStore();
    expect(bytesToHex(store.emptyRoot)).toBe('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
    expect(await store.hasRoot(store.emptyRoot)).toBe(true);
    const sm = await store.openAt(store.emptyRoot);
    expect(await sm.getAccount(ALICE)).toBe(undefined);
  });

  it('an old root still reads its old values after newer changes', async () => {
    const { store } = await memoryStore();
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
    const { store } = await memoryStore();
    const root = await writeSomeState(store);
    expect(store.pendingWrites).toBeGreaterThan(0);
    await expectSomeState(store, root);
  });
});

describe('state / store / scratch', () => {
  it('a scratch state manager reads shared state but its writes stay private', async () => {
    const { store } = await memoryStore();
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

  it('discardPending drops unflushed writes', async () => {
    const { store } = await memoryStore();
    const root = await writeSomeState(store);
    expect(store.discardPending()).toBeGreaterThan(0);
    expect(store.pendingWrites).toBe(0);
    expect(await store.hasRoot(root)).toBe(false);
  });
});

describe('state / store / checkpoints', () => {
  it('commit keeps and revert drops changes, nested', async () => {
    const { store } = await memoryStore();
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

describe('state / store / persistence', () => {
  it('flushInto + commit puts the state on disk: it survives closing and reopening LevelDB', async () => {
    const dir = await tempDir();
    closers.push(dir.remove);
    const db = await openDatabase({ path: dir.path });
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

    const reopened = await openDatabase({ path: dir.path });
    closers.push(() => reopened.close());
    const store2 = await createStateStore({ db: reopened });
    expect(await store2.hasRoot(root)).toBe(true);
    await expectSomeState(store2, root);
  });

  it('without a flush nothing reaches the disk', async () => {
    const dir = await tempDir();
    closers.push(dir.remove);
    const db = await openDatabase({ path: dir.path });
    const root = await writeSomeState(await createStateStore({ db }));
    await db.close();
    const reopened = await openDatabase({ path: dir.path });
    closers.push(() => reopened.close());
    const store2 = await createStateStore({ db: reopened });
    expect(await store2.hasRoot(root)).toBe(false);
  });

  it('a failed commit gives the writes back, so the next flush retries them', async () => {
    const { db, store } = await memoryStore();
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
    const dir = await tempDir();
    closers.push(dir.remove);
    const db = await openDatabase({ path: dir.path });
    closers.push(() => db.close());
    await expect(openDatabase({ path: dir.path })).rejects.toMatchObject({ code: StateErrorCode.DATABASE_OPEN_FAILED });
  });
});

describe('state / database / WriteBatch', () => {
  it('commits puts and deletes across two sublevels in one batch', async () => {
    const { db } = await memoryStore();
    const blocks = sublevel(db, 'blocks');
    const meta = sublevel(db, 'meta');
    await blocks.put(hexToBytes('0x02'), hexToBytes('0xdead'));
    const batch = new WriteBatch();
    batch.put(blocks, hexToBytes('0x01'), hexToBytes('0xbeef'));
    batch.del(blocks, hexToBytes('0x02'));
    batch.put(meta, hexToBytes('0x01'), hexToBytes('0xcafe'));
    expect(batch.length).toBe(3);
    await batch.commit(db);
    expect(bytesToHex((await blocks.get(hexToBytes('0x01'))) as Uint8Array)).toBe('0xbeef');
    expect(await blocks.get(hexToBytes('0x02'))).toBe(undefined);
    expect(bytesToHex((await meta.get(hexToBytes('0x01'))) as Uint8Array)).toBe('0xcafe');
    // Same key, different sublevels: kept apart.
    expect(bytesToHex((await sublevel(db, 'blocks').get(hexToBytes('0x01'))) as Uint8Array)).toBe('0xbeef');
  });

  it('is all or nothing: a batch with one bad op writes neither sublevel', async () => {
    const { db } = await memoryStore();
    const blocks = sublevel(db, 'blocks');
    const meta = sublevel(db, 'meta');
    const batch = new WriteBatch();
    batch.put(blocks, hexToBytes('0x01'), hexToBytes('0xbeef'));
    // abstract-level rejects a null value for the whole batch before writing anything.
    batch.put(meta, hexToBytes('0x01'), null as unknown as Uint8Array);
    await expect(batch.commit(db)).rejects.toBeDefined();
    expect(await blocks.get(hexToBytes('0x01'))).toBe(undefined);
    expect(await meta.get(hexToBytes('0x01'))).toBe(undefined);
  });

  it('commits once: a second commit throws BATCH_ALREADY_COMMITTED', async () => {
    const { db } = await memoryStore();
    const batch = new WriteBatch();
    batch.put(sublevel(db, 'meta'), hexToBytes('0x01'), hexToBytes('0x02'));
    await batch.commit(db);
    await expect(batch.commit(db)).rejects.toMatchObject({ code: StateErrorCode.BATCH_ALREADY_COMMITTED });
  });
});

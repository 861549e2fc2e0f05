// A fork store over a source store in the same process: the source is a real StateStore with a few
// hundred accounts (so its trie has hashed inner nodes) and a contract with storage; the reader
// answers eth_getProof/eth_getCode from it with getAccountProof, as a source node's RPC would.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  createStateStore,
  getAccountProof,
  openDatabase,
  type RemoteStateReader,
  StateError,
  StateErrorCode,
  type StateStore,
  verifyAccountProof,
  WriteBatch,
} from '@basalt/state';
import { Address, bigIntToBytes, bytesToHex, createAccount, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { ALICE, BOB, CODE, CONTRACT, Closers, setBalance } from '../helpers/index.ts';

const closers = new Closers();
afterEach(() => closers.closeAll());

const slot = (n: number) => setLengthLeft(bigIntToBytes(BigInt(n)), 32);
const filler = (i: number) => new Address(setLengthLeft(bigIntToBytes(BigInt(0x10000 + i)), 20));

/** Source state: 300 filler accounts, Alice 100, a contract with code and slots 1..2 = 0x2a, 0x2b. */
async function sourceState(closers: Closers): Promise<{ store: StateStore; root: Uint8Array }> {
  const db = await openDatabase();
  closers.push(() => db.close());
  const store = await createStateStore({ db });
  const sm = await store.openAt(store.emptyRoot);
  await sm.checkpoint();
  for (let i = 0; i < 300; i++) await setBalance(sm, filler(i), BigInt(i + 1));
  await setBalance(sm, ALICE, 100n);
  await sm.putAccount(CONTRACT, createAccount({ nonce: 1n }));
  await sm.putCode(CONTRACT, CODE);
  await sm.putStorage(CONTRACT, slot(1), hexToBytes('0x2a'));
  await sm.putStorage(CONTRACT, slot(2), hexToBytes('0x2b'));
  await sm.commit();
  const root = await sm.getStateRoot();
  const batch = new WriteBatch();
  store.flushInto(batch);
  await batch.commit(db);
  return { store, root };
}

/** A reader that answers from `store` at `root`, counting calls; `fail` makes it reject. */
function readerOver(store: StateStore, root: Uint8Array) {
  const calls = { proofs: 0, codes: 0 };
  const control = { fail: false };
  const reader: RemoteStateReader = {
    description: 'the in-process source',
    async getProof(address, slots) {
      if (control.fail) throw new StateError({ code: StateErrorCode.DATABASE_OPEN_FAILED, path: '-' }, 'source down');
      calls.proofs++;
      const p = await getAccountProof(await store.openAt(root), new Address(address), [...slots]);
      return {
        accountProof: p.accountProof.map((h) => hexToBytes(h)),
        storageProofs: p.storageProof.map((s) => s.proof.map((h) => hexToBytes(h))),
      };
    },
    async getCode(address) {
      if (control.fail) throw new StateError({ code: StateErrorCode.DATABASE_OPEN_FAILED, path: '-' }, 'source down');
      calls.codes++;
      return (await store.openAt(root)).getCode(new Address(address));
    },
  };
  return { reader, calls, control };
}

async function forkOf(closers: Closers, reader: RemoteStateReader): Promise<StateStore> {
  const db = await openDatabase();
  closers.push(() => db.close());
  return createStateStore({ db, remote: reader });
}

describe('state / fork store', () => {
  it('reads accounts, code and storage of the source at its root, fetching each once', async () => {
    const source = await sourceState(closers);
    const { reader, calls } = readerOver(source.store, source.root);
    const fork = await forkOf(closers, reader);

    const sm = await fork.openAt(source.root);
    expect((await sm.getAccount(ALICE))?.balance).toBe(100n);
    expect((await sm.getAccount(filler(7)))?.balance).toBe(8n);
    expect(await sm.getAccount(BOB)).toBe(undefined);
    expect(bytesToHex(await sm.getCode(CONTRACT))).toBe(bytesToHex(CODE));
    expect(bytesToHex(await sm.getStorage(CONTRACT, slot(1)))).toBe('0x2a');
    expect(bytesToHex(await sm.getStorage(CONTRACT, slot(3)))).toBe('0x');
    // An account without storage: its storage trie is the empty one, which has no node to fetch.
    expect(bytesToHex(await sm.getStorage(ALICE, slot(1)))).toBe('0x');
    const fetched = { ...calls };
    expect(fetched.codes).toBe(1);

    // A second state manager (scratch, as eth_call) finds everything stored: no more fetches.
    const again = await fork.openAt(source.root, { scratch: true });
    expect((await again.getAccount(ALICE))?.balance).toBe(100n);
    expect(bytesToHex(await again.getStorage(CONTRACT, slot(1)))).toBe('0x2a');
    expect(bytesToHex(await again.getCode(CONTRACT))).toBe(bytesToHex(CODE));
    expect(calls).toEqual(fetched);
    expect(fork.forkStats?.proofs).toBe(fetched.proofs);
  });

  it('writes change only the fork; the fork root and later roots read right; a zeroed slot stays zero', async () => {
    const source = await sourceState(closers);
    const { reader } = readerOver(source.store, source.root);
    const fork = await forkOf(closers, reader);

    const sm = await fork.openAt(source.root);
    await sm.checkpoint();
    await setBalance(sm, ALICE, 55n);
    await setBalance(sm, BOB, 7n);
    await sm.putStorage(CONTRACT, slot(2), hexToBytes('0x99'));
    await sm.putStorage(filler(3), slot(5), hexToBytes('0x05'));
    // Slot 1 and 2 share a two-child branch: deleting 1 needs its sibling, which no proof of slot 1 holds.
    await sm.putStorage(CONTRACT, slot(1), new Uint8Array(0));
    await sm.commit();
    const root1 = await sm.getStateRoot();

    const after = await fork.openAt(root1);
    expect((await after.getAccount(ALICE))?.balance).toBe(55n);
    expect((await after.getAccount(BOB))?.balance).toBe(7n);
    expect((await after.getAccount(filler(200)))?.balance).toBe(201n);
    expect(bytesToHex(await after.getStorage(CONTRACT, slot(1)))).toBe('0x');
    expect(bytesToHex(await after.getStorage(CONTRACT, slot(2)))).toBe('0x99');
    expect(bytesToHex(await after.getStorage(filler(3), slot(5)))).toBe('0x05');
    expect(bytesToHex(await after.getCode(CONTRACT))).toBe(bytesToHex(CODE));

    // The fork root still reads the source's values, also for keys first fetched after the writes.
    const before = await fork.openAt(source.root);
    expect((await before.getAccount(ALICE))?.balance).toBe(100n);
    expect(await before.getAccount(BOB)).toBe(undefined);
    expect(bytesToHex(await before.getStorage(CONTRACT, slot(1)))).toBe('0x2a');
    expect((await before.getAccount(filler(299)))?.balance).toBe(300n);

    // The source never changed.
    const src = await source.store.openAt(source.root);
    expect((await src.getAccount(ALICE))?.balance).toBe(100n);
    expect(bytesToHex(await src.getStorage(CONTRACT, slot(1)))).toBe('0x2a');
  });

  it('a block built on the fork persists: the writes flush with the batch and read back', async () => {
    const source = await sourceState(closers);
    const { reader } = readerOver(source.store, source.root);
    const db = await openDatabase();
    closers.push(() => db.close());
    const fork = await createStateStore({ db, remote: reader });
    const sm = await fork.openAt(source.root);
    await sm.checkpoint();
    await setBalance(sm, ALICE, 1n);
    await sm.commit();
    const root = await sm.getStateRoot();
    const batch = new WriteBatch();
    fork.flushInto(batch);
    await batch.commit(db);
    // A new store over the same database (a restart) reads it without the source's help for Alice.
    const reopened = await createStateStore({ db, remote: reader });
    expect((await (await reopened.openAt(root)).getAccount(ALICE))?.balance).toBe(1n);
  });

  it('eth_getProof on the fork fetches what it needs and verifies against the source root', async () => {
    const source = await sourceState(closers);
    const { reader } = readerOver(source.store, source.root);
    const fork = await forkOf(closers, reader);
    const proof = await getAccountProof(await fork.openAt(source.root), CONTRACT, ['0x2']);
    expect(proof.storageProof[0]?.value).toBe('0x2b');
    expect(await verifyAccountProof(source.root, proof)).toBe(true);
    const fromSource = await getAccountProof(await source.store.openAt(source.root), CONTRACT, ['0x2']);
    expect(proof).toEqual(fromSource);
  });

  it('a source that fails surfaces as FORK_FETCH_FAILED naming what and where, never as a zero', async () => {
    const source = await sourceState(closers);
    const { reader, control } = readerOver(source.store, source.root);
    const fork = await forkOf(closers, reader);
    const sm = await fork.openAt(source.root);
    control.fail = true;
    const err = (await sm.getAccount(ALICE).catch((e: unknown) => e)) as StateError;
    expect(err).toBeInstanceOf(StateError);
    expect(err.code).toBe(StateErrorCode.FORK_FETCH_FAILED);
    expect(err.getMetadata()).toEqual({
      what: 'account',
      address: ALICE.toString(),
      source: 'the in-process source',
    });
    expect(err.message).toBe(
      `fork: could not fetch the account ${ALICE.toString()} from the in-process source: source down`,
    );
    const storageErr = (await sm.getStorage(CONTRACT, slot(1)).catch((e: unknown) => e)) as StateError;
    expect(storageErr.code).toBe(StateErrorCode.FORK_FETCH_FAILED);
    // Once the source is back, the same state manager reads the right value.
    control.fail = false;
    expect((await sm.getAccount(ALICE))?.balance).toBe(100n);
  });

  it('a root that is not the source root is STATE_ROOT_NOT_FOUND; code with the wrong hash is FORK_INVALID_RESPONSE', async () => {
    const source = await sourceState(closers);
    const { reader } = readerOver(source.store, source.root);
    const fork = await forkOf(closers, reader);
    const other = hexToBytes(`0x${'ab'.repeat(32)}`);
    const err = (await fork.openAt(other).catch((e: unknown) => e)) as StateError;
    expect(err.code).toBe(StateErrorCode.STATE_ROOT_NOT_FOUND);

    const liar: RemoteStateReader = {
      description: 'a lying source',
      getProof: reader.getProof,
      getCode: async () => hexToBytes('0x00'),
    };
    const lied = await forkOf(closers, liar);
    const codeErr = (await (await lied.openAt(source.root)).getCode(CONTRACT).catch((e: unknown) => e)) as StateError;
    expect(codeErr.code).toBe(StateErrorCode.FORK_INVALID_RESPONSE);
    expect(codeErr.message).toContain(`the code of ${CONTRACT.toString()}`);
  });
});

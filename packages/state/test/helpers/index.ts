import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStateStore, type Database, openDatabase, type StateStore } from '@basalt/state';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import {
  type Address,
  bytesToHex,
  createAccount,
  createAddressFromString,
  hexToBytes,
  setLengthLeft,
} from '@ethereumjs/util';
import { expect } from '@jest/globals';

/** The shared conformance data (execution-apis cases and chain): see test/support/conformance.ts. */
export { CONFORMANCE_DIR } from '../../../../test/support/conformance.ts';

/** Runs the closers pushed during a test, last first (call `closeAll` in `afterEach`). */
export class Closers {
  private readonly fns: Array<() => Promise<void> | void> = [];
  push(fn: () => Promise<void> | void): void {
    this.fns.push(fn);
  }
  async closeAll(): Promise<void> {
    while (this.fns.length > 0) await this.fns.pop()?.();
  }
}

/** A fresh temp directory; its remover is pushed onto `closers`. */
export async function tempDir(closers: Closers, prefix = 'basalt-state-'): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  closers.push(() => rm(path, { recursive: true, force: true }));
  return path;
}

/** An in-memory database and a store over it; the database closes with `closers`. */
export async function memoryStore(closers: Closers): Promise<{ db: Database; store: StateStore }> {
  const db = await openDatabase();
  closers.push(() => db.close());
  return { db, store: await createStateStore({ db }) };
}

export const ALICE = createAddressFromString('0x00000000000000000000000000000000000a11ce');
export const BOB = createAddressFromString('0x0000000000000000000000000000000000000b0b');
export const CONTRACT = createAddressFromString('0x00000000000000000000000000000000c0ffee00');
export const SLOT1 = setLengthLeft(hexToBytes('0x01'), 32);
export const CODE = hexToBytes('0x602a60005260206000f3');

export async function setBalance(sm: MerkleStateManager, address: Address, balance: bigint): Promise<void> {
  const account = (await sm.getAccount(address)) ?? createAccount({});
  account.balance = balance;
  await sm.putAccount(address, account);
}

/** Alice 100, a contract with code and slot 1 = 0x2a; committed through a checkpoint, as the VM does. */
export async function writeSomeState(store: StateStore): Promise<Uint8Array> {
  const sm = await store.openAt(store.emptyRoot);
  await sm.checkpoint();
  await setBalance(sm, ALICE, 100n);
  await sm.putAccount(CONTRACT, createAccount({ nonce: 1n }));
  await sm.putCode(CONTRACT, CODE);
  await sm.putStorage(CONTRACT, SLOT1, hexToBytes('0x2a'));
  await sm.commit();
  return sm.getStateRoot();
}

/** Asserts the state written by {@link writeSomeState} reads back at `root`. */
export async function expectSomeState(store: StateStore, root: Uint8Array): Promise<void> {
  const sm = await store.openAt(root);
  expect((await sm.getAccount(ALICE))?.balance).toBe(100n);
  expect((await sm.getAccount(CONTRACT))?.nonce).toBe(1n);
  expect(bytesToHex(await sm.getCode(CONTRACT))).toBe(bytesToHex(CODE));
  expect(bytesToHex(await sm.getStorage(CONTRACT, SLOT1))).toBe('0x2a');
}

import { afterEach, describe, expect, it } from '@jest/globals';
import {
  buildGenesisState,
  createStateStore,
  getAccountProof,
  openDatabase,
  StateErrorCode,
  type StateStore,
  verifyAccountProof,
} from '@basalt/state';
import { verifyMerkleStateProof } from '@ethereumjs/statemanager';
import {
  bytesToHex,
  createAddressFromString,
  hexToBytes,
  KECCAK256_NULL_S,
  KECCAK256_RLP_S,
  setLengthLeft,
} from '@ethereumjs/util';
import { Closers } from '../helpers/index.ts';

const closers = new Closers();
afterEach(() => closers.closeAll());

const TOKEN = '0x00000000000000000000000000000000000070c0';
const HOLDER = '0x00000000000000000000000000000000000000aa';

async function fixture(): Promise<{ store: StateStore; root: Uint8Array }> {
  const db = await openDatabase();
  closers.push(() => db.close());
  const store = await createStateStore({ db });
  const root = await buildGenesisState(store, {
    [HOLDER]: { balance: '0x76', nonce: '0x3' },
    [TOKEN]: {
      balance: '0x1',
      code: '0x6001600055',
      storage: { '0x00': '0x38', '0x01': '0x0a', '0x05': '0x0100' },
    },
  });
  return { store, root };
}

describe('state / proof', () => {
  it('proves an account with storage; the library verifier and verifyAccountProof accept it', async () => {
    const { store, root } = await fixture();
    const sm = await store.openAt(root);
    const slot0 = new Uint8Array([0]);
    const slot1Full = setLengthLeft(hexToBytes('0x01'), 32);
    const proof = await getAccountProof(sm, createAddressFromString(TOKEN), [slot0, slot1Full, '0x05', '0x9']);
    expect(proof.address).toBe(TOKEN);
    expect(proof.balance).toBe('0x1');
    expect(proof.nonce).toBe('0x0');
    expect(proof.codeHash).not.toBe(KECCAK256_NULL_S);
    expect(proof.storageHash).not.toBe(KECCAK256_RLP_S);
    expect(proof.accountProof.length).toBeGreaterThan(0);
    expect(proof.storageProof.map(({ key, value }) => ({ key, value }))).toEqual([
      { key: '0x0', value: '0x38' },
      { key: bytesToHex(slot1Full), value: '0xa' },
      { key: '0x5', value: '0x100' },
      { key: '0x9', value: '0x0' },
    ]);
    for (const item of proof.storageProof) expect(item.proof.length).toBeGreaterThan(0);

    expect(await verifyAccountProof(root, proof)).toBe(true);
    // The library's verifier wants 32-byte keys in hex; it ignores its state manager argument.
    const forLibrary = {
      ...proof,
      storageProof: proof.storageProof.map((p) => ({
        ...p,
        key: bytesToHex(
          setLengthLeft(hexToBytes(p.key.length % 2 ? (`0x0${p.key.slice(2)}` as `0x${string}`) : p.key), 32),
        ),
      })),
    };
    expect(await verifyMerkleStateProof(sm, forLibrary)).toBe(true);
  });

  it('proves an account without storage and an absent account as geth does', async () => {
    const { store, root } = await fixture();
    const sm = await store.openAt(root);
    const holder = await getAccountProof(sm, createAddressFromString(HOLDER), ['0x00']);
    expect(holder.balance).toBe('0x76');
    expect(holder.nonce).toBe('0x3');
    expect(holder.codeHash).toBe(KECCAK256_NULL_S);
    expect(holder.storageHash).toBe(KECCAK256_RLP_S);
    expect(holder.storageProof).toEqual([{ key: '0x0', value: '0x0', proof: [] }]);
    expect(await verifyAccountProof(root, holder)).toBe(true);

    const absent = await getAccountProof(sm, createAddressFromString(`0x${'12'.repeat(20)}`), []);
    expect(absent).toMatchObject({
      balance: '0x0',
      nonce: '0x0',
      codeHash: KECCAK256_NULL_S,
      storageHash: KECCAK256_RLP_S,
    });
    expect(absent.accountProof.length).toBeGreaterThan(0);
    expect(await verifyAccountProof(root, absent)).toBe(true);
    expect(await verifyMerkleStateProof(sm, absent)).toBe(true);
  });

  it('verifyAccountProof rejects tampered proofs and another root', async () => {
    const { store, root } = await fixture();
    const sm = await store.openAt(root);
    const proof = await getAccountProof(sm, createAddressFromString(TOKEN), ['0x00']);
    expect(await verifyAccountProof(root, { ...proof, balance: '0x2' })).toBe(false);
    expect(
      await verifyAccountProof(root, { ...proof, storageProof: [{ ...proof.storageProof[0]!, value: '0x39' }] }),
    ).toBe(false);
    expect(await verifyAccountProof(store.emptyRoot, proof)).toBe(false);
    expect(await verifyAccountProof(root, { ...proof, accountProof: proof.accountProof.slice(1) })).toBe(false);
  });

  it('rejects a storage key longer than 32 bytes with INVALID_STORAGE_KEY', async () => {
    const { store, root } = await fixture();
    const sm = await store.openAt(root);
    await expect(getAccountProof(sm, createAddressFromString(TOKEN), [`0x${'00'.repeat(33)}`])).rejects.toMatchObject({
      code: StateErrorCode.INVALID_STORAGE_KEY,
    });
    await expect(getAccountProof(sm, createAddressFromString(TOKEN), ['0xnope'])).rejects.toMatchObject({
      code: StateErrorCode.INVALID_STORAGE_KEY,
    });
  });
});

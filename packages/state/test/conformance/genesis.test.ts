import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from '@jest/globals';
import { buildGenesisState, createStateStore, type GenesisAlloc, openDatabase, StateErrorCode } from '@basalt/state';
import { RLP } from '@ethereumjs/rlp';
import { bytesToHex, createAddressFromString, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { CONFORMANCE_DIR, Closers } from '../helpers/index.ts';

const CONFORMANCE = `${CONFORMANCE_DIR}/execution-apis`;
const closers = new Closers();
afterEach(() => closers.closeAll());

async function newStore() {
  const db = await openDatabase();
  closers.push(() => db.close());
  return createStateStore({ db });
}

/** The state root in the header of the first block of an RLP block stream, and that block's number. */
function firstBlockHeader(stream: Uint8Array): { number: bigint; stateRoot: string; parentHash: string } {
  const decoded = RLP.decode(stream, true);
  const block = decoded.data as unknown as Uint8Array[][];
  const header = block[0] as Uint8Array[];
  const num = header[8] as Uint8Array;
  return {
    number: num.length === 0 ? 0n : BigInt(bytesToHex(num)),
    stateRoot: bytesToHex(header[3] as Uint8Array),
    parentHash: bytesToHex(header[0] as Uint8Array),
  };
}

describe('state / genesis', () => {
  it('builds the execution-apis genesis alloc into the recorded genesis state root', async () => {
    const genesis = JSON.parse(await readFile(`${CONFORMANCE}/genesis.json`, 'utf8')) as { alloc: GenesisAlloc };
    const store = await newStore();
    const root = await buildGenesisState(store, genesis.alloc);
    // The README records block 0's state root; chain.rlp starts at block 1, whose parent is block 0.
    expect(bytesToHex(root)).toBe('0xdc43f460541a253c0f64b6943ef83fa3bd601699a255622f088d46f7fde359fc');
    const first = firstBlockHeader(new Uint8Array(await readFile(`${CONFORMANCE}/chain.rlp`)));
    expect(first.number).toBe(1n);
    expect(first.parentHash).toBe('0x44fd89d504659cd58f48f4796b77a7e7012cf296a2409afa2f6c3cb99b5b3d99');
  });

  it('reads back balance, nonce, code and storage of a hand-written alloc', async () => {
    const store = await newStore();
    const alloc: GenesisAlloc = {
      '0x00000000000000000000000000000000000000aa': { balance: '1000000000000000000', nonce: '0x5' },
      '00000000000000000000000000000000000000BB': {
        balance: '0x10',
        code: '0x6001600055',
        storage: { '0x01': '0x2a', '0x0000000000000000000000000000000000000000000000000000000000000002': '0x00' },
      },
    };
    const root = await buildGenesisState(store, alloc);
    const sm = await store.openAt(root);
    const aa = await sm.getAccount(createAddressFromString('0x00000000000000000000000000000000000000aa'));
    expect(aa?.balance).toBe(10n ** 18n);
    expect(aa?.nonce).toBe(5n);
    const bb = createAddressFromString('0x00000000000000000000000000000000000000bb');
    expect((await sm.getAccount(bb))?.balance).toBe(16n);
    expect(bytesToHex(await sm.getCode(bb))).toBe('0x6001600055');
    expect(bytesToHex(await sm.getStorage(bb, setLengthLeft(hexToBytes('0x01'), 32)))).toBe('0x2a');
    expect(bytesToHex(await sm.getStorage(bb, setLengthLeft(hexToBytes('0x02'), 32)))).toBe('0x');
    // Same alloc, same root, whatever the spelling of addresses and numbers.
    const again = await buildGenesisState(await newStore(), {
      '00000000000000000000000000000000000000aa': { balance: '0xde0b6b3a7640000', nonce: '5' },
      '0x00000000000000000000000000000000000000bb': {
        balance: '16',
        code: '6001600055',
        storage: { '0x0000000000000000000000000000000000000000000000000000000000000001': '0x000000002a' },
      },
    });
    expect(bytesToHex(again)).toBe(bytesToHex(root));
  });

  it('an empty alloc gives the empty root', async () => {
    const store = await newStore();
    expect(bytesToHex(await buildGenesisState(store, {}))).toBe(bytesToHex(store.emptyRoot));
  });

  it.each([
    ['address', { '0x1234': { balance: '1' } }],
    ['balance', { '0x00000000000000000000000000000000000000aa': { balance: 'lots' } }],
    ['code', { '0x00000000000000000000000000000000000000aa': { code: '0xzz' } }],
    ['storage value', { '0x00000000000000000000000000000000000000aa': { storage: { '0x1': `0x${'11'.repeat(33)}` } } }],
  ])('rejects a bad %s with INVALID_GENESIS_ALLOC', async (_what, alloc) => {
    const store = await newStore();
    await expect(buildGenesisState(store, alloc as GenesisAlloc)).rejects.toMatchObject({
      code: StateErrorCode.INVALID_GENESIS_ALLOC,
    });
  });
});

// Basalt's genesis extension for forks: `stateRoot` instead of an alloc.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  buildGenesis,
  type ChainError,
  ChainErrorCode,
  createChainConfig,
  devGenesis,
  parseGenesis,
} from '@basalt/chain';
import { buildGenesisState, createStateStore, openDatabase } from '@basalt/state';
import { bytesToHex } from '@ethereumjs/util';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('chain / genesis with a state root', () => {
  it('uses the given root (already in the store) and writes no alloc', async () => {
    const db = await openDatabase();
    closers.push(() => db.close());
    const states = await createStateStore({ db });
    const root = await buildGenesisState(states, { '0x00000000000000000000000000000000000a11ce': { balance: '0x5' } });
    const genesis = { ...devGenesis({ accounts: [] }), alloc: {}, number: '0x2a', stateRoot: bytesToHex(root) };
    const { common } = createChainConfig(genesis);
    states.discardPending();
    const block = await buildGenesis(parseGenesis(genesis), common, states);
    expect(bytesToHex(block.header.stateRoot)).toBe(bytesToHex(root));
    expect(block.header.number).toBe(42n);
    expect(states.pendingWrites).toBe(0);
  });

  it('refuses a state root together with an alloc, and a malformed one', () => {
    const withAlloc = {
      ...devGenesis({ accounts: ['0x00000000000000000000000000000000000a11ce'] }),
      stateRoot: `0x${'11'.repeat(32)}`,
    };
    const err = (() => {
      try {
        parseGenesis(withAlloc);
      } catch (e) {
        return e;
      }
    })() as ChainError;
    expect(err.code).toBe(ChainErrorCode.INVALID_GENESIS);
    expect(err.message).toBe('invalid genesis alloc: must be empty when stateRoot is given');
    expect(() => parseGenesis({ ...devGenesis({ accounts: [] }), alloc: {}, stateRoot: '0x1234' })).toThrow(
      'invalid genesis stateRoot: not 32 bytes of hex: 0x1234',
    );
  });
});

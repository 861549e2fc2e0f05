import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildGenesisState,
  createStateStore,
  type GenesisAlloc,
  getAccountProof,
  openDatabase,
  type StateStore,
  verifyAccountProof,
} from '@basalt/state';
import { bytesToHex, createAddressFromString } from '@ethereumjs/util';
import { CONFORMANCE_DIR } from '../helpers/index.ts';

const CONFORMANCE = CONFORMANCE_DIR;
const HEAD_STATE_ROOT = '0x6da8f636cdc85dbe8c1b5299e5db22f462c041febaf3b78cac1040152ee30b3b';

/** The `>>` request and `<<` response of a one-exchange `.io` case. */
async function readCase(path: string): Promise<{ params: unknown[]; result: unknown }> {
  const lines = (await readFile(path, 'utf8')).split('\n').map((l) => l.trim());
  const request = JSON.parse(lines.find((l) => l.startsWith('>>'))?.slice(2) ?? 'null') as { params: unknown[] };
  const response = JSON.parse(lines.find((l) => l.startsWith('<<'))?.slice(2) ?? 'null') as { result: unknown };
  return { params: request.params, result: response.result };
}

describe('state / conformance / eth_getProof at the head of the execution-apis chain', () => {
  let close: () => Promise<void>;
  let store: StateStore;
  let root: Uint8Array;

  beforeAll(async () => {
    // headstate.json is a `geth dump` of block 54: the same account shape as a genesis alloc.
    const dump = JSON.parse(await readFile(`${CONFORMANCE}/execution-apis-chain/headstate.json`, 'utf8')) as {
      accounts: GenesisAlloc;
    };
    const db = await openDatabase();
    close = () => db.close();
    store = await createStateStore({ db });
    root = await buildGenesisState(store, dump.accounts);
  });
  afterAll(() => close());

  it('the dumped head state has the head block state root', () => {
    expect(bytesToHex(root)).toBe(HEAD_STATE_ROOT);
  });

  it('answers every recorded eth_getProof case exactly, and each proof verifies', async () => {
    const dir = `${CONFORMANCE}/execution-apis/eth_getProof`;
    const files = (await readdir(dir)).filter((f) => f.endsWith('.io')).sort();
    expect(files.length).toBe(4);
    const sm = await store.openAt(root);
    for (const file of files) {
      const { params, result } = await readCase(`${dir}/${file}`);
      const [address, keys] = params as [string, string[]];
      const proof = await getAccountProof(sm, createAddressFromString(address), keys);
      expect({ file, proof }).toEqual({ file, proof: result });
      expect({ file, valid: await verifyAccountProof(root, proof) }).toEqual({ file, valid: true });
    }
  });
});

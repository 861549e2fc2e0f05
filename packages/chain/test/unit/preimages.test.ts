import { describe, expect, it } from '@jest/globals';
import { createDevStateStore } from '@basalt/chain';
import { buildGenesisState, openDatabase } from '@basalt/state';
import { Account, createAddressFromString } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';

describe('DevStateStore preimages', () => {
  it("records a scratch state manager's keys only when its writes are kept", async () => {
    const db = await openDatabase();
    const store = await createDevStateStore({ db });
    const root = await buildGenesisState(store, {});
    const kept = createAddressFromString('0x00000000000000000000000000000000000000a1');
    const dropped = createAddressFromString('0x00000000000000000000000000000000000000a2');

    const call = await store.openAt(root, { scratch: true });
    await call.putAccount(dropped, new Account(0n, 5n));
    await call.flush();
    expect(await store.preimage(keccak_256(dropped.bytes))).toBeUndefined();

    const build = await store.openAt(root, { scratch: true });
    await build.putAccount(kept, new Account(0n, 7n));
    await build.flush();
    expect(await store.preimage(keccak_256(kept.bytes))).toBeUndefined();
    store.keepScratchWrites(build, await build.getStateRoot());
    expect(await store.preimage(keccak_256(kept.bytes))).toEqual(kept.bytes);
    expect(await store.preimage(keccak_256(dropped.bytes))).toBeUndefined();

    // A state manager that is not scratch records at once.
    const plain = await store.openAt(root);
    const other = createAddressFromString('0x00000000000000000000000000000000000000a3');
    await plain.putAccount(other, new Account(0n, 9n));
    await plain.flush();
    expect(await store.preimage(keccak_256(other.bytes))).toEqual(other.bytes);
  });
});

import { RLP } from '@ethereumjs/rlp';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { type Address, unpadBytes } from '@ethereumjs/util';
import { ExecutionInternalError } from './errors.ts';

/**
 * Makes `sm.putStorage` write to its storage cache only, as its other writes do.
 *
 * In @ethereumjs/statemanager 10.1, `putStorage` reads
 * `this._caches?.storage?.put(...) ?? (await this._writeContractStorage(...))`; the cache's `put`
 * returns undefined, so every SSTORE also walks and rewrites the contract's storage trie at
 * once (about a millisecond each, and the trie nodes escape the checkpoints). The cached value is
 * written to the trie anyway by `flush()` (on the outermost commit and on `getStateRoot()`), so
 * the state root is the same; the test `storage writes deferred to flush give the library's
 * root` compares against an uncached state manager.
 */
export function deferStorageWrites(sm: MerkleStateManager): MerkleStateManager {
  const caches = (sm as unknown as { _caches?: { storage?: { put(a: Address, k: Uint8Array, v: Uint8Array): void } } })
    ._caches;
  const storage = caches?.storage;
  if (storage === undefined) return sm;
  sm.putStorage = async (address: Address, key: Uint8Array, value: Uint8Array): Promise<void> => {
    if (key.length !== 32) throw new ExecutionInternalError('Storage key must be 32 bytes long');
    if (value.length > 32) throw new ExecutionInternalError('Storage value cannot be longer than 32 bytes');
    if ((await sm.getAccount(address)) === undefined) {
      throw new ExecutionInternalError('putStorage() called on non-existing account');
    }
    storage.put(address, key, RLP.encode(unpadBytes(value)));
  };
  return sm;
}

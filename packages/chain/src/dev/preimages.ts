// Preimages of the state trie's hashed keys (addresses and storage slots), so a devnet can dump
// its state by address and slot (anvil_dumpState) although the trie only knows keccak(key).
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { type Address, bytesToHex, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  type OpenAtOpts,
  type StateStoreDeps,
  type StateStoreOpts,
  StateStore,
  type Sublevel,
  sublevel,
  type WriteBatch,
} from '@basalt/state';

/** Name of the sublevel holding keccak(key) -> key for every account and slot ever written. */
export const PREIMAGES_SUBLEVEL = 'preimages';

/** Keys remembered as already recorded (about 10 MB); every account and slot written adds one. */
const SEEN_KEPT = 65_536;

/** The private members of MerkleStateManager this file wraps (plain properties at runtime). */
interface StateManagerInternals {
  _trie: { put(key: Uint8Array, value: Uint8Array): Promise<void> };
  _writeContractStorage(address: Address, account: unknown, key: Uint8Array, value: Uint8Array): Promise<void>;
}

/**
 * A {@link StateStore} that also records the preimage of every key written through the state
 * managers it opens, and writes them with the state's trie nodes in `flushInto`'s batch. A scratch
 * state manager's keys are held apart and recorded only when its writes are kept
 * (`keepScratchWrites`: a mined or received block), else dropped with them (eth_call, checks).
 * Costs one keccak per account or slot first written.
 */
export class DevStateStore extends StateStore {
  private readonly preimages: Sublevel;
  private pending = new Map<string, Uint8Array>();
  /**
   * Keys (not hashed) recently recorded (pending or on disk), so a key written block after block goes into a
   * batch once. Bounded (cleared past {@link SEEN_KEPT}): a key seen again after that is written
   * again, with the same value.
   */
  private readonly seen = new Set<string>();
  /** Keys (hex → key) written by each scratch state manager since its writes were last kept. */
  private readonly scratchKeys = new WeakMap<MerkleStateManager, Map<string, Uint8Array>>();

  constructor(deps: StateStoreDeps, opts: StateStoreOpts = {}) {
    super(deps, opts);
    this.preimages = sublevel(deps.db, PREIMAGES_SUBLEVEL);
  }

  override async openAt(root: Uint8Array, opts: OpenAtOpts = {}): Promise<MerkleStateManager> {
    const sm = await super.openAt(root, opts);
    if (opts.scratch !== true) {
      this.instrument(sm, (key) => this.record(key));
    } else {
      const keys = new Map<string, Uint8Array>();
      this.scratchKeys.set(sm, keys);
      this.instrument(sm, (key) => {
        const plain = bytesToHex(key);
        if (!this.seen.has(plain) && !keys.has(plain)) keys.set(plain, key.slice());
      });
    }
    return sm;
  }

  override keepScratchWrites(sm: MerkleStateManager, root?: Uint8Array): number {
    const n = super.keepScratchWrites(sm, root);
    const keys = this.scratchKeys.get(sm);
    if (keys !== undefined && keys.size > 0) {
      for (const key of keys.values()) this.record(key);
      keys.clear();
    }
    return n;
  }

  override flushInto(batch: WriteBatch): number {
    const n = super.flushInto(batch);
    if (this.pending.size > 0) {
      const moved = this.pending;
      this.pending = new Map();
      for (const [hashed, key] of moved) batch.put(this.preimages, hexToBytes(hashed as PrefixedHexString), key);
      batch.onSettled((err) => {
        if (err === undefined) return;
        for (const [hashed, key] of moved) if (!this.pending.has(hashed)) this.pending.set(hashed, key);
      });
    }
    return n;
  }

  /** The key whose keccak256 is `hashed` (an address or a 32-byte slot), if it was ever recorded. */
  async preimage(hashed: Uint8Array): Promise<Uint8Array | undefined> {
    return this.pending.get(bytesToHex(hashed)) ?? (await this.preimages.get(hashed));
  }

  /** Records `key` (an address or a storage slot) as the preimage of keccak256(key). */
  record(key: Uint8Array): void {
    // The same few accounts and slots are written block after block: look the key up before hashing it.
    const plain = bytesToHex(key);
    if (this.seen.has(plain)) return;
    if (this.seen.size >= SEEN_KEPT) this.seen.clear();
    this.seen.add(plain);
    this.pending.set(bytesToHex(keccak_256(key)), key.slice());
  }

  private instrument(sm: MerkleStateManager, record: (key: Uint8Array) => void): void {
    const internals = sm as unknown as StateManagerInternals;
    const trie = internals._trie;
    const put = trie.put.bind(trie);
    // Account writes reach the account trie with the address as key (with or without caches).
    trie.put = async (key, value) => {
      record(key);
      return put(key, value);
    };
    // Every storage write (direct, or from the cache on flush) goes through this method.
    const write = internals._writeContractStorage.bind(sm);
    internals._writeContractStorage = async (address, account, key, value) => {
      record(key);
      return write(address, account, key, value);
    };
  }
}

/** Builds a {@link DevStateStore}: a state store for a devnet, recording key preimages. */
export async function createDevStateStore(deps: StateStoreDeps, opts: StateStoreOpts = {}): Promise<DevStateStore> {
  return new DevStateStore(deps, opts);
}

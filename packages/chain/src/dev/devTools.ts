// The devnet's test-node controls over the chain: state setters without mining, impersonation,
// nested snapshots, reset, and the state file. apps/node adapts them to rpc's DevControl.
import { randomBytes } from 'node:crypto';
import { type Logger, silentLogger } from '@basalt/common';
import { RLP } from '@ethereumjs/rlp';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import type { TypedTransaction } from '@ethereumjs/tx';
import {
  type Address,
  bigIntToHex,
  bytesToBigInt,
  bytesToHex,
  createAccount,
  createAccountFromRLP,
  createAddressFromString,
  hexToBytes,
  KECCAK256_NULL,
  type PrefixedHexString,
  setLengthLeft,
} from '@ethereumjs/util';
import type { Chain } from '../chain.ts';
import type { MinerClock, MinerClockState } from '../miner/clock.ts';
import type { Lock } from '../miner/mutex.ts';
import { invalidValue } from './errors.ts';
import { rewindHead, setHeadStateRoot } from './headState.ts';
import { restoreImpersonatedSenders } from './impersonation.ts';
import type { DevStateStore } from './preimages.ts';
import { dumpBytes, dumpQuantity, type StateDump } from './stateDump.ts';

const MAX_U256 = (1n << 256n) - 1n;
const MAX_U64 = (1n << 64n) - 1n;

/** Required collaborators of {@link createDevTools}. */
export interface DevToolsDeps {
  chain: Chain;
  /** The chain's state store, built with `createDevStateStore` (it knows key preimages for dumps). */
  states: DevStateStore;
  /** The miner's clock (snapshots save it, reset clears it). */
  clock: MinerClock;
  /** The lock the miner builds blocks under: state changes and rewinds never overlap a block. */
  lock: Lock;
  logger?: Logger;
}

/** A snapshot as anvil_metadata lists it. */
export interface DevSnapshotInfo {
  id: bigint;
  number: bigint;
  hash: Uint8Array;
}

interface Snapshot extends DevSnapshotInfo {
  /** The head's state root (its dev override, if any). */
  root: Uint8Array;
  pool: TypedTransaction[];
  clock: MinerClockState;
}

/** The devnet's test-node controls (see the chain README, "Dev tools"). */
export interface DevTools {
  /**
   * hardhat_metadata's instanceId: the genesis hash (stable across restarts on one --data-dir, so
   * Hardhat Ignition keeps its journal), then a random id after each reset (its deployments are gone).
   */
  readonly instanceId: Uint8Array;
  setBalance(address: Address, balance: bigint): Promise<void>;
  setNonce(address: Address, nonce: bigint): Promise<void>;
  setCode(address: Address, code: Uint8Array): Promise<void>;
  /** `slot` and `value` are at most 32 bytes each. */
  setStorageAt(address: Address, slot: Uint8Array, value: Uint8Array): Promise<void>;
  impersonate(address: Address): void;
  stopImpersonating(address: Address): void;
  setAutoImpersonate(enabled: boolean): void;
  /** True when `address` may send without a key (impersonated, or auto-impersonation is on). */
  isImpersonated(address: Address): boolean;
  /** Saves head, state, pool and clock; returns the id (1, 2, ...). */
  snapshot(): Promise<bigint>;
  /** Back to snapshot `id`, which is used up with every later one; false for an unknown id. */
  revert(id: bigint): Promise<boolean>;
  snapshots(): DevSnapshotInfo[];
  /** Back to genesis: blocks, pool, clock, impersonations and snapshots forgotten. */
  reset(): Promise<void>;
  /** Every account of the head state with its code and storage, and the block environment. */
  dumpState(): Promise<StateDump>;
  /** Writes a dump's accounts over the head state (without mining); time continues from its timestamp if later. */
  loadState(dump: StateDump): Promise<void>;
}

class DevToolsImpl implements DevTools {
  instanceId: Uint8Array;
  private readonly deps: DevToolsDeps;
  private readonly logger: Logger;
  private readonly impersonated = new Set<string>();
  private autoImpersonate = false;
  private readonly snaps = new Map<bigint, Snapshot>();
  private nextId = 1n;

  constructor(deps: DevToolsDeps) {
    this.deps = deps;
    this.instanceId = deps.chain.genesis.hash();
    this.logger = (deps.logger ?? silentLogger).child({ module: 'dev' });
    // Blocks read back from the store name their impersonated senders again.
    deps.chain.store.decorator = restoreImpersonatedSenders;
    restoreImpersonatedSenders(deps.chain.head());
  }

  // ---- state ----

  private modify(what: string, fn: (sm: MerkleStateManager) => Promise<void>): Promise<void> {
    return this.deps.lock.runExclusive(async () => {
      const head = this.deps.chain.head();
      const sm = await this.deps.states.openAt(head.header.stateRoot, { common: head.common });
      await fn(sm);
      await setHeadStateRoot(this.deps.chain, await sm.getStateRoot());
      this.logger.debug('state changed without mining', { what, head: head.header.number });
    });
  }

  setBalance(address: Address, balance: bigint): Promise<void> {
    if (balance < 0n || balance > MAX_U256) throw invalidValue('balance', balance);
    return this.modify('balance', (sm) => sm.modifyAccountFields(address, { balance }));
  }

  setNonce(address: Address, nonce: bigint): Promise<void> {
    if (nonce < 0n || nonce > MAX_U64) throw invalidValue('nonce', nonce);
    return this.modify('nonce', (sm) => sm.modifyAccountFields(address, { nonce }));
  }

  setCode(address: Address, code: Uint8Array): Promise<void> {
    return this.modify('code', (sm) => sm.putCode(address, code));
  }

  setStorageAt(address: Address, slot: Uint8Array, value: Uint8Array): Promise<void> {
    if (slot.length > 32) throw invalidValue('storage slot', bytesToHex(slot));
    if (value.length > 32) throw invalidValue('storage value', bytesToHex(value));
    return this.modify('storage', async (sm) => {
      if ((await sm.getAccount(address)) === undefined) await sm.putAccount(address, createAccount({}));
      await sm.putStorage(address, setLengthLeft(slot, 32), value);
    });
  }

  // ---- impersonation ----

  impersonate(address: Address): void {
    this.impersonated.add(address.toString());
  }

  stopImpersonating(address: Address): void {
    this.impersonated.delete(address.toString());
  }

  setAutoImpersonate(enabled: boolean): void {
    this.autoImpersonate = enabled;
  }

  isImpersonated(address: Address): boolean {
    return this.autoImpersonate || this.impersonated.has(address.toString());
  }

  // ---- snapshots ----

  snapshot(): Promise<bigint> {
    return this.deps.lock.runExclusive(async () => {
      const head = this.deps.chain.head();
      const content = this.deps.chain.txPool.content();
      const pool: TypedTransaction[] = [];
      for (const group of [content.pending, content.queued]) {
        for (const txs of group.values()) pool.push(...txs.values());
      }
      const id = this.nextId++;
      this.snaps.set(id, {
        id,
        number: head.header.number,
        hash: head.hash(),
        root: head.header.stateRoot,
        pool,
        clock: this.deps.clock.save(),
      });
      this.logger.debug('snapshot taken', { id, number: head.header.number });
      return id;
    });
  }

  revert(id: bigint): Promise<boolean> {
    return this.deps.lock.runExclusive(async () => {
      const snap = this.snaps.get(id);
      if (snap === undefined) return false;
      for (const other of [...this.snaps.keys()]) if (other >= id) this.snaps.delete(other);
      const dropped = await rewindHead(this.deps.chain, snap.hash, snap.root);
      await this.refillPool(snap.pool);
      this.deps.clock.restore(snap.clock);
      this.logger.info('reverted to snapshot', { id, number: snap.number, dropped: dropped.length });
      return true;
    });
  }

  snapshots(): DevSnapshotInfo[] {
    return [...this.snaps.values()].map(({ id, number, hash }) => ({ id, number, hash }));
  }

  reset(): Promise<void> {
    return this.deps.lock.runExclusive(async () => {
      const dropped = await rewindHead(this.deps.chain, this.deps.chain.genesis.hash());
      await this.refillPool([]);
      this.deps.clock.reset();
      this.snaps.clear();
      this.impersonated.clear();
      this.autoImpersonate = false;
      this.instanceId = randomBytes(32);
      this.logger.info('reset to genesis', { dropped: dropped.length });
    });
  }

  /** Empties the pool, points it at the (rewound) head, and adds `txs` again where still valid. */
  private async refillPool(txs: TypedTransaction[]): Promise<void> {
    const pool = this.deps.chain.txPool;
    pool.clear('reverted');
    await pool.onNewHead(this.deps.chain.head());
    for (const tx of txs) {
      try {
        await pool.add(tx, { local: true });
      } catch (err) {
        this.logger.debug('pool transaction not restored', { hash: bytesToHex(tx.hash()) }, err);
      }
    }
  }

  // ---- state file ----

  async dumpState(): Promise<StateDump> {
    const { chain, states } = this.deps;
    const head = chain.head();
    const sm = await states.openAt(head.header.stateRoot, { common: head.common, scratch: true });
    const trie = (sm as unknown as { _trie: { getValueMap(): Promise<{ values: Record<string, string> }> } })._trie;
    const { values } = await trie.getValueMap();
    const accounts: StateDump['accounts'] = {};
    let missing = 0;
    for (const [hashed, rlp] of Object.entries(values)) {
      const key = await states.preimage(hexToBytes(hashed as PrefixedHexString));
      if (key === undefined) {
        missing++;
        continue;
      }
      const address = createAddressFromString(bytesToHex(key));
      const account = createAccountFromRLP(hexToBytes(rlp as PrefixedHexString));
      const storage: Record<string, string> = {};
      for (const [hashedSlot, encoded] of Object.entries(await sm.dumpStorage(address))) {
        const slot = await states.preimage(hexToBytes(hashedSlot as PrefixedHexString));
        if (slot === undefined) {
          missing++;
          continue;
        }
        const value = RLP.decode(hexToBytes(encoded as PrefixedHexString)) as Uint8Array;
        storage[bigIntToHex(bytesToBigInt(slot))] = bigIntToHex(bytesToBigInt(value));
      }
      const hasCode = account.codeHash !== undefined && bytesToHex(account.codeHash) !== bytesToHex(KECCAK256_NULL);
      accounts[address.toString()] = {
        nonce: Number(account.nonce),
        balance: bigIntToHex(account.balance),
        code: hasCode ? bytesToHex(await sm.getCode(address)) : '0x',
        storage,
      };
    }
    if (missing > 0) this.logger.warn('state entries without a known preimage were left out of the dump', { missing });
    const h = head.header;
    return {
      block: {
        number: bigIntToHex(h.number),
        coinbase: h.coinbase.toString(),
        timestamp: bigIntToHex(h.timestamp),
        gas_limit: bigIntToHex(h.gasLimit),
        basefee: bigIntToHex(h.baseFeePerGas ?? 0n),
        difficulty: bigIntToHex(h.difficulty),
        prevrandao: bytesToHex(h.mixHash),
      },
      accounts,
      best_block_number: bigIntToHex(h.number),
      blocks: [],
      transactions: [],
    };
  }

  async loadState(dump: StateDump): Promise<void> {
    const entries = Object.entries(dump.accounts).map(([address, a]) => {
      const storage = Object.entries(a.storage ?? {}).map(([slot, value]) => {
        const s = dumpQuantity(`storage slot of ${address}`, slot);
        const v = dumpQuantity(`storage value of ${address}`, value);
        if (s > MAX_U256 || v > MAX_U256) throw invalidValue(`storage of ${address}`, slot);
        return [setLengthLeft(hexToBytes(bigIntToHex(s)), 32), hexToBytes(bigIntToHex(v))] as const;
      });
      return {
        address: createAddressFromString(address.toLowerCase()),
        nonce: dumpQuantity(`nonce of ${address}`, a.nonce),
        balance: dumpQuantity(`balance of ${address}`, a.balance),
        code: dumpBytes(`code of ${address}`, a.code),
        storage,
      };
    });
    await this.modify('state file', async (sm) => {
      for (const e of entries) {
        await sm.modifyAccountFields(e.address, { nonce: e.nonce, balance: e.balance });
        if (e.code.length > 0) await sm.putCode(e.address, e.code);
        for (const [slot, value] of e.storage) await sm.putStorage(e.address, slot, value);
      }
    });
    const timestamp = dump.block === undefined ? undefined : dumpQuantity('block timestamp', dump.block.timestamp);
    if (timestamp !== undefined && timestamp > this.deps.clock.now()) this.deps.clock.setTime(timestamp);
    this.logger.info('state loaded', { accounts: entries.length });
  }
}

/**
 * Builds the dev tools over a devnet's chain. From then on, blocks the chain reads or stores name
 * their impersonated senders (never install this on a network node: see impersonation.ts).
 */
export function createDevTools(deps: DevToolsDeps): DevTools {
  return new DevToolsImpl(deps);
}

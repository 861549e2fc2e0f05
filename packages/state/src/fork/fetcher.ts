import { type Logger, silentLogger } from '@basalt/common';
import type { Common } from '@ethereumjs/common';
import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { CODEHASH_PREFIX } from '@ethereumjs/statemanager';
import { bytesToHex, concatBytes, equalsBytes } from '@ethereumjs/util';
import type { Sublevel } from '../database.ts';
import { type ForkFetchKind, StateError, StateErrorCode } from '../errors.ts';
import type { RemoteProof, RemoteStateReader } from './types.ts';

const ZERO_ADDRESS = new Uint8Array(20);

/** The trie's own keccak (the Common's custom one when given), reached through a subclass. */
class Hasher extends MerklePatriciaTrie {
  digest(bytes: Uint8Array): Uint8Array {
    return this.hash(bytes);
  }
}

/** Counters of what a fork store fetched from its source. */
export interface ForkFetchStats {
  /** `eth_getProof` calls answered. */
  proofs: number;
  /** `eth_getCode` calls answered. */
  codes: number;
  /** Trie nodes and code blobs written to the local database. */
  stored: number;
}

/**
 * Fetches what a fork store misses from its {@link RemoteStateReader} and writes it, keyed by its
 * own hash, straight into the trie sublevel. Content addressing is the verification: a node is
 * stored under the keccak of its bytes, so a wrong answer can never be reached from a root; code
 * is checked against the code hash the account names. Identical fetches in flight are shared.
 *
 * The writes bypass the block's `WriteBatch` on purpose: they are facts about the source at the
 * fork block, valid under every local root, so a crash can only leave unused nodes behind.
 */
export class ForkFetcher {
  readonly stats: ForkFetchStats = { proofs: 0, codes: 0, stored: 0 };
  private readonly reader: RemoteStateReader;
  private readonly where: Sublevel;
  private readonly hasher: Hasher;
  private readonly logger: Logger;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(reader: RemoteStateReader, where: Sublevel, common?: Common, logger: Logger = silentLogger) {
    this.reader = reader;
    this.where = where;
    this.hasher = new Hasher(common !== undefined ? { common } : undefined);
    this.logger = logger;
  }

  /** Where the state comes from (the reader's description). */
  get source(): string {
    return this.reader.description;
  }

  keccak(bytes: Uint8Array): Uint8Array {
    return this.hasher.digest(bytes);
  }

  /** Fetches and stores the account-trie path of `address` (20 bytes). */
  fetchAccount(address: Uint8Array): Promise<void> {
    return this.once(`a${bytesToHex(address)}`, async () => {
      const proof = await this.proof('account', address, []);
      await this.store(proof.accountProof);
    });
  }

  /** Fetches and stores the storage-trie path of `slot` (32 bytes) of `address`, and the account's path. */
  fetchStorage(address: Uint8Array, slot: Uint8Array): Promise<void> {
    return this.once(`s${bytesToHex(address)}${bytesToHex(slot)}`, async () => {
      const proof = await this.proof('storage', address, [slot]);
      await this.store([...proof.accountProof, ...(proof.storageProofs[0] ?? [])]);
    });
  }

  /** Fetches the code of `address` and stores it under `codeHash`, after checking that it hashes to it. */
  fetchCode(address: Uint8Array, codeHash: Uint8Array): Promise<void> {
    return this.once(`c${bytesToHex(codeHash)}`, async () => {
      let code: Uint8Array;
      try {
        code = await this.reader.getCode(address);
      } catch (cause) {
        throw this.failed('code', address, undefined, cause);
      }
      this.stats.codes++;
      if (!equalsBytes(this.keccak(code), codeHash)) {
        throw this.invalid(
          'code',
          address,
          undefined,
          `the code it sent hashes to ${bytesToHex(this.keccak(code))}, the account names ${bytesToHex(codeHash)}`,
        );
      }
      await this.where.put(concatBytes(CODEHASH_PREFIX, codeHash), code);
      this.stats.stored++;
    });
  }

  /**
   * Fetches the root node of the source's state at the fork block and stores it when it hashes to
   * `root`. False when the source's state root is another one.
   */
  async fetchRoot(root: Uint8Array): Promise<boolean> {
    let found = false;
    await this.once(`r${bytesToHex(root)}`, async () => {
      const proof = await this.proof('root', ZERO_ADDRESS, []);
      const node = proof.accountProof[0];
      if (node !== undefined && equalsBytes(this.keccak(node), root)) {
        await this.store([node]);
        found = true;
      }
    });
    return found;
  }

  /** The error for a node that is still missing after its proof was stored. */
  incomplete(what: ForkFetchKind, address: Uint8Array, slot: Uint8Array | undefined, node: string): StateError {
    return this.invalid(what, address, slot, `its proof does not hold the trie node ${node}`);
  }

  private async proof(what: ForkFetchKind, address: Uint8Array, slots: Uint8Array[]): Promise<RemoteProof> {
    try {
      const proof = await this.reader.getProof(address, slots);
      this.stats.proofs++;
      return proof;
    } catch (cause) {
      throw this.failed(what, address, slots[0], cause);
    }
  }

  private async store(nodes: Uint8Array[]): Promise<void> {
    if (nodes.length === 0) return;
    await this.where.batch(nodes.map((value) => ({ type: 'put' as const, key: this.keccak(value), value })));
    this.stats.stored += nodes.length;
    if (this.logger.isDebugEnabled()) this.logger.debug('stored forked trie nodes', { nodes: nodes.length });
  }

  private once(key: string, fn: () => Promise<void>): Promise<void> {
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const p = fn().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private failed(what: ForkFetchKind, address: Uint8Array, slot: Uint8Array | undefined, cause: unknown): StateError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new StateError(
      { code: StateErrorCode.FORK_FETCH_FAILED, what, ...located(address, slot), source: this.source },
      `fork: could not fetch ${describe(what, address, slot)} from ${this.source}: ${reason}`,
      { cause },
    );
  }

  private invalid(what: ForkFetchKind, address: Uint8Array, slot: Uint8Array | undefined, reason: string): StateError {
    return new StateError(
      { code: StateErrorCode.FORK_INVALID_RESPONSE, what, ...located(address, slot), source: this.source },
      `fork: ${this.source} gave a bad answer for ${describe(what, address, slot)}: ${reason}`,
    );
  }
}

function located(address: Uint8Array, slot: Uint8Array | undefined): { address?: string; slot?: string } {
  const out: { address?: string; slot?: string } = {};
  if (address.length === 20 && !equalsBytes(address, ZERO_ADDRESS)) out.address = bytesToHex(address);
  if (slot !== undefined) out.slot = bytesToHex(slot);
  return out;
}

function describe(what: ForkFetchKind, address: Uint8Array, slot: Uint8Array | undefined): string {
  switch (what) {
    case 'account':
      return `the account ${bytesToHex(address)}`;
    case 'storage':
      return `the storage slot ${bytesToHex(slot ?? new Uint8Array(0))} of ${bytesToHex(address)}`;
    case 'code':
      return `the code of ${bytesToHex(address)}`;
    case 'root':
      return 'the state root of the fork block';
  }
}

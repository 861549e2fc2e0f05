import { type Block, type BlockHeader, createBlockFromBytesArray } from '@ethereumjs/block';
import { type Address, bytesToHex, equalsBytes, hexToBytes, KECCAK256_RLP_ARRAY } from '@ethereumjs/util';
import { type Logger, silentLogger } from '@basalt/common';
import type { TxOutcome } from '@basalt/execution';
import { type Database, type Sublevel, sublevel } from '@basalt/state';
import { ChainError, ChainErrorCode, type ConsensusEngine, LRUCache } from '../shared.ts';
import { TrustedSealEngine } from '../trusted.ts';
import {
  ALLOWED_FUTURE_SECONDS,
  DIFF_IN_TURN,
  DIFF_NO_TURN,
  EQUIVOCATION_WINDOW,
  EXTRA_SEAL,
  EXTRA_VANITY,
  NONCE_AUTH,
  NONCE_DROP,
  SNAPSHOT_PERSIST_INTERVAL,
} from './constants.ts';
import { CliqueError, CliqueErrorCode } from './errors.ts';
import { type CliqueSigner, recoverSigner } from './signer.ts';
import { type CliqueHeaderInfo, Snapshot, type SnapshotJSON } from './snapshot.ts';

/** Where the engine reads stored headers (bound late: the chain is created with the engine). */
export interface CliqueHeaderSource {
  getHeader(hash: Uint8Array): Promise<BlockHeader | undefined>;
}

/** Required collaborators of {@link createCliqueEngine}. */
export interface CliqueEngineDeps {
  headers: CliqueHeaderSource;
  /** Where snapshots are persisted every 1 024 blocks (sublevel `clique`). Default: memory only. */
  db?: Database;
  logger?: Logger;
}

/** Settings of {@link createCliqueEngine}; defaults in `defaultCliqueEngineOpts`. */
export interface CliqueEngineOpts {
  /** Seconds between blocks (genesis `config.clique.period`). Default 15, as geth. */
  period?: number;
  /** Blocks between checkpoints (genesis `config.clique.epoch`). Default 30 000. */
  epoch?: number;
  /** The validator key that seals; none for a follower. */
  signer?: CliqueSigner;
  /** Snapshots kept in memory. Default 128. */
  snapshotCacheSize?: number;
  /** The clock (ms), for the future-block check. Default Date.now. */
  now?: () => number;
}

export const defaultCliqueEngineOpts = {
  period: 15,
  epoch: 30_000,
  snapshotCacheSize: 128,
} as const;

const SNAPSHOT_SUBLEVEL = 'clique';

function reject(block: Block, reason: string): ChainError {
  return new ChainError(
    { code: ChainErrorCode.INVALID_BLOCK, number: block.header.number, hash: bytesToHex(block.hash()), reason },
    `invalid block ${block.header.number}: ${reason}`,
  );
}

/** Signers named in a checkpoint header's extraData, lowercase hex, in header order. */
export function checkpointSigners(header: BlockHeader): string[] {
  const body = header.extraData.subarray(EXTRA_VANITY, header.extraData.length - EXTRA_SEAL);
  const out: string[] = [];
  for (let i = 0; i + 20 <= body.length; i += 20) out.push(bytesToHex(body.subarray(i, i + 20)));
  return out;
}

/**
 * Clique (EIP-225) behind the {@link ConsensusEngine} phases, on any fork the genesis names
 * (docs/consensus.md): the validator set lives in checkpoint headers' extraData, each header
 * is sealed by one validator's secp256k1 signature, difficulty 2 marks the in-turn validator
 * and 1 any other, a validator seals at most one of floor(N/2)+1 consecutive blocks, blocks are
 * at least `period` seconds apart, and validators vote others in and out through coinbase and
 * nonce. The authorisation state at each block is a {@link Snapshot}: cached, persisted every
 * 1 024 blocks, else recomputed from stored headers. Beyond EIP-225 it rejects a second,
 * different block sealed by one signer on one parent (equivocation).
 */
export class CliqueEngine implements ConsensusEngine {
  readonly name = 'clique';
  readonly period: number;
  readonly epoch: bigint;
  /** Votes this node's validator casts when it seals: address → add (true) or drop (false). */
  readonly proposals = new Map<string, boolean>();
  private signer: CliqueSigner | undefined;
  private readonly deps: CliqueEngineDeps;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly rules = new TrustedSealEngine();
  private readonly snapshots: LRUCache<string, Snapshot>;
  private readonly signers = new LRUCache<string, string>(4096);
  private readonly store: Sublevel | undefined;
  /** number → `${parentHash}:${signer}` → hash of the block that signer sealed there. */
  private readonly sealed = new Map<bigint, Map<string, string>>();

  constructor(deps: CliqueEngineDeps, opts: CliqueEngineOpts = {}) {
    this.deps = deps;
    this.logger = (deps.logger ?? silentLogger).child({ module: 'clique' });
    this.period = opts.period ?? defaultCliqueEngineOpts.period;
    this.epoch = BigInt(opts.epoch ?? defaultCliqueEngineOpts.epoch);
    this.signer = opts.signer;
    this.now = opts.now ?? Date.now;
    this.snapshots = new LRUCache(opts.snapshotCacheSize ?? defaultCliqueEngineOpts.snapshotCacheSize);
    this.store = deps.db === undefined ? undefined : sublevel(deps.db, SNAPSHOT_SUBLEVEL);
  }

  /** The validator that seals (undefined on a follower). */
  signerAddress(): Address | undefined {
    return this.signer?.address;
  }

  setSigner(signer: CliqueSigner | undefined): void {
    this.signer = signer;
  }

  // ---- phases ----

  async validateHeader(block: Block): Promise<void> {
    await this.rules.validateHeader(block);
    const h = block.header;
    if (h.number === 0n) return;
    const nowSeconds = BigInt(Math.floor(this.now() / 1000));
    if (h.timestamp > nowSeconds + ALLOWED_FUTURE_SECONDS) {
      throw reject(block, `timestamp ${h.timestamp} is in the future (now ${nowSeconds})`);
    }
    const checkpoint = h.number % this.epoch === 0n;
    if (checkpoint && !h.coinbase.isZero()) throw reject(block, 'checkpoint block with a non-zero coinbase (vote)');
    if (!equalsBytes(h.nonce, NONCE_AUTH) && !equalsBytes(h.nonce, NONCE_DROP)) {
      throw reject(block, `nonce ${bytesToHex(h.nonce)} is neither an add nor a drop vote`);
    }
    if (checkpoint && !equalsBytes(h.nonce, NONCE_DROP)) throw reject(block, 'checkpoint block with a vote nonce');
    if (h.extraData.length < EXTRA_VANITY) throw reject(block, 'extra data has no 32-byte vanity');
    if (h.extraData.length < EXTRA_VANITY + EXTRA_SEAL) throw reject(block, 'extra data has no 65-byte seal');
    const signerBytes = h.extraData.length - EXTRA_VANITY - EXTRA_SEAL;
    if (!checkpoint && signerBytes !== 0) throw reject(block, 'signer list in extra data of a non-checkpoint block');
    if (checkpoint && signerBytes % 20 !== 0) throw reject(block, 'checkpoint signer list not a multiple of 20 bytes');
    if (!equalsBytes(h.mixHash, new Uint8Array(32))) throw reject(block, 'non-zero mix hash');
    if (!equalsBytes(h.uncleHash, KECCAK256_RLP_ARRAY)) throw reject(block, 'ommers in a Clique block');
    if (h.difficulty !== DIFF_IN_TURN && h.difficulty !== DIFF_NO_TURN) {
      throw reject(block, `difficulty ${h.difficulty} is neither 1 (out of turn) nor 2 (in turn)`);
    }
    if (h.parentBeaconBlockRoot !== undefined && !equalsBytes(h.parentBeaconBlockRoot, new Uint8Array(32))) {
      throw reject(block, 'non-zero parent beacon block root (Clique has no beacon chain)');
    }
    if (block.withdrawals !== undefined && block.withdrawals.length > 0) {
      throw reject(block, 'withdrawals in a Clique block');
    }
    try {
      this.signerOf(h);
    } catch (err) {
      throw reject(block, (err as Error).message);
    }
  }

  async validateHeaderAgainstParent(block: Block, parent: Block): Promise<void> {
    await this.rules.validateHeaderAgainstParent(block, parent);
    const h = block.header;
    const p = parent.header;
    if (h.timestamp < p.timestamp + BigInt(this.period)) {
      throw reject(block, `timestamp ${h.timestamp} less than ${this.period} s after parent timestamp ${p.timestamp}`);
    }
    const snap = await this.snapshot(p.number, parent.hash());
    if (h.number % this.epoch === 0n) {
      const named = checkpointSigners(h);
      const expected = snap.signers();
      if (named.join() !== expected.join()) {
        throw reject(block, `checkpoint names signers [${named.join(', ')}], expected [${expected.join(', ')}]`);
      }
    }
    const signer = this.signerOf(h);
    if (!snap.isSigner(signer)) throw reject(block, `unauthorized signer ${signer}`);
    const last = snap.recentlySigned(signer, h.number);
    if (last !== undefined) {
      throw reject(block, `signer ${signer} sealed block ${last}, too recently to seal block ${h.number}`);
    }
    const inturn = snap.inturn(h.number, signer);
    const want = inturn ? DIFF_IN_TURN : DIFF_NO_TURN;
    if (h.difficulty !== want) {
      throw reject(block, `difficulty ${h.difficulty}, expected ${want} (${inturn ? 'in' : 'out of'} turn)`);
    }
    this.checkEquivocation(block, signer);
  }

  validateBlockPreExecution(block: Block): Promise<void> {
    return this.rules.validateBlockPreExecution(block);
  }

  validateBlockPostExecution(block: Block, outcomes: TxOutcome[]): Promise<void> {
    return this.rules.validateBlockPostExecution(block, outcomes);
  }

  /** `header`'s extraData sealed by the validator (the executor's `sealHeader` hook while building). */
  sealExtraData(header: BlockHeader): Uint8Array {
    if (this.signer === undefined) throw new CliqueError({ code: CliqueErrorCode.NO_SIGNER }, 'no validator key');
    return this.signer.sealExtraData(header);
  }

  /** Seals a built block with the validator's key (NO_SIGNER without one). */
  async seal(block: Block): Promise<Block> {
    if (this.signer === undefined) throw new CliqueError({ code: CliqueErrorCode.NO_SIGNER }, 'no validator key');
    const raw = block.raw();
    const header = [...raw[0]];
    header[12] = this.signer.sealExtraData(block.header);
    const sealed = createBlockFromBytesArray([header, ...raw.slice(1)] as typeof raw, {
      common: block.common,
      skipConsensusFormatValidation: true,
    });
    this.signers.set(bytesToHex(sealed.hash()), this.signer.address.toString());
    // This node's own blocks count for the equivocation check too: another block by its key on
    // the same parent, arriving from elsewhere, is refused here as on every other node (and this
    // engine never seals two different blocks on one parent).
    this.checkEquivocation(sealed, this.signer.address.toString());
    return sealed;
  }

  // ---- snapshots ----

  /** The Clique state after block `number` with `hash` (a stored block). */
  async snapshot(number: bigint, hash: Uint8Array): Promise<Snapshot> {
    const pending: BlockHeader[] = [];
    let snap: Snapshot | undefined;
    let n = number;
    let h = hash;
    while (snap === undefined) {
      const key = bytesToHex(h);
      snap = this.snapshots.get(key);
      if (snap !== undefined) break;
      if (n % SNAPSHOT_PERSIST_INTERVAL === 0n && this.store !== undefined) {
        const bytes = await this.store.get(h);
        if (bytes !== undefined) {
          snap = Snapshot.decode(this.epoch, bytes);
          break;
        }
      }
      const header = await this.deps.headers.getHeader(h);
      if (header === undefined) {
        throw new CliqueError({ code: CliqueErrorCode.UNKNOWN_ANCESTOR, hash: key }, `unknown ancestor ${key}`);
      }
      if (n === 0n) {
        snap = new Snapshot(this.epoch, 0n, key, checkpointSigners(header));
        await this.persist(snap, h);
        break;
      }
      pending.push(header);
      n -= 1n;
      h = header.parentHash;
    }
    if (pending.length > 0) {
      pending.reverse();
      const infos: CliqueHeaderInfo[] = pending.map((header) => ({
        number: header.number,
        hash: bytesToHex(header.hash()),
        signer: this.signerOf(header),
        coinbase: header.coinbase.toString(),
        nonce: header.nonce,
      }));
      snap = snap.apply(infos);
      if (snap.number % SNAPSHOT_PERSIST_INTERVAL === 0n)
        await this.persist(snap, hexToBytes(snap.hash as `0x${string}`));
    }
    this.snapshots.set(snap.hash, snap);
    return snap;
  }

  private async persist(snap: Snapshot, hash: Uint8Array): Promise<void> {
    if (this.store === undefined) return;
    try {
      await this.store.put(hash, snap.encode());
    } catch (err) {
      this.logger.warn('could not persist a Clique snapshot', { number: snap.number }, err);
    }
  }

  /** Lowercase hex of the header's signer (cached by hash). */
  signerOf(header: BlockHeader): string {
    const key = bytesToHex(header.hash());
    let signer = this.signers.get(key);
    if (signer === undefined) {
      signer = recoverSigner(header).toString();
      this.signers.set(key, signer);
    }
    return signer;
  }

  private checkEquivocation(block: Block, signer: string): void {
    const h = block.header;
    const hash = bytesToHex(block.hash());
    const slot = `${bytesToHex(h.parentHash)}:${signer}`;
    let atHeight = this.sealed.get(h.number);
    const previous = atHeight?.get(slot);
    if (previous !== undefined && previous !== hash) {
      throw reject(block, `signer ${signer} already sealed block ${previous} on the same parent (equivocation)`);
    }
    if (atHeight === undefined) {
      atHeight = new Map();
      this.sealed.set(h.number, atHeight);
      for (const n of this.sealed.keys()) if (n + EQUIVOCATION_WINDOW < h.number) this.sealed.delete(n);
    }
    atHeight.set(slot, hash);
  }

  // ---- what clique_ methods read (rpc's CliqueControl) ----

  /** clique_getSnapshot: the snapshot at a stored block, in geth's JSON. */
  async getSnapshot(block: { number: bigint; hash: Uint8Array }): Promise<SnapshotJSON> {
    return (await this.snapshot(block.number, block.hash)).toJSON();
  }

  /** clique_proposals: address → add (true) or drop (false). */
  getProposals(): Record<string, boolean> {
    return Object.fromEntries(this.proposals);
  }

  /**
   * clique_status over the last `count` blocks up to `head` (geth: 64): how many each signer
   * sealed, and the share sealed in turn (difficulty 2), in percent.
   */
  async status(
    head: { number: bigint; hash: Uint8Array },
    count = 64,
  ): Promise<{ inturnPercent: number; sealerActivity: Record<string, number>; numBlocks: number }> {
    const snap = await this.snapshot(head.number, head.hash);
    const activity: Record<string, number> = {};
    for (const s of snap.signers()) activity[s] = 0;
    let numBlocks = 0;
    let inturn = 0;
    let hash = head.hash;
    for (let n = head.number; n > 0n && numBlocks < count; n--) {
      const header = await this.deps.headers.getHeader(hash);
      if (header === undefined) break;
      const signer = this.signerOf(header);
      activity[signer] = (activity[signer] ?? 0) + 1;
      if (header.difficulty === DIFF_IN_TURN) inturn++;
      numBlocks++;
      hash = header.parentHash;
    }
    return { inturnPercent: numBlocks === 0 ? 0 : (inturn * 100) / numBlocks, sealerActivity: activity, numBlocks };
  }

  // ---- votes ----

  /** Makes this node's validator vote to add (`authorize`) or drop `address` in the blocks it seals. */
  propose(address: string, authorize: boolean): void {
    this.proposals.set(normalizeAddress(address), authorize);
  }

  /** Stops voting on `address`. */
  discard(address: string): void {
    this.proposals.delete(normalizeAddress(address));
  }
}

function normalizeAddress(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw new CliqueError(
      { code: CliqueErrorCode.INVALID_ARGUMENT, name: 'address', reason: `not an address: ${address}` },
      `invalid address: ${address}`,
    );
  }
  return address.toLowerCase();
}

/** Builds the Clique engine; snapshots are read lazily, so the chain may be created after it. */
export function createCliqueEngine(deps: CliqueEngineDeps, opts: CliqueEngineOpts = {}): CliqueEngine {
  return new CliqueEngine(deps, opts);
}

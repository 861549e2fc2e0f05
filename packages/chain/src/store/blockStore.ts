import {
  type Block,
  type BlockBytes,
  type BlockHeader,
  createBlockFromBytesArray,
  createBlockHeaderFromRLP,
} from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { bigIntToUnpaddedBytes, bytesToBigInt, bytesToHex, bytesToInt, intToBytes } from '@ethereumjs/util';
import { type Database, type Sublevel, sublevel, type WriteBatch } from '@basalt/state';
import { ChainError, ChainErrorCode } from '../errors.ts';
import type { StoredReceipt } from '../types.ts';
import { BLOOM_BYTES, bloomOr } from './bloom.ts';
import { keyToNumber, numberKey, SUBLEVELS } from './keys.ts';
import { LRUCache } from './lru.ts';
import { withStateRoot } from './servedBlock.ts';
import {
  decodeBlockReceipts,
  encodeBlockReceipts,
  type ReceiptSource,
  rawReceiptsFromStored,
  receiptsFromOutcomes,
} from './receipts.ts';

/** Settings of a {@link BlockStore}. */
export interface BlockStoreOpts {
  /** Decoded blocks and headers kept in memory, each. Default 512. */
  blockCacheSize?: number;
  /** Decoded block receipts kept in memory (per block). Default 256. */
  receiptsCacheSize?: number;
  /**
   * Most transactions the cached blocks may hold in all (a block weighs 1 + its transactions), so
   * big blocks do not fill memory 512 at a time. Default 16,384.
   */
  blockCacheTxs?: number;
  /** Most receipts the cached block receipts may hold in all (1 + receipts per block). Default 16,384. */
  receiptsCacheTxs?: number;
  /** Blocks per bloom section (the OR of their logs blooms, for getLogs). Default 2048. Fixed per database. */
  bloomSectionSize?: number;
}

/** Where a transaction sits: block hash and index in the block. */
export interface TxIndexEntry {
  blockHash: Uint8Array;
  index: number;
}

const hex = (b: Uint8Array) => bytesToHex(b);

/**
 * Blocks, receipts, the canonical index, the transaction index, total difficulties, bloom
 * sections and the head pointers, on sublevels of the node's database (see `keys.ts`).
 *
 * Writes never go to the database directly: every `put…` method queues operations into a
 * `WriteBatch` that the caller commits once, together with the block's state, so a block is on
 * disk whole or not at all. Reads go to LRU caches, then to the database.
 */
export class BlockStore {
  readonly bloomSectionSize: bigint;
  private readonly headers: Sublevel;
  private readonly bodies: Sublevel;
  private readonly canonical: Sublevel;
  private readonly receipts: Sublevel;
  private readonly txIndex: Sublevel;
  private readonly td: Sublevel;
  private readonly meta: Sublevel;
  private readonly sections: Sublevel;
  private readonly devStates: Sublevel;
  /**
   * A devnet's state roots by block hash (hex): the root each block is served with, where state
   * setters changed it while the block was the head. Loaded by {@link loadDevStateRoots}.
   */
  readonly devStateRoots = new Map<string, Uint8Array>();
  private readonly headerCache: LRUCache<string, BlockHeader>;
  private readonly blockCache: LRUCache<string, Block>;
  private readonly receiptCache: LRUCache<string, StoredReceipt[]>;
  /** Section blooms read or written so far (all of them are small: 256 bytes per 2048 blocks). */
  private readonly sectionCache = new Map<bigint, Uint8Array>();

  constructor(
    readonly db: Database,
    private readonly common: Common,
    opts: BlockStoreOpts = {},
  ) {
    this.headers = sublevel(db, SUBLEVELS.headers);
    this.bodies = sublevel(db, SUBLEVELS.bodies);
    this.canonical = sublevel(db, SUBLEVELS.canonical);
    this.receipts = sublevel(db, SUBLEVELS.receipts);
    this.txIndex = sublevel(db, SUBLEVELS.txIndex);
    this.td = sublevel(db, SUBLEVELS.td);
    this.meta = sublevel(db, SUBLEVELS.meta);
    this.sections = sublevel(db, SUBLEVELS.bloomSections);
    this.devStates = sublevel(db, SUBLEVELS.devStates);
    this.headerCache = new LRUCache(opts.blockCacheSize ?? 512);
    this.blockCache = new LRUCache(opts.blockCacheSize ?? 512, {
      maxWeight: opts.blockCacheTxs ?? 16_384,
      weigh: (b) => 1 + b.transactions.length,
    });
    this.receiptCache = new LRUCache(opts.receiptsCacheSize ?? 256, {
      maxWeight: opts.receiptsCacheTxs ?? 16_384,
      weigh: (r) => 1 + r.length,
    });
    this.bloomSectionSize = BigInt(opts.bloomSectionSize ?? 2048);
  }

  // ---- reads ----

  async getHeader(hash: Uint8Array): Promise<BlockHeader | undefined> {
    const key = hex(hash);
    const cached = this.headerCache.get(key) ?? this.blockCache.get(key)?.header;
    if (cached !== undefined) return cached;
    const bytes = await this.headers.get(hash);
    if (bytes === undefined) return undefined;
    const header = this.decode('header', () =>
      createBlockHeaderFromRLP(bytes, { common: this.common, setHardfork: true, skipConsensusFormatValidation: true }),
    );
    this.headerCache.set(key, header);
    return header;
  }

  async getBlock(hash: Uint8Array): Promise<Block | undefined> {
    const key = hex(hash);
    const cached = this.blockCache.get(key);
    if (cached !== undefined) return cached;
    const [headerBytes, bodyBytes] = await Promise.all([this.headers.get(hash), this.bodies.get(hash)]);
    if (headerBytes === undefined || bodyBytes === undefined) return undefined;
    const block = this.decode('block', () => {
      const values = [
        RLP.decode(headerBytes),
        ...(RLP.decode(bodyBytes) as unknown as unknown[]),
      ] as unknown as BlockBytes;
      return createBlockFromBytesArray(values, {
        common: this.common,
        setHardfork: true,
        skipConsensusFormatValidation: true,
      });
    });
    const decorated = this.decorate(block);
    const root = this.devStateRoots.get(key);
    const served = root === undefined ? decorated : withStateRoot(decorated, root);
    this.blockCache.set(key, served);
    return served;
  }

  /** The state root block `hash` was stored with (whatever a devnet serves it with). */
  async getStoredStateRoot(hash: Uint8Array): Promise<Uint8Array | undefined> {
    const bytes = await this.headers.get(hash);
    if (bytes === undefined) return undefined;
    const root = (RLP.decode(bytes) as unknown as Uint8Array[])[3];
    return root instanceof Uint8Array ? root : undefined;
  }

  async hasBlock(hash: Uint8Array): Promise<boolean> {
    if (this.blockCache.get(hex(hash)) !== undefined) return true;
    return (await this.td.get(hash)) !== undefined;
  }

  async getCanonicalHash(number: bigint): Promise<Uint8Array | undefined> {
    if (number < 0n) return undefined;
    return this.canonical.get(numberKey(number));
  }

  /** Canonical (number, hash) pairs for `from..to` inclusive, in order, from one range scan. */
  async *canonicalRange(from: bigint, to: bigint): AsyncGenerator<[bigint, Uint8Array]> {
    for await (const [key, value] of this.canonical.iterator({ gte: numberKey(from), lte: numberKey(to) })) {
      yield [keyToNumber(key), value];
    }
  }

  async getTotalDifficulty(hash: Uint8Array): Promise<bigint | undefined> {
    const bytes = await this.td.get(hash);
    return bytes === undefined ? undefined : bytesToBigInt(bytes);
  }

  async getReceipts(hash: Uint8Array): Promise<StoredReceipt[] | undefined> {
    const key = hex(hash);
    const cached = this.receiptCache.get(key);
    if (cached !== undefined) return cached;
    const [bytes, header] = await Promise.all([this.receipts.get(hash), this.getHeader(hash)]);
    if (bytes === undefined || header === undefined) return undefined;
    const receipts = this.decode('receipts', () => decodeBlockReceipts(bytes, header, hash));
    this.receiptCache.set(key, receipts);
    return receipts;
  }

  /** The consensus encodings of a block's receipts (debug_getRawReceipts). */
  async getRawReceipts(hash: Uint8Array): Promise<Uint8Array[] | undefined> {
    const bytes = await this.receipts.get(hash);
    return bytes === undefined ? undefined : this.decode('receipts', () => rawReceiptsFromStored(bytes));
  }

  async getTxLocation(txHash: Uint8Array): Promise<TxIndexEntry | undefined> {
    const bytes = await this.txIndex.get(txHash);
    if (bytes === undefined) return undefined;
    const [blockHash, index] = RLP.decode(bytes) as unknown as [Uint8Array, Uint8Array];
    return { blockHash, index: bytesToInt(index) };
  }

  async getMeta(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.meta.get(key);
  }

  /** The OR of the logs blooms of every block ever made canonical in `section`; undefined if none. */
  async getSectionBloom(section: bigint): Promise<Uint8Array | undefined> {
    const cached = this.sectionCache.get(section);
    if (cached !== undefined) return cached;
    const bytes = await this.sections.get(numberKey(section));
    if (bytes !== undefined) this.sectionCache.set(section, bytes);
    return bytes;
  }

  // ---- writes, queued into a batch ----

  /** Queues the block, its receipts and its total difficulty. Does not touch the canonical chain. */
  putBlock(batch: WriteBatch, block: Block, outcomes: readonly ReceiptSource[], td: bigint): void {
    const hash = block.hash();
    batch.put(this.headers, hash, block.header.serialize());
    batch.put(this.bodies, hash, RLP.encode(block.raw().slice(1) as unknown as Uint8Array[]));
    batch.put(this.receipts, hash, encodeBlockReceipts(outcomes));
    batch.put(this.td, hash, bigIntToUnpaddedBytes(td));
    batch.onSettled((err) => {
      if (err === undefined) {
        this.blockCache.set(hex(hash), block);
        this.headerCache.set(hex(hash), block.header);
        // What getReceipts would decode from the batch: the new head's logs event and first
        // receipt reads then decode nothing.
        this.receiptCache.set(hex(hash), receiptsFromOutcomes(outcomes, block.header, hash));
      }
    });
  }

  /**
   * Queues `block` as the canonical block at its height: the number -> hash entry, the
   * transaction index of its transactions, and its logs bloom ORed into its bloom section.
   */
  async putCanonical(batch: WriteBatch, block: Block): Promise<void> {
    const hash = block.hash();
    batch.put(this.canonical, numberKey(block.header.number), hash);
    for (const [i, tx] of block.transactions.entries()) {
      batch.put(this.txIndex, tx.hash(), RLP.encode([hash, intToBytes(i)]));
    }
    const section = block.header.number / this.bloomSectionSize;
    const current = (await this.getSectionBloom(section)) ?? new Uint8Array(BLOOM_BYTES);
    const next = Uint8Array.from(current);
    bloomOr(next, block.header.logsBloom);
    // The cache takes the new bits at once: if the batch fails they stay, which only makes the
    // section bloom a superset (a false positive costs a header read, never a missed log).
    this.sectionCache.set(section, next);
    batch.put(this.sections, numberKey(section), next);
  }

  /** Queues the removal of the canonical entry at `number` (the chain got shorter in a reorg). */
  deleteCanonical(batch: WriteBatch, number: bigint): void {
    batch.del(this.canonical, numberKey(number));
  }

  /** Queues the removal of the transaction index entries of `block` (dropped by a reorg). */
  deleteTxIndex(batch: WriteBatch, block: Block, keep: ReadonlySet<string> = new Set()): void {
    for (const tx of block.transactions) {
      const h = tx.hash();
      if (!keep.has(hex(h))) batch.del(this.txIndex, h);
    }
  }

  /** Reads every devnet state root into {@link devStateRoots} (none on a network node's database). */
  async loadDevStateRoots(): Promise<void> {
    for await (const [hash, root] of this.devStates.iterator()) this.devStateRoots.set(hex(hash as Uint8Array), root);
  }

  /**
   * Queues `root` as the state a devnet serves for block `hash` (undefined: its stored root again).
   * The block is read anew from disk afterwards, so getBlock serves it with that root.
   */
  putDevStateRoot(batch: WriteBatch, hash: Uint8Array, root: Uint8Array | undefined): void {
    if (root === undefined) batch.del(this.devStates, hash);
    else batch.put(this.devStates, hash, root);
    batch.onSettled((err) => {
      if (err !== undefined) return;
      const key = hex(hash);
      if (root === undefined) this.devStateRoots.delete(key);
      else this.devStateRoots.set(key, root);
      this.blockCache.delete(key);
      this.headerCache.delete(key);
    });
  }

  putMeta(batch: WriteBatch, key: Uint8Array, value: Uint8Array): void {
    batch.put(this.meta, key, value);
  }

  delMeta(batch: WriteBatch, key: Uint8Array): void {
    batch.del(this.meta, key);
  }

  /**
   * Queues the removal of a block: header, body, receipts and total difficulty (a devnet's
   * evm_revert and anvil_reset forget the blocks above the target). The caller removes its
   * canonical and transaction-index entries. The caches forget it once the batch commits.
   */
  deleteBlock(batch: WriteBatch, hash: Uint8Array): void {
    for (const where of [this.headers, this.bodies, this.receipts, this.td, this.devStates]) batch.del(where, hash);
    batch.onSettled((err) => {
      if (err !== undefined) return;
      const key = hex(hash);
      this.devStateRoots.delete(key);
      this.blockCache.delete(key);
      this.headerCache.delete(key);
      this.receiptCache.delete(key);
    });
  }

  /**
   * A hook every block read from disk or stored by `Chain.commitBuiltBlock` passes through
   * (a devnet restores impersonated senders with it). Default: none.
   */
  decorator: ((block: Block) => Block) | undefined;

  /** Applies {@link BlockStore.decorator} (identity without one). */
  decorate(block: Block): Block {
    return this.decorator === undefined ? block : this.decorator(block);
  }

  private decode<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (cause) {
      throw new ChainError({ code: ChainErrorCode.CORRUPT_DATABASE, what }, `corrupt database: cannot decode ${what}`, {
        cause,
      });
    }
  }
}

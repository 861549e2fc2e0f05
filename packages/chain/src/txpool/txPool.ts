import { EventEmitter } from 'node:events';
import { type Logger, silentLogger } from '@basalt/common';
import { senderOf } from '@basalt/execution';
import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { type Address, bytesToHex } from '@ethereumjs/util';
import type { TxPoolStatus } from '../types.ts';
import { TxPoolError, TxPoolErrorCode } from './errors.ts';
import { Heap } from './heap.ts';
import { defaultTxPoolOpts } from './options.ts';
import type { AccountInfo, TxPool, TxPoolDeps, TxPoolEvents, TxPoolOpts } from './types.ts';

/** Blob gas per blob (EIP-4844). */
const GAS_PER_BLOB = 131_072n;
/** How many times `add` re-reads the sender's account when the head keeps moving under it. */
const MAX_HEAD_RETRIES = 8;

/** Reasons given with `txDropped`. */
export const TxDropReason = {
  REPLACED: 'replaced',
  EVICTED: 'evicted',
  NONCE_TOO_LOW: 'nonce too low',
  INSUFFICIENT_FUNDS: 'insufficient funds for gas * price + value',
} as const;

/** One pooled transaction and what the pool derived from it once. */
interface PoolTx {
  tx: TypedTransaction;
  key: string;
  sender: SenderTxs;
  nonce: bigint;
  /** gasLimit * feeCap + value (+ blob gas * blob fee cap): what the sender must hold. */
  cost: bigint;
  feeCap: bigint;
  tipCap: bigint;
  /** Arrival order, for ties. */
  seq: number;
  /** Effective tip at the pool's base fee when last keyed (for eviction). */
  price: bigint;
  heapIndex: number;
}

/** One sender's transactions, by nonce. Pending = nonces [nonce, pendingEnd); the rest are queued. */
interface SenderTxs {
  address: Address;
  key: string;
  /** Account nonce in the head state. Every pooled nonce is >= this. */
  nonce: bigint;
  balance: bigint;
  /** Head the nonce and balance were read at ('' when only advanced by mined transactions). */
  stateHead: string;
  txs: Map<bigint, PoolTx>;
  /** First nonce >= `nonce` with no pooled transaction. */
  pendingEnd: bigint;
  pendingCount: number;
  totalCost: bigint;
}

function feeCaps(tx: TypedTransaction): { feeCap: bigint; tipCap: bigint } {
  if ('maxPriorityFeePerGas' in tx) return { feeCap: tx.maxFeePerGas, tipCap: tx.maxPriorityFeePerGas };
  return { feeCap: tx.gasPrice, tipCap: tx.gasPrice };
}

function txCost(tx: TypedTransaction, feeCap: bigint): bigint {
  let cost = tx.gasLimit * feeCap + tx.value;
  if ('blobVersionedHashes' in tx && 'maxFeePerBlobGas' in tx) {
    cost += BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB * tx.maxFeePerBlobGas;
  }
  return cost;
}

/** min(tipCap, feeCap - baseFee); negative when the transaction cannot pay the base fee. */
function effectiveTip(feeCap: bigint, tipCap: bigint, baseFee: bigint | undefined): bigint {
  if (baseFee === undefined) return tipCap;
  const room = feeCap - baseFee;
  return room < tipCap ? room : tipCap;
}

/** The base fee of the block after `head`, or undefined before London. */
function nextBaseFee(head: Block): bigint | undefined {
  if (head.header.baseFeePerGas === undefined) return undefined;
  return head.header.calcNextBaseFee();
}

/** Eviction order: cheapest first; among equals the highest nonce, then the newest. */
function evictLess(a: PoolTx, b: PoolTx): boolean {
  if (a.price !== b.price) return a.price < b.price;
  if (a.sender === b.sender) return a.nonce > b.nonce;
  return a.seq > b.seq;
}

interface BuildEntry {
  pt: PoolTx;
  tip: bigint;
}

class TxPoolImpl implements TxPool {
  readonly events = new EventEmitter<TxPoolEvents>();
  private readonly deps: TxPoolDeps;
  private readonly opts: Required<TxPoolOpts>;
  private readonly logger: Logger;
  private readonly byHash = new Map<string, PoolTx>();
  private readonly senders = new Map<string, SenderTxs>();
  /** Account reads at the current head, one promise per sender. */
  private accounts = new Map<string, Promise<{ head: Block; info: AccountInfo }>>();
  private readonly evictHeap = new Heap<PoolTx>(evictLess, (pt, i) => {
    pt.heapIndex = i;
  });
  private evictDirty = false;
  private head: Block;
  private headKey: string;
  private baseFee: bigint | undefined;
  private pendingTotal = 0;
  private queuedTotal = 0;
  private seq = 0;
  /** Bumped on every new head; an older re-check stops applying results. */
  private generation = 0;

  constructor(deps: TxPoolDeps, opts: TxPoolOpts) {
    this.deps = deps;
    this.opts = { ...defaultTxPoolOpts, ...opts };
    this.logger = (deps.logger ?? silentLogger).child({ module: 'txpool' });
    this.head = deps.head();
    this.headKey = bytesToHex(this.head.hash());
    this.baseFee = nextBaseFee(this.head);
  }

  async add(tx: TypedTransaction, opts: { local?: boolean } = {}): Promise<Uint8Array> {
    if (!tx.isSigned()) {
      throw new TxPoolError({ code: TxPoolErrorCode.INVALID_SENDER, hash: '', reason: 'unsigned' }, 'invalid sender');
    }
    const hash = tx.hash();
    const key = bytesToHex(hash);
    if (this.byHash.has(key))
      throw new TxPoolError({ code: TxPoolErrorCode.ALREADY_KNOWN, hash: key }, 'already known');
    if (tx.data.length + 1024 > this.opts.maxTxSize) {
      const size = tx.serialize().length;
      if (size > this.opts.maxTxSize) {
        throw new TxPoolError(
          { code: TxPoolErrorCode.OVERSIZED_DATA, hash: key, size, limit: this.opts.maxTxSize },
          'oversized data',
        );
      }
    }
    const { feeCap, tipCap } = feeCaps(tx);
    if (opts.local !== true && tipCap < this.opts.minTip) {
      throw new TxPoolError(
        { code: TxPoolErrorCode.UNDERPRICED, hash: key, tip: tipCap, minTip: this.opts.minTip },
        'transaction underpriced',
      );
    }
    let address: Address;
    try {
      address = senderOf(tx);
    } catch (cause) {
      throw new TxPoolError(
        {
          code: TxPoolErrorCode.INVALID_SENDER,
          hash: key,
          reason: cause instanceof Error ? cause.message : String(cause),
        },
        'invalid sender',
        { cause },
      );
    }
    const senderKey = address.toString();
    // Execution's checks run once, at the head of the moment; the pool's own checks need the
    // sender's account at the head current when the transaction goes in, so when blocks are
    // mined meanwhile only that (cached, cheap) read is repeated.
    const head = this.head;
    let [account] = await Promise.all([
      this.account(address, senderKey),
      this.deps.executor.validateTx(tx, head, { allowFutureNonce: true }),
    ]);
    for (let attempt = 0; account.head !== this.head && attempt < MAX_HEAD_RETRIES; attempt++) {
      account = await this.account(address, senderKey);
    }
    const fresh = account.head === this.head;
    this.insert(tx, key, address, senderKey, account.info, fresh, feeCap, tipCap);
    if (!fresh) void this.refreshSender(address, senderKey);
    return hash;
  }

  /** Re-reads one sender's account at the current head and applies it (after a stale insert). */
  private async refreshSender(address: Address, senderKey: string): Promise<void> {
    try {
      const account = await this.account(address, senderKey);
      const sender = this.senders.get(senderKey);
      if (account.head === this.head && sender !== undefined) {
        const before = this.pendingTotal;
        this.applyAccount(sender, account.info);
        if (this.pendingTotal > before) this.events.emit('executable');
      }
    } catch (err) {
      this.logger.warn('account read failed', { sender: senderKey }, err);
    }
  }

  /** The synchronous half of `add`: pool rules and insertion, with no await in between. */
  private insert(
    tx: TypedTransaction,
    key: string,
    address: Address,
    senderKey: string,
    account: AccountInfo,
    fresh: boolean,
    feeCap: bigint,
    tipCap: bigint,
  ): void {
    if (this.byHash.has(key))
      throw new TxPoolError({ code: TxPoolErrorCode.ALREADY_KNOWN, hash: key }, 'already known');
    let sender = this.senders.get(senderKey);
    if (sender !== undefined && fresh && sender.stateHead !== this.headKey) {
      this.applyAccount(sender, account);
      // Applying may have emptied (and so forgotten) the sender.
      if (this.senders.get(senderKey) !== sender) sender = undefined;
    }
    if (sender === undefined) {
      sender = {
        address,
        key: senderKey,
        nonce: account.nonce,
        balance: account.balance,
        stateHead: fresh ? this.headKey : '',
        txs: new Map(),
        pendingEnd: account.nonce,
        pendingCount: 0,
        totalCost: 0n,
      };
    }
    const nonce = tx.nonce;
    if (nonce < sender.nonce) {
      throw new TxPoolError(
        { code: TxPoolErrorCode.NONCE_TOO_LOW, hash: key, sender: senderKey, stateNonce: sender.nonce, txNonce: nonce },
        `nonce too low: address ${senderKey}, tx: ${nonce} state: ${sender.nonce}`,
      );
    }
    const cost = txCost(tx, feeCap);
    const existing = sender.txs.get(nonce);
    if (existing !== undefined) {
      const bump = BigInt(100 + this.opts.priceBump);
      const underpriced =
        feeCap <= existing.feeCap ||
        tipCap <= existing.tipCap ||
        feeCap * 100n < existing.feeCap * bump ||
        tipCap * 100n < existing.tipCap * bump;
      if (underpriced) {
        throw new TxPoolError(
          { code: TxPoolErrorCode.REPLACEMENT_UNDERPRICED, hash: key, existing: existing.key },
          'replacement transaction underpriced',
        );
      }
    } else if (sender.txs.size >= this.opts.maxPerSender) {
      throw new TxPoolError(
        { code: TxPoolErrorCode.ACCOUNT_LIMIT, hash: key, sender: senderKey, limit: this.opts.maxPerSender },
        'account limit exceeded',
      );
    }
    const need = sender.totalCost - (existing?.cost ?? 0n) + cost;
    if (need > sender.balance) {
      throw new TxPoolError(
        { code: TxPoolErrorCode.INSUFFICIENT_FUNDS, hash: key, sender: senderKey, balance: sender.balance, need },
        `insufficient funds for gas * price + value: balance ${sender.balance}, queued cost ${sender.totalCost - (existing?.cost ?? 0n)}, tx cost ${cost}, overshot ${need - sender.balance}`,
      );
    }
    const pt: PoolTx = {
      tx,
      key,
      sender,
      nonce,
      cost,
      feeCap,
      tipCap,
      seq: this.seq++,
      price: effectiveTip(feeCap, tipCap, this.baseFee),
      heapIndex: -1,
    };
    if (existing === undefined) {
      if (nonce > sender.pendingEnd && this.queuedTotal >= this.opts.maxQueued) {
        throw new TxPoolError({ code: TxPoolErrorCode.POOL_FULL, hash: key }, 'txpool is full');
      }
      if (this.byHash.size >= this.opts.maxTxs) this.makeRoom(pt);
    }
    // Committed from here on: no throws below.
    // (Evicting the sender's own last transaction may have dropped its record: put it back.)
    if (this.senders.get(senderKey) !== sender) this.senders.set(senderKey, sender);
    this.byHash.set(key, pt);
    this.evictHeap.push(pt);
    sender.totalCost += cost;
    if (existing !== undefined) {
      sender.totalCost -= existing.cost;
      this.byHash.delete(existing.key);
      this.evictHeap.removeAt(existing.heapIndex);
      sender.txs.set(nonce, pt);
      this.events.emit('txDropped', existing.tx, TxDropReason.REPLACED);
      this.events.emit('txAdded', tx);
      if (nonce < sender.pendingEnd) this.events.emit('executable');
      return;
    }
    sender.txs.set(nonce, pt);
    const before = sender.pendingCount;
    if (nonce === sender.pendingEnd) this.extendPending(sender);
    this.updateCounts(sender, before, 1);
    if (this.logger.isDebugEnabled()) {
      this.logger.debug('tx added', { hash: key, sender: senderKey, nonce, pending: nonce < sender.pendingEnd });
    }
    this.events.emit('txAdded', tx);
    if (sender.pendingCount > before) this.events.emit('executable');
  }

  /** Evicts the cheapest transaction if `incoming` pays strictly more, else throws "txpool is full". */
  private makeRoom(incoming: PoolTx): void {
    if (this.evictDirty) this.rekeyEviction();
    const victim = this.evictHeap.peek();
    if (victim === undefined || victim.price >= incoming.price) {
      throw new TxPoolError({ code: TxPoolErrorCode.POOL_FULL, hash: incoming.key }, 'txpool is full');
    }
    this.removeTx(victim, TxDropReason.EVICTED);
  }

  private rekeyEviction(): void {
    const all = [...this.evictHeap.values()];
    for (const pt of all) pt.price = effectiveTip(pt.feeCap, pt.tipCap, this.baseFee);
    this.evictHeap.reset(all);
    this.evictDirty = false;
  }

  /** Walks `pendingEnd` forward over contiguous nonces. */
  private extendPending(sender: SenderTxs): void {
    let end = sender.pendingEnd;
    while (sender.txs.has(end)) end++;
    sender.pendingEnd = end;
    sender.pendingCount = Number(end - sender.nonce);
  }

  /** Applies a change of `sender`'s pending count (from `pendingBefore`) and of its size (by `sizeDelta`). */
  private updateCounts(sender: SenderTxs, pendingBefore: number, sizeDelta: number): void {
    const pendingDelta = sender.pendingCount - pendingBefore;
    this.pendingTotal += pendingDelta;
    this.queuedTotal += sizeDelta - pendingDelta;
  }

  /** Removes one pooled transaction; emits `txDropped` unless `reason` is undefined (mined). */
  private removeTx(pt: PoolTx, reason: string | undefined): void {
    const sender = pt.sender;
    this.byHash.delete(pt.key);
    if (pt.heapIndex >= 0) this.evictHeap.removeAt(pt.heapIndex);
    sender.txs.delete(pt.nonce);
    sender.totalCost -= pt.cost;
    const before = sender.pendingCount;
    if (pt.nonce < sender.pendingEnd) {
      sender.pendingEnd = pt.nonce;
      sender.pendingCount = Number(pt.nonce - sender.nonce);
    }
    this.updateCounts(sender, before, -1);
    if (sender.txs.size === 0) this.senders.delete(sender.key);
    if (reason !== undefined) {
      if (this.logger.isDebugEnabled()) this.logger.debug('tx dropped', { hash: pt.key, reason });
      this.events.emit('txDropped', pt.tx, reason);
    }
  }

  /**
   * Raises `sender`'s account nonce to `nonce`: transactions below it leave the pool (silently
   * when their hash is in `mined`, else as "nonce too low"), and pending is recomputed.
   */
  private raiseNonce(sender: SenderTxs, nonce: bigint, mined?: Set<string>): void {
    if (nonce <= sender.nonce) return;
    const stale: PoolTx[] = [];
    if (nonce - sender.nonce <= BigInt(sender.txs.size)) {
      for (let n = sender.nonce; n < nonce; n++) {
        const pt = sender.txs.get(n);
        if (pt !== undefined) stale.push(pt);
      }
    } else {
      for (const pt of sender.txs.values()) if (pt.nonce < nonce) stale.push(pt);
    }
    for (const pt of stale) this.removeTx(pt, mined?.has(pt.key) === true ? undefined : TxDropReason.NONCE_TOO_LOW);
    const before = sender.pendingCount;
    sender.nonce = nonce;
    if (sender.pendingEnd < nonce) sender.pendingEnd = nonce;
    sender.pendingCount = Number(sender.pendingEnd - nonce);
    this.extendPending(sender);
    this.updateCounts(sender, before, 0);
  }

  /** Brings `sender` to an account read at the current head; drops what it can no longer pay. */
  private applyAccount(sender: SenderTxs, account: AccountInfo): void {
    this.raiseNonce(sender, account.nonce);
    sender.balance = account.balance;
    sender.stateHead = this.headKey;
    if (sender.totalCost <= account.balance) return;
    const unaffordable: PoolTx[] = [];
    for (const pt of sender.txs.values()) if (pt.cost > account.balance) unaffordable.push(pt);
    for (const pt of unaffordable) this.removeTx(pt, TxDropReason.INSUFFICIENT_FUNDS);
  }

  /** The sender's account at the current head, read once per head and sender. */
  private account(address: Address, senderKey: string): Promise<{ head: Block; info: AccountInfo }> {
    let p = this.accounts.get(senderKey);
    if (p === undefined) {
      const head = this.head;
      const accounts = this.accounts;
      p = this.deps.getAccount(address, head).then((info) => ({ head, info }));
      accounts.set(senderKey, p);
      // A failed read must not stick.
      p.catch(() => {
        if (accounts.get(senderKey) === p) accounts.delete(senderKey);
      });
    }
    return p;
  }

  async onNewHead(block: Block): Promise<void> {
    const generation = ++this.generation;
    this.head = block;
    this.headKey = bytesToHex(block.hash());
    this.baseFee = nextBaseFee(block);
    this.evictDirty = true;
    this.accounts = new Map();
    const pendingBefore = this.pendingTotal;
    // At once: mined transactions leave, their senders' nonces advance.
    if (block.transactions.length > 0 && this.byHash.size > 0) {
      const mined = new Set<string>();
      const advance = new Map<SenderTxs, bigint>();
      for (const tx of block.transactions) {
        const key = bytesToHex(tx.hash());
        const pt = this.byHash.get(key);
        if (pt === undefined) continue;
        mined.add(key);
        const next = pt.nonce + 1n;
        if ((advance.get(pt.sender) ?? -1n) < next) advance.set(pt.sender, next);
      }
      for (const [sender, nonce] of advance) {
        if (this.senders.get(sender.key) !== sender) continue;
        this.raiseNonce(sender, nonce, mined);
        sender.stateHead = '';
      }
    }
    if (this.pendingTotal > pendingBefore) this.events.emit('executable');
    await this.revalidate(generation);
  }

  /** Re-reads every sender's account at the head and applies it (unless a newer head arrived). */
  private async revalidate(generation: number): Promise<void> {
    const senders = [...this.senders.values()];
    if (senders.length === 0) return;
    const pendingBefore = this.pendingTotal;
    await Promise.all(
      senders.map(async (sender) => {
        let account: { head: Block; info: AccountInfo };
        try {
          account = await this.account(sender.address, sender.key);
        } catch (err) {
          this.logger.warn('account read failed during re-validation', { sender: sender.key }, err);
          return;
        }
        if (generation !== this.generation || account.head !== this.head) return;
        if (this.senders.get(sender.key) !== sender) return;
        this.applyAccount(sender, account.info);
      }),
    );
    if (generation === this.generation && this.pendingTotal > pendingBefore) this.events.emit('executable');
  }

  async onReorg(event: { dropped: Block[]; added: Block[]; newHead?: Block }): Promise<void> {
    // `reorg` comes before `newHead`: move to the new tip first, so the re-added transactions are
    // checked against the branch they will be mined on.
    if (event.newHead !== undefined && event.newHead !== this.head) await this.onNewHead(event.newHead);
    const kept = new Set<string>();
    for (const block of event.added) for (const tx of block.transactions) kept.add(bytesToHex(tx.hash()));
    for (const block of event.dropped) {
      for (const tx of block.transactions) {
        if (kept.has(bytesToHex(tx.hash()))) continue;
        try {
          await this.add(tx, { local: true });
        } catch {
          // No longer valid on the new branch: nothing to re-add.
        }
      }
    }
  }

  getByHash(hash: Uint8Array): TypedTransaction | undefined {
    return this.byHash.get(bytesToHex(hash))?.tx;
  }

  async pendingNonce(address: Address): Promise<bigint> {
    const senderKey = address.toString();
    const account = await this.account(address, senderKey);
    const sender = this.senders.get(senderKey);
    if (sender === undefined) return account.info.nonce;
    if (account.head === this.head && sender.stateHead !== this.headKey) this.applyAccount(sender, account.info);
    return sender.pendingEnd;
  }

  status(): TxPoolStatus {
    return { pending: this.pendingTotal, queued: this.queuedTotal };
  }

  content(): {
    pending: Map<string, Map<bigint, TypedTransaction>>;
    queued: Map<string, Map<bigint, TypedTransaction>>;
  } {
    const pending = new Map<string, Map<bigint, TypedTransaction>>();
    const queued = new Map<string, Map<bigint, TypedTransaction>>();
    for (const sender of this.senders.values()) {
      const nonces = [...sender.txs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const nonce of nonces) {
        const target = nonce < sender.pendingEnd ? pending : queued;
        let m = target.get(sender.key);
        if (m === undefined) {
          m = new Map();
          target.set(sender.key, m);
        }
        m.set(nonce, (sender.txs.get(nonce) as PoolTx).tx);
      }
    }
    return { pending, queued };
  }

  remove(hash: Uint8Array, reason: string): boolean {
    const pt = this.byHash.get(bytesToHex(hash));
    if (pt === undefined) return false;
    this.removeTx(pt, reason);
    return true;
  }

  clear(reason: string): void {
    const all = [...this.byHash.values()];
    this.byHash.clear();
    this.senders.clear();
    this.evictHeap.reset([]);
    this.pendingTotal = 0;
    this.queuedTotal = 0;
    for (const pt of all) this.events.emit('txDropped', pt.tx, reason);
  }

  pendingForBlock(baseFee: bigint | undefined, opts: { maxTxs?: number } = {}): TypedTransaction[] {
    const max = opts.maxTxs ?? Number.POSITIVE_INFINITY;
    const out: TypedTransaction[] = [];
    if (max <= 0 || this.pendingTotal === 0) return out;
    const heap = new Heap<BuildEntry>((a, b) => (a.tip !== b.tip ? a.tip > b.tip : a.pt.seq < b.pt.seq));
    const payable = (pt: PoolTx) => baseFee === undefined || pt.feeCap >= baseFee;
    const first: BuildEntry[] = [];
    for (const sender of this.senders.values()) {
      if (sender.pendingCount === 0) continue;
      const pt = sender.txs.get(sender.nonce) as PoolTx;
      if (payable(pt)) first.push({ pt, tip: effectiveTip(pt.feeCap, pt.tipCap, baseFee) });
    }
    heap.reset(first);
    while (out.length < max) {
      const top = heap.pop();
      if (top === undefined) break;
      out.push(top.pt.tx);
      const sender = top.pt.sender;
      const n = top.pt.nonce + 1n;
      if (n >= sender.pendingEnd) continue;
      const next = sender.txs.get(n) as PoolTx;
      if (payable(next)) heap.push({ pt: next, tip: effectiveTip(next.feeCap, next.tipCap, baseFee) });
    }
    return out;
  }
}

/** Builds a transaction pool over the head given by `deps.head()`. See {@link TxPool}. */
export function createTxPool(deps: TxPoolDeps, opts: TxPoolOpts = {}): TxPool {
  return new TxPoolImpl(deps, opts);
}

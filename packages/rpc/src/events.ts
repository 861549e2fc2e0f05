// Listens to the chain's events once (H2) and fans them out to installed filters and WebSocket
// subscriptions. Each event is formatted and stringified once, whatever the number of listeners.
import { randomBytes } from 'node:crypto';
import type { ChainApi, StoredLog } from '@basalt/chain';
import type { Logger } from '@basalt/common';
import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { bytesToHex, equalsBytes } from '@ethereumjs/util';
import { GETH_MESSAGES, LimitExceededError, ServerError } from './errors.ts';
import { formatHeader, formatLog, formatTransaction } from './format.ts';
import { inLiveRange, type LogCriteria, matchesLog } from './logFilter.ts';
import type { RpcConnection } from './types.ts';

/** geth's random 16-byte hex ids for filters and subscriptions. */
export function newId(): string {
  return `0x${randomBytes(16).toString('hex')}`;
}

export type FilterKind = 'block' | 'pendingTx' | 'logs';

interface Filter {
  kind: FilterKind;
  criteria?: LogCriteria;
  /** Block hashes, tx hashes (hex) or formatted logs since the last poll. */
  changes: unknown[];
  lastUsed: number;
}

export type SubscriptionKind = 'newHeads' | 'logs' | 'newPendingTransactions';

interface Subscription {
  id: string;
  kind: SubscriptionKind;
  conn: RpcConnection;
  criteria?: LogCriteria;
  fullTx?: boolean;
}

export interface EventHubOpts {
  maxFilters: number;
  filterTimeoutMs: number;
  maxFilterChanges: number;
  maxSubscriptionsPerConnection: number;
  sweepIntervalMs: number;
}

export class EventHub {
  private readonly filters = new Map<string, Filter>();
  private readonly subs = new Map<string, Subscription>();
  private readonly perConn = new Map<RpcConnection, Set<string>>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private attached = false;

  private readonly onNewHead = (block: Block) => this.handleNewHead(block);
  private readonly onLogs = (logs: StoredLog[]) => this.handleLogs(logs);
  private readonly onTxAdded = (tx: TypedTransaction) => this.handleTx(tx);
  /** A reorg's new canonical blocks below the new tip (the tip follows as `newHead`), as geth reports them. */
  private readonly onReorg = (event: { added: Block[]; newHead: Block }) => {
    const tip = event.newHead.hash();
    for (const b of event.added) if (!equalsBytes(b.hash(), tip)) this.handleNewHead(b);
  };

  constructor(
    private readonly chain: ChainApi,
    private readonly opts: EventHubOpts,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.attached) return;
    this.attached = true;
    this.chain.events.on('newHead', this.onNewHead);
    this.chain.events.on('logs', this.onLogs);
    this.chain.events.on('txAdded', this.onTxAdded);
    this.chain.events.on('reorg', this.onReorg);
    this.sweepTimer = setInterval(() => this.sweep(Date.now()), this.opts.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  stop(): void {
    if (!this.attached) return;
    this.attached = false;
    this.chain.events.off('newHead', this.onNewHead);
    this.chain.events.off('logs', this.onLogs);
    this.chain.events.off('txAdded', this.onTxAdded);
    this.chain.events.off('reorg', this.onReorg);
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    this.filters.clear();
    this.subs.clear();
    this.perConn.clear();
  }

  // ------------------------------------------------------------------------------------------
  // Filters (eth_new*Filter / eth_getFilterChanges / eth_uninstallFilter)

  installFilter(kind: FilterKind, criteria?: LogCriteria): string {
    if (this.filters.size >= this.opts.maxFilters) {
      this.sweep(Date.now());
      if (this.filters.size >= this.opts.maxFilters)
        throw new LimitExceededError(`too many filters (limit ${this.opts.maxFilters})`);
    }
    const id = newId();
    const f: Filter = { kind, changes: [], lastUsed: Date.now() };
    if (criteria !== undefined) f.criteria = criteria;
    this.filters.set(id, f);
    return id;
  }

  /** The filter (touching it), or throws "filter not found". */
  getFilter(id: string): { kind: FilterKind; criteria?: LogCriteria } {
    const f = this.filters.get(id.toLowerCase());
    if (f === undefined) throw new ServerError(GETH_MESSAGES.filterNotFound);
    f.lastUsed = Date.now();
    return f;
  }

  /** Changes since the last poll, emptied. */
  takeChanges(id: string): unknown[] {
    const f = this.filters.get(id.toLowerCase());
    if (f === undefined) throw new ServerError(GETH_MESSAGES.filterNotFound);
    f.lastUsed = Date.now();
    const out = f.changes;
    f.changes = [];
    return out;
  }

  uninstallFilter(id: string): boolean {
    return this.filters.delete(id.toLowerCase());
  }

  filterCount(): number {
    return this.filters.size;
  }

  /** Drops filters unused for `filterTimeoutMs` (geth's 5-minute deadline). */
  sweep(now: number): void {
    for (const [id, f] of this.filters) if (now - f.lastUsed > this.opts.filterTimeoutMs) this.filters.delete(id);
  }

  private push(f: Filter, item: unknown): void {
    f.changes.push(item);
    if (f.changes.length > this.opts.maxFilterChanges)
      f.changes.splice(0, f.changes.length - this.opts.maxFilterChanges);
  }

  // ------------------------------------------------------------------------------------------
  // Subscriptions (eth_subscribe / eth_unsubscribe over WebSocket)

  subscribe(
    conn: RpcConnection,
    kind: SubscriptionKind,
    opts: { criteria?: LogCriteria; fullTx?: boolean } = {},
  ): string {
    let ids = this.perConn.get(conn);
    if (ids === undefined) {
      ids = new Set();
      this.perConn.set(conn, ids);
      conn.onClose(() => this.dropConnection(conn));
    }
    if (ids.size >= this.opts.maxSubscriptionsPerConnection) {
      throw new LimitExceededError(
        `too many subscriptions on this connection (limit ${this.opts.maxSubscriptionsPerConnection})`,
      );
    }
    const id = newId();
    const sub: Subscription = { id, kind, conn };
    if (opts.criteria !== undefined) sub.criteria = opts.criteria;
    if (opts.fullTx !== undefined) sub.fullTx = opts.fullTx;
    this.subs.set(id, sub);
    ids.add(id);
    return id;
  }

  unsubscribe(conn: RpcConnection, id: string): boolean {
    const key = id.toLowerCase();
    const sub = this.subs.get(key);
    if (sub === undefined || sub.conn !== conn) throw new ServerError(GETH_MESSAGES.subscriptionNotFound);
    this.subs.delete(key);
    this.perConn.get(conn)?.delete(key);
    return true;
  }

  subscriptionCount(conn?: RpcConnection): number {
    return conn === undefined ? this.subs.size : (this.perConn.get(conn)?.size ?? 0);
  }

  private dropConnection(conn: RpcConnection): void {
    const ids = this.perConn.get(conn);
    if (ids === undefined) return;
    for (const id of ids) this.subs.delete(id);
    this.perConn.delete(conn);
  }

  private notify(sub: Subscription, resultJson: string): void {
    const ok = sub.conn.send(
      `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"${sub.id}","result":${resultJson}}}`,
    );
    if (!ok) this.dropConnection(sub.conn);
  }

  // ------------------------------------------------------------------------------------------
  // Chain events

  private handleNewHead(block: Block): void {
    try {
      const hash = bytesToHex(block.hash());
      for (const f of this.filters.values()) if (f.kind === 'block') this.push(f, hash);
      let json: string | undefined;
      for (const sub of this.subs.values()) {
        if (sub.kind !== 'newHeads') continue;
        json ??= JSON.stringify(formatHeader(block.header));
        this.notify(sub, json);
      }
    } catch (err) {
      this.logger.error('newHead fan-out failed', {}, err);
    }
  }

  private handleLogs(logs: StoredLog[]): void {
    try {
      if (logs.length === 0) return;
      const formatted: (Record<string, unknown> | undefined)[] = new Array(logs.length);
      const json: (string | undefined)[] = new Array(logs.length);
      const fmt = (i: number) => (formatted[i] ??= formatLog(logs[i]!));
      for (const f of this.filters.values()) {
        if (f.kind !== 'logs') continue;
        for (let i = 0; i < logs.length; i++) {
          const log = logs[i]!;
          if (inLiveRange(f.criteria!, log) && matchesLog(f.criteria!, log)) this.push(f, fmt(i));
        }
      }
      for (const sub of this.subs.values()) {
        if (sub.kind !== 'logs') continue;
        for (let i = 0; i < logs.length; i++) {
          const log = logs[i]!;
          if (!matchesLog(sub.criteria!, log)) continue;
          json[i] ??= JSON.stringify(fmt(i));
          this.notify(sub, json[i]!);
        }
      }
    } catch (err) {
      this.logger.error('logs fan-out failed', {}, err);
    }
  }

  private handleTx(tx: TypedTransaction): void {
    try {
      let hash: string | undefined;
      for (const f of this.filters.values()) {
        if (f.kind !== 'pendingTx') continue;
        hash ??= bytesToHex(tx.hash());
        this.push(f, hash);
      }
      let hashJson: string | undefined;
      let fullJson: string | undefined;
      for (const sub of this.subs.values()) {
        if (sub.kind !== 'newPendingTransactions') continue;
        if (sub.fullTx === true) {
          fullJson ??= JSON.stringify(formatTransaction(tx));
          this.notify(sub, fullJson);
        } else {
          hashJson ??= `"${bytesToHex(tx.hash())}"`;
          this.notify(sub, hashJson);
        }
      }
    } catch (err) {
      this.logger.error('txAdded fan-out failed', {}, err);
    }
  }
}

// The libp2p host (H16: Startable): TCP + Noise + Yamux, identify, ping, gossipsub, the status
// handshake, block request-response and sync. It listens to chain's events and calls chain's
// import; chain knows nothing of it.
import './compat.ts';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { type GossipSub, gossipsub, type Message, TopicValidatorResult } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import { mdns } from '@libp2p/mdns';
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr';
import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { bytesToHex, equalsBytes } from '@ethereumjs/util';
import { createLibp2p, type Libp2p } from 'libp2p';
import { type Logger, silentLogger } from '@basalt/common';
import {
  blocksByHashProtocol,
  blocksByRangeProtocol,
  gossipTopics,
  MAX_STATUS_BYTES,
  STATUS_PROTOCOL,
} from './constants.ts';
import { P2PError, P2PErrorCode } from './errors.ts';
import { GossipAction, validateGossipBlock, validateGossipTx } from './gossip.ts';
import { LruSet } from './lruSet.ts';
import { defaultP2POpts, type P2PDefaults } from './options.ts';
import { loadOrCreatePeerKey } from './peerKey.ts';
import { PeerBook } from './peers.ts';
import { BlockFetcher, createReqRespHandlers } from './reqresp.ts';
import { Syncer } from './sync.ts';
import { TxPusher, txsProtocol } from './txPush.ts';
import {
  type NodeInfo,
  PeerAction,
  type P2PDeps,
  type P2PEvents,
  type P2PNode,
  type P2POpts,
  type PeerInfo,
  type PeerStatus,
  type SyncProgress,
} from './types.ts';
import { decodeStatus, encodeStatus, framed, readMessage } from './wire.ts';

type Services = { identify: ReturnType<ReturnType<typeof identify>>; ping: unknown; pubsub: GossipSub };

const hex = bytesToHex;

/** Gossip messages are unsigned (StrictNoSign) and identified by the sha256 of their data. */
export const gossipMessageId = (msg: Message): Uint8Array => createHash('sha256').update(msg.data).digest();

function listenAddr(host: string, port: number): string {
  return host.includes(':') ? `/ip6/${host}/tcp/${port}` : `/ip4/${host}/tcp/${port}`;
}

function parseAddr(field: string, value: string): Multiaddr {
  try {
    return multiaddr(value);
  } catch (cause) {
    throw new P2PError(
      { code: P2PErrorCode.INVALID_CONFIG, field, reason: `not a multiaddr: ${value}` },
      `${field}: not a multiaddr: ${value}`,
      { cause },
    );
  }
}

/**
 * Builds the p2p host over `deps.chain` (nothing listens until `start()`). The peer key is read
 * from (or written to) `opts.dataDir`, so the peer id is stable across restarts.
 */
export async function createP2PNode(deps: P2PDeps, opts: P2POpts = {}): Promise<P2PNode> {
  const o: P2PDefaults = {
    ...defaultP2POpts,
    ...(Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<P2PDefaults>),
  };
  const statics = new Map<string, Multiaddr>();
  for (const b of o.bootnodes) statics.set(b, parseAddr('bootnodes', b));
  const privateKey = await loadOrCreatePeerKey(opts.dataDir);
  return new P2PNodeImpl(deps, o, privateKey, statics);
}

class P2PNodeImpl implements P2PNode {
  readonly events = new EventEmitter<P2PEvents>();
  private readonly chain: P2PDeps['chain'];
  private readonly recoverSenders: P2PDeps['recoverSenders'];
  private readonly engine: P2PDeps['engine'];
  private readonly logger: Logger;
  private readonly peerBook: PeerBook;
  private readonly topics: { blocks: string; txs: string };
  private readonly protocols: { range: string; hash: string };
  private libp2p: Libp2p<Services> | undefined;
  private syncer: Syncer | undefined;
  private pusher: TxPusher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  /** Blocks that came from the network (gossip or sync): not gossiped again from newHead. */
  private readonly networkBlocks = new LruSet(8192);
  /** Transactions that came by gossip: gossipsub forwards them; txAdded must not publish them again. */
  private readonly gossipTxs = new LruSet(16384);
  private readonly agents = new Map<string, string>();
  private readonly dialing = new Set<string>();
  /** Gossiped blocks are validated one at a time, so a child waits for its parent's import. */
  private blockQueue: Promise<unknown> = Promise.resolve();
  private readonly ownId: string;

  constructor(
    deps: P2PDeps,
    private readonly o: P2PDefaults,
    private readonly privateKey: Awaited<ReturnType<typeof loadOrCreatePeerKey>>,
    private readonly statics: Map<string, Multiaddr>,
  ) {
    this.chain = deps.chain;
    this.engine = deps.engine;
    this.recoverSenders = deps.recoverSenders;
    this.logger = (deps.logger ?? silentLogger).child({ module: 'p2p' });
    this.peerBook = new PeerBook(this.events, this.logger, o, (peerId, reason) => this.drop(peerId, reason));
    this.topics = gossipTopics(this.chain.chainId, this.chain.genesis.hash());
    this.protocols = {
      range: blocksByRangeProtocol(this.chain.chainId),
      hash: blocksByHashProtocol(this.chain.chainId),
    };
    this.ownId = peerIdFromPrivateKeyString(privateKey);
  }

  // ---- lifecycle ----

  isStarted(): boolean {
    return this.started;
  }

  async start(): Promise<void> {
    if (this.started) return;
    const o = this.o;
    const libp2p = await createLibp2p<Services>({
      privateKey: this.privateKey,
      start: false,
      addresses: { listen: [listenAddr(o.host, o.port)] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { maxConnections: o.maxConnections },
      connectionGater: {
        denyDialPeer: (peerId: PeerId) => this.peerBook.isBanned(peerId.toString()),
        denyInboundEncryptedConnection: (peerId: PeerId) => this.peerBook.isBanned(peerId.toString()),
      },
      peerDiscovery: o.mdns ? [mdns()] : [],
      services: {
        identify: identify(),
        ping: ping(),
        pubsub: gossipsub({
          globalSignaturePolicy: 'StrictNoSign',
          msgIdFn: gossipMessageId,
          allowPublishToZeroTopicPeers: true,
          ignoreDuplicatePublishError: true,
          emitSelf: false,
        }),
      },
    });
    this.libp2p = libp2p;

    const limits = {
      maxBlocksPerRequest: o.maxBlocksPerRequest,
      maxResponseBytes: o.maxResponseBytes,
      requestTimeoutMs: o.requestTimeoutMs,
    };
    const onGarbage = (peerId: string, protocol: string, err: unknown) =>
      this.peerBook.penalise(peerId, PeerAction.LOW_TOLERANCE, `garbage on ${protocol}: ${(err as Error).message}`);
    const handlers = createReqRespHandlers(this.chain, limits, this.logger, onGarbage);
    await libp2p.handle(STATUS_PROTOCOL, (stream, connection) => this.answerStatus(stream, connection));
    await libp2p.handle(this.protocols.range, handlers.blocksByRange);
    await libp2p.handle(this.protocols.hash, handlers.blocksByHash);

    const pusher = new TxPusher(
      txsProtocol(this.chain.chainId),
      (peerId, protocol, signal) => libp2p.dialProtocol(peerIdFromString(peerId), protocol, { signal }),
      o.requestTimeoutMs,
      this.logger,
      async (peerId, raw) => {
        const outcome = await validateGossipTx(raw, this.chain, (tx) => this.gossipTxs.add(hex(tx.hash())));
        if (outcome.tx !== undefined) pusher.markKnown(peerId, outcome.tx.hash());
        return outcome.action !== GossipAction.REJECT;
      },
      (peerId, reason) => this.peerBook.penalise(peerId, PeerAction.LOW_TOLERANCE, reason),
    );
    this.pusher = pusher;
    await libp2p.handle(txsProtocol(this.chain.chainId), (stream, connection) => pusher.handle(stream, connection));

    const fetcher = new BlockFetcher(
      (peerId, protocol, signal) => libp2p.dialProtocol(peerIdFromString(peerId), protocol, { signal }),
      this.protocols,
      this.chain,
      limits,
    );
    this.syncer = new Syncer(
      this.chain,
      this.peerBook,
      fetcher,
      this.events,
      this.logger,
      { batchSize: Math.min(o.syncBatchSize, o.maxBlocksPerRequest), threshold: o.syncThreshold },
      (hash) => this.networkBlocks.add(hex(hash)),
      this.recoverSenders,
    );

    libp2p.addEventListener('peer:connect', (evt) => this.onConnect(evt.detail));
    libp2p.addEventListener('peer:disconnect', (evt) => this.onDisconnect(evt.detail));
    libp2p.addEventListener('peer:identify', (evt) => {
      if (evt.detail.agentVersion !== undefined) this.agents.set(evt.detail.peerId.toString(), evt.detail.agentVersion);
    });
    if (o.mdns) {
      libp2p.addEventListener('peer:discovery', (evt) => {
        libp2p.dial(evt.detail.id).catch((err) => this.logger.debug('mdns dial failed', { error: String(err) }));
      });
    }

    const pubsub = libp2p.services.pubsub;
    pubsub.topicValidators.set(this.topics.blocks, (peer, msg) => this.onGossipBlock(peer, msg));
    pubsub.topicValidators.set(this.topics.txs, (peer, msg) => this.onGossipTx(peer, msg));
    await libp2p.start();
    pubsub.subscribe(this.topics.blocks);
    pubsub.subscribe(this.topics.txs);

    this.chain.events.on('newHead', this.onNewHead);
    this.chain.events.on('txAdded', this.onTxAdded);
    this.started = true;
    this.timer = setInterval(() => this.maintain(), o.maintenanceIntervalMs);
    this.maintain();
    this.logger.info('p2p started', { peerId: this.ownId, listen: this.listenAddrs() });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.chain.events.off('newHead', this.onNewHead);
    this.chain.events.off('txAdded', this.onTxAdded);
    await this.syncer?.stop();
    await this.pusher?.stop();
    await this.blockQueue.catch(() => undefined);
    await this.libp2p?.stop();
    this.libp2p = undefined;
  }

  // ---- info ----

  peerId(): string {
    return this.ownId;
  }

  listenAddrs(): string[] {
    return this.libp2p?.getMultiaddrs().map((a) => a.toString()) ?? [];
  }

  isListening(): boolean {
    return this.started && this.listenAddrs().length > 0;
  }

  peerCount(): number {
    return this.connectedIds().filter((id) => this.peerBook.status(id) !== undefined).length;
  }

  peers(): PeerInfo[] {
    const seen = new Set<string>();
    const out: PeerInfo[] = [];
    const staticIds = new Set(
      [...this.statics.values()].map((a) => a.getComponents().find((c) => c.name === 'p2p')?.value),
    );
    for (const conn of this.libp2p?.getConnections() ?? []) {
      const id = conn.remotePeer.toString();
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({
        id,
        name: this.agents.get(id) ?? '',
        remoteAddress: conn.remoteAddr.toString(),
        inbound: conn.direction === 'inbound',
        status: this.peerBook.status(id),
        score: this.peerBook.score(id) ?? 0,
        static: staticIds.has(id),
      });
    }
    return out;
  }

  nodeInfo(): NodeInfo {
    const head = this.chain.head();
    return {
      id: this.ownId,
      listenAddrs: this.listenAddrs(),
      chainId: this.chain.chainId,
      genesisHash: this.chain.genesis.hash(),
      headNumber: head.header.number,
      headHash: head.hash(),
      td: this.lastTd,
      protocols: [
        STATUS_PROTOCOL,
        this.protocols.range,
        this.protocols.hash,
        txsProtocol(this.chain.chainId),
        this.topics.blocks,
        this.topics.txs,
      ],
    };
  }

  syncStatus(): SyncProgress | false {
    return this.syncer?.status() ?? false;
  }

  penalise(peerId: string, action: PeerAction, reason: string): void {
    this.peerBook.penalise(peerId, action, reason);
  }

  peerScore(peerId: string): number | undefined {
    return this.peerBook.score(peerId);
  }

  async addPeer(addr: string): Promise<boolean> {
    let ma: Multiaddr;
    try {
      ma = multiaddr(addr);
    } catch {
      return false;
    }
    this.statics.set(addr, ma);
    this.dial(addr, ma);
    return true;
  }

  async removePeer(addrOrId: string): Promise<boolean> {
    let peerId: string | undefined;
    let found = false;
    for (const [key, ma] of this.statics) {
      const id = ma.getComponents().find((c) => c.name === 'p2p')?.value;
      if (key === addrOrId || id === addrOrId) {
        this.statics.delete(key);
        peerId = id;
        found = true;
      }
    }
    if (peerId === undefined && this.connectedIds().includes(addrOrId)) peerId = addrOrId;
    if (peerId !== undefined && this.libp2p !== undefined) {
      found = true;
      await this.libp2p.hangUp(peerIdFromString(peerId)).catch(() => undefined);
    }
    return found;
  }

  // ---- peers ----

  private lastTd = 0n;

  private connectedIds(): string[] {
    return [...new Set((this.libp2p?.getConnections() ?? []).map((c) => c.remotePeer.toString()))];
  }

  private async ourStatus(): Promise<PeerStatus> {
    const head = this.chain.head();
    const td = (await this.chain.getTotalDifficulty(head.hash())) ?? 0n;
    this.lastTd = td;
    return {
      chainId: this.chain.chainId,
      genesisHash: this.chain.genesis.hash(),
      headNumber: head.header.number,
      headHash: head.hash(),
      td,
    };
  }

  private onConnect(peer: PeerId): void {
    this.exchangeStatus(peer.toString()).catch(() => undefined);
  }

  private onDisconnect(peer: PeerId): void {
    const id = peer.toString();
    if (this.peerBook.status(id) !== undefined) this.logger.info('peer disconnected', { peer: id });
    this.peerBook.clearStatus(id);
    this.pusher?.forget(id);
    this.events.emit('peerDisconnected', id);
  }

  private drop(peerId: string, reason: string): void {
    this.logger.warn('dropping peer', { peer: peerId, reason });
    this.events.emit('peerDropped', peerId, reason);
    this.peerBook.clearStatus(peerId);
    this.libp2p?.hangUp(peerIdFromString(peerId)).catch(() => undefined);
  }

  /** Opens a status stream, sends ours, reads theirs. */
  private async exchangeStatus(peerId: string): Promise<void> {
    const libp2p = this.libp2p;
    if (libp2p === undefined) return;
    const signal = AbortSignal.timeout(this.o.handshakeTimeoutMs);
    let stream: Stream;
    try {
      stream = await libp2p.dialProtocol(peerIdFromString(peerId), STATUS_PROTOCOL, { signal });
    } catch (err) {
      this.logger.debug('status stream failed', { peer: peerId, error: String(err) });
      return;
    }
    const lp = framed(stream, MAX_STATUS_BYTES);
    let theirs: PeerStatus;
    try {
      await lp.write(encodeStatus(await this.ourStatus()), { signal });
      theirs = decodeStatus(await readMessage(lp, { signal }));
      await stream.close({ signal });
    } catch (err) {
      stream.abort(err as Error);
      if (err instanceof P2PError) {
        this.peerBook.penalise(peerId, PeerAction.LOW_TOLERANCE, `garbage on status: ${err.message}`);
        this.drop(peerId, 'unusable status');
      } else {
        this.logger.debug('status exchange failed', { peer: peerId, error: String(err) });
      }
      return;
    }
    this.onStatus(peerId, theirs);
  }

  private async answerStatus(stream: Stream, connection: Connection): Promise<void> {
    const peerId = connection.remotePeer.toString();
    const signal = AbortSignal.timeout(this.o.handshakeTimeoutMs);
    const lp = framed(stream, MAX_STATUS_BYTES);
    let theirs: PeerStatus;
    try {
      theirs = decodeStatus(await readMessage(lp, { signal }));
      await lp.write(encodeStatus(await this.ourStatus()), { signal });
      await stream.close({ signal });
    } catch (err) {
      stream.abort(err as Error);
      if (err instanceof P2PError) {
        this.peerBook.penalise(peerId, PeerAction.LOW_TOLERANCE, `garbage on status: ${err.message}`);
        this.drop(peerId, 'unusable status');
      }
      return;
    }
    this.onStatus(peerId, theirs);
  }

  private onStatus(peerId: string, s: PeerStatus): void {
    if (s.chainId !== this.chain.chainId) {
      this.rejectChain(peerId, `chain id ${s.chainId}, ours is ${this.chain.chainId}`);
      return;
    }
    if (!equalsBytes(s.genesisHash, this.chain.genesis.hash())) {
      this.rejectChain(peerId, `genesis ${hex(s.genesisHash)}, ours is ${hex(this.chain.genesis.hash())}`);
      return;
    }
    if (!this.connectedIds().includes(peerId)) return;
    if (this.peerBook.status(peerId) === undefined) {
      // First status of this connection: count the peer once gossip can flow both ways.
      this.whenGossipReady(peerId)
        .then(() => this.acceptStatus(peerId, s))
        .catch(() => undefined);
      return;
    }
    this.acceptStatus(peerId, s);
  }

  /**
   * Resolves when gossipsub has its streams to and from the peer and knows its subscriptions: a
   * message published earlier could be lost (gossipsub drops what it cannot send), so the peer is
   * counted (peerCount, peerConnected) only from then on. Gives up after the handshake timeout.
   */
  private async whenGossipReady(peerId: string): Promise<void> {
    const pubsub = this.libp2p?.services.pubsub as
      | (GossipSub & { streamsOutbound?: Map<string, unknown>; streamsInbound?: Map<string, unknown> })
      | undefined;
    const deadline = Date.now() + this.o.handshakeTimeoutMs;
    while (pubsub !== undefined && this.started && Date.now() < deadline) {
      const streams = pubsub.streamsOutbound?.has(peerId) !== false && pubsub.streamsInbound?.has(peerId) !== false;
      const subscribed = pubsub.getSubscribers(this.topics.blocks).some((p) => p.toString() === peerId);
      if (streams && subscribed) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private acceptStatus(peerId: string, s: PeerStatus): void {
    if (!this.connectedIds().includes(peerId)) return;
    if (this.peerBook.setStatus(peerId, s)) {
      this.logger.info('peer connected', { peer: peerId, head: s.headNumber });
      const info = this.peers().find((p) => p.id === peerId);
      if (info !== undefined) this.events.emit('peerConnected', info);
      // A new peer gets our pending transactions.
      const pending = [...this.chain.txPool.content().pending.values()].flatMap((byNonce) => [...byNonce.values()]);
      if (pending.length > 0) this.pusher?.send([peerId], pending);
    }
    // Ahead by height, or heavier (Clique: a heavier branch may be shorter).
    if (s.headNumber >= this.chain.head().header.number + BigInt(this.o.syncThreshold) || s.td > this.lastTd) {
      this.syncer?.trigger();
    }
  }

  private rejectChain(peerId: string, reason: string): void {
    this.logger.warn('peer is on another chain', { peer: peerId, reason });
    this.peerBook.ban(peerId, `another chain: ${reason}`);
  }

  private dial(key: string, ma: Multiaddr): void {
    const libp2p = this.libp2p;
    if (libp2p === undefined || this.dialing.has(key)) return;
    const id = ma.getComponents().find((c) => c.name === 'p2p')?.value;
    if (id !== undefined && (id === this.ownId || this.peerBook.isBanned(id) || this.connectedIds().includes(id)))
      return;
    this.dialing.add(key);
    libp2p
      .dial(ma, { signal: AbortSignal.timeout(this.o.handshakeTimeoutMs) })
      .catch((err) => this.logger.debug('dial failed', { addr: key, error: String(err) }))
      .finally(() => this.dialing.delete(key));
  }

  /** Every tick: re-dial lost static peers, refresh peers' status (which starts sync when behind). */
  private maintain(): void {
    if (!this.started) return;
    for (const [key, ma] of this.statics) this.dial(key, ma);
    for (const id of this.connectedIds()) {
      if (this.peerBook.status(id) !== undefined) this.exchangeStatus(id).catch(() => undefined);
    }
  }

  // ---- gossip ----

  private readonly onNewHead = (block: Block): void => {
    if (this.networkBlocks.has(hex(block.hash()))) return;
    this.publish(this.topics.blocks, block.serialize(), 'block');
  };

  private readonly onTxAdded = (tx: TypedTransaction): void => {
    if (tx.type === 3) return; // blob transactions travel with their sidecar, which the pool does not keep
    const ready = this.connectedIds().filter((id) => this.peerBook.status(id) !== undefined);
    this.pusher?.send(ready, [tx]);
    if (this.gossipTxs.has(hex(tx.hash()))) return;
    this.publish(this.topics.txs, tx.serialize(), 'tx');
  };

  private publish(topic: string, data: Uint8Array, what: string): void {
    const pubsub = this.libp2p?.services.pubsub;
    if (pubsub === undefined) return;
    pubsub
      .publish(topic, data)
      .then((r) => {
        if (this.logger.isDebugEnabled()) this.logger.debug('published', { what, recipients: r.recipients.length });
      })
      .catch((err) => this.logger.debug('publish failed', { what, error: String(err) }));
  }

  private onGossipBlock(peer: PeerId, msg: Message): Promise<TopicValidatorResult> {
    const run = this.blockQueue.then(async () => {
      const from = peer.toString();
      const outcome = await validateGossipBlock(msg.data, this.chain, this.engine, (block) =>
        this.networkBlocks.add(hex(block.hash())),
      );
      if (outcome.penalty !== undefined) {
        this.peerBook.penalise(from, outcome.penalty, `gossip block: ${outcome.reason}`);
      }
      const b = outcome.block;
      if (b !== undefined && outcome.action !== GossipAction.REJECT) {
        this.peerBook.raiseHead(from, b.header.number, b.hash());
      }
      if (outcome.unknownParent === true) this.syncer?.trigger();
      if (outcome.action === GossipAction.ACCEPT && b !== undefined) {
        this.events.emit('gossipBlock', { number: b.header.number, hash: b.hash(), from, status: outcome.reason });
      }
      return toResult(outcome.action);
    });
    this.blockQueue = run.catch(() => undefined);
    return run;
  }

  private async onGossipTx(peer: PeerId, msg: Message): Promise<TopicValidatorResult> {
    const outcome = await validateGossipTx(msg.data, this.chain, (tx) => {
      this.gossipTxs.add(hex(tx.hash()));
      this.pusher?.markKnown(peer.toString(), tx.hash());
    });
    if (outcome.tx !== undefined) this.pusher?.markKnown(peer.toString(), outcome.tx.hash());
    if (outcome.penalty !== undefined)
      this.peerBook.penalise(peer.toString(), outcome.penalty, `gossip tx: ${outcome.reason}`);
    if (this.logger.isDebugEnabled()) {
      this.logger.debug('gossip tx', { from: peer.toString(), action: outcome.action, reason: outcome.reason });
    }
    return toResult(outcome.action);
  }
}

function toResult(action: GossipAction): TopicValidatorResult {
  switch (action) {
    case GossipAction.ACCEPT:
      return TopicValidatorResult.Accept;
    case GossipAction.IGNORE:
      return TopicValidatorResult.Ignore;
    case GossipAction.REJECT:
      return TopicValidatorResult.Reject;
  }
}

function peerIdFromPrivateKeyString(key: Awaited<ReturnType<typeof loadOrCreatePeerKey>>): string {
  return peerIdFromPrivateKey(key).toString();
}

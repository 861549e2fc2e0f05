// Public interfaces of @basalt/p2p: what apps/node passes in and what it gets back.
import type { EventEmitter } from 'node:events';
import type { Logger, Startable } from '@basalt/common';
import type { ChainApi, ConsensusEngine } from '@basalt/chain';
import type { TypedTransaction } from '@ethereumjs/tx';

/** What p2p needs of the chain: reads for answering peers, import for what they send, events to gossip. */
export type P2PChain = Pick<
  ChainApi,
  | 'chainId'
  | 'common'
  | 'genesis'
  | 'txPool'
  | 'events'
  | 'head'
  | 'getBlock'
  | 'getCanonicalHash'
  | 'getTotalDifficulty'
  | 'importBlock'
>;

/** Required collaborators of {@link createP2PNode}. */
export interface P2PDeps {
  chain: P2PChain;
  /**
   * Cheap checks run on a gossiped block before it is executed (`validateHeader`: a Clique engine
   * checks the seal here). Default: none beyond decoding; `chain.importBlock` runs every phase.
   */
  engine?: Pick<ConsensusEngine, 'validateHeader'>;
  /** Where p2p logs (module `p2p`). Default: silent. */
  logger?: Logger;
  /**
   * Recovers the senders of a block's transactions ahead of its import, into the transactions'
   * own caches (apps/node does it on a worker thread). Sync asks it for every block of a batch as
   * the batch arrives, and imports each block once its senders are in. Default: none (recovered
   * in-thread during the import).
   */
  recoverSenders?: (txs: readonly TypedTransaction[]) => Promise<void>;
}

/** Settings of {@link createP2PNode}. All optional; defaults in `defaultP2POpts`. */
export interface P2POpts {
  /** Directory of the peer key file (`p2p-key`); without it the node gets a new identity on each start. */
  dataDir?: string;
  /** Interface to listen on. Default `'127.0.0.1'`; use `'0.0.0.0'` to accept peers from other machines. */
  host?: string;
  /** TCP port; 0 picks a free one (see `listenAddrs()`). Default 0. */
  port?: number;
  /** Multiaddrs with `/p2p/<peer id>` dialled at start and re-dialled while disconnected. */
  bootnodes?: string[];
  /** Find peers on the local network with mDNS. Default false. */
  mdns?: boolean;
  /** Most open connections. Default 50. */
  maxConnections?: number;
  /** Most blocks asked for in one request while syncing (capped at MAX_BLOCKS_PER_REQUEST). Default 128. */
  syncBatchSize?: number;
  /** Most blocks one request may ask for; larger requests are cut to this. Default 256. */
  maxBlocksPerRequest?: number;
  /** Most bytes of blocks in one response. Default 16 MiB. */
  maxResponseBytes?: number;
  /** Time for a whole request (open, ask, read every block), in ms. Default 10 000. */
  requestTimeoutMs?: number;
  /** Time for the status handshake, in ms. Default 5 000. */
  handshakeTimeoutMs?: number;
  /** Interval of re-dialling bootnodes and added peers, and of re-reading peers' status, in ms. Default 2 000. */
  maintenanceIntervalMs?: number;
  /** How long a peer whose score fell below the ban threshold is refused, in ms. Default 60 000. */
  banMs?: number;
  /** Score at or below which a peer is disconnected and banned. Default -50. */
  banThreshold?: number;
  /** A sync run starts when a peer is this many blocks ahead (a smaller gap is left to gossip). Default 1. */
  syncThreshold?: number;
}

/** What a peer announced in the status handshake. */
export interface PeerStatus {
  chainId: bigint;
  genesisHash: Uint8Array;
  headNumber: bigint;
  headHash: Uint8Array;
  /** Total difficulty of the head. */
  td: bigint;
}

/** How bad a peer's misbehaviour is (Lodestar's PeerAction). */
export enum PeerAction {
  /** Proven malicious or of another chain: ban at once. */
  FATAL = 'FATAL',
  /** Clearly wrong (garbage, an invalid block): a few and the peer is banned. */
  LOW_TOLERANCE = 'LOW_TOLERANCE',
  /** Wrong but possibly honest (a response that does not fit). */
  MID_TOLERANCE = 'MID_TOLERANCE',
  /** Mostly harmless (a timeout, a useless message). */
  HIGH_TOLERANCE = 'HIGH_TOLERANCE',
}

/** One connected peer, as admin_peers reports it. */
export interface PeerInfo {
  /** The libp2p peer id (base58). */
  id: string;
  /** Agent version from identify, when known. */
  name: string;
  /** Remote multiaddr of the connection. */
  remoteAddress: string;
  inbound: boolean;
  /** Status from the handshake; undefined until it completed. */
  status: PeerStatus | undefined;
  /** Basalt's score of the peer (0 is neutral; at `banThreshold` it is banned). */
  score: number;
  /** The peer was added by bootnodes or admin_addPeer and is re-dialled when lost. */
  static: boolean;
}

/** admin_nodeInfo. */
export interface NodeInfo {
  id: string;
  /** Listening multiaddrs, each ending in `/p2p/<id>`. */
  listenAddrs: string[];
  chainId: bigint;
  genesisHash: Uint8Array;
  headNumber: bigint;
  headHash: Uint8Array;
  td: bigint;
  /** Protocols the host answers. */
  protocols: string[];
}

/** Sync progress, for eth_syncing and the terminal progress bar. */
export interface SyncProgress {
  /** Head number when this sync run started. */
  startingBlock: bigint;
  /** The current head number. */
  currentBlock: bigint;
  /** The highest head number a peer announced. */
  highestBlock: bigint;
  /** Imported blocks per second over the run. */
  blocksPerSecond: number;
  /** Imported gas per second over the run, in Mgas/s. */
  mgasPerSecond: number;
  /** Estimated seconds left; undefined before the first batch. */
  etaSeconds: number | undefined;
}

export interface P2PEvents {
  /** A peer completed the status handshake. */
  peerConnected: [peer: PeerInfo];
  /** A connection to a peer closed. */
  peerDisconnected: [peerId: string];
  /** A peer was penalised; `score` is its new score. */
  peerPenalised: [peerId: string, action: PeerAction, reason: string, score: number];
  /** A peer was disconnected on purpose (other chain, score too low). */
  peerDropped: [peerId: string, reason: string];
  /** A sync run made progress (after each imported batch). */
  syncProgress: [progress: SyncProgress];
  /** A sync run ended (caught up, or no peer could help). */
  syncDone: [progress: SyncProgress];
  /** A block came in by gossip and was imported (`status` is chain's import status). */
  gossipBlock: [info: { number: bigint; hash: Uint8Array; from: string; status: string }];
}

/** The running p2p host. */
export interface P2PNode extends Startable {
  readonly events: EventEmitter<P2PEvents>;
  /** The peer id (base58); stable across restarts when `dataDir` is set. */
  peerId(): string;
  /** Listening multiaddrs with `/p2p/<id>` (empty before start). */
  listenAddrs(): string[];
  /** net_listening. */
  isListening(): boolean;
  /** net_peerCount: peers that completed the handshake. */
  peerCount(): number;
  /** admin_peers. */
  peers(): PeerInfo[];
  /** admin_nodeInfo. */
  nodeInfo(): NodeInfo;
  /** admin_addPeer: remembers the multiaddr (re-dialled when lost) and dials it. False if it is not a dialable multiaddr. */
  addPeer(multiaddr: string): Promise<boolean>;
  /** admin_removePeer: forgets a static peer (by multiaddr or peer id) and hangs up. False if unknown. */
  removePeer(multiaddrOrId: string): Promise<boolean>;
  /** eth_syncing: false when no sync run is under way. */
  syncStatus(): SyncProgress | false;
  /** Lowers a peer's score (p2p does this itself; exposed for tests and operators). */
  penalise(peerId: string, action: PeerAction, reason: string): void;
  /** Basalt's score of a peer (undefined when never seen). */
  peerScore(peerId: string): number | undefined;
}

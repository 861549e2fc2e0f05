// Public interfaces of @basalt/rpc: what apps/node passes in, what it gets back, and how other
// modules (debug_, anvil_, admin_, clique_ ...) plug methods into the same server.
import type { Logger, Startable } from '@basalt/common';
import type { ChainApi, StateDump } from '@basalt/chain';
import type { Address } from '@ethereumjs/util';
import type { Decoder } from './validation.ts';

/**
 * What rpc needs to know about the peer-to-peer network (H3). apps/node passes the p2p host or a
 * small adapter; {@link NoopNetworkInfo} is the default for a node without networking.
 */
export interface NetworkInfo {
  /** `net_listening`: whether the node accepts peer connections. */
  isListening(): boolean;
  /** `net_peerCount`: connected peers. */
  peerCount(): number;
}

/**
 * What the `admin_` namespace needs of the network (geth's admin_nodeInfo, admin_peers,
 * admin_addPeer, admin_removePeer). apps/node adapts the p2p host; results are JSON-ready.
 */
export interface AdminNetwork {
  nodeInfo(): Record<string, unknown>;
  peers(): Record<string, unknown>[];
  /** Dials and remembers a peer (a multiaddr); false when the address is not usable. */
  addPeer(url: string): Promise<boolean>;
  /** Forgets and disconnects a peer (a multiaddr or peer id); false when unknown. */
  removePeer(url: string): Promise<boolean>;
}

/** `eth_syncing`'s answer: false when in sync, else the progress. */
export type SyncStatus = false | { startingBlock: bigint; currentBlock: bigint; highestBlock: bigint };

/** What rpc needs to know about block sync. The default ({@link NoopSyncInfo}) is always in sync. */
export interface SyncInfo {
  syncStatus(): SyncStatus;
}

/** A dev account whose key the node holds, for eth_sendTransaction / eth_sign / personal_sign / eth_signTypedData_v4. */
export interface DevAccount {
  /** 0x-prefixed 20-byte address (any case). */
  address: string;
  /** 0x-prefixed 32-byte private key. Never logged. */
  privateKey: string;
}

/** Which transport a request came in on, and for WebSocket the connection (for subscriptions). */
export interface RpcContext {
  /** The request's `id` (undefined for notifications). */
  readonly id: string | number | null | undefined;
  readonly transport: 'http' | 'ws';
  /** Present for WebSocket requests. */
  readonly connection?: RpcConnection;
}

/** A WebSocket client: subscriptions push notifications through it. */
export interface RpcConnection {
  readonly id: number;
  /** Sends one JSON-RPC notification `{jsonrpc, method, params}`; false when the socket is gone. */
  notify(method: string, params: unknown): boolean;
  /** Sends a ready JSON text; false when the socket is gone (or was cut off as a slow consumer). */
  send(text: string): boolean;
  /** Called once when the socket closes. */
  onClose(listener: () => void): void;
}

/**
 * One JSON-RPC method: a handler and the decoders of its positional params. Without `params`
 * the handler gets the raw params array. The handler's result must be JSON-ready (hex strings,
 * null, plain objects): the server stringifies it as is.
 */
export interface RpcMethod<P extends unknown[] = any[]> {
  params?: { readonly [K in keyof P]: Decoder<P[K]> };
  handler(params: P, ctx: RpcContext): unknown | Promise<unknown>;
}

/** A set of methods registered together (a namespace: `eth`, `debug`, `anvil`, ...). */
export interface RpcModule {
  /** Shown by `rpc_modules` (e.g. `'eth'`); methods need not share it. */
  readonly namespace: string;
  readonly methods: Readonly<Record<string, RpcMethod>>;
}

/**
 * What the devnet methods (`evm_`, `anvil_`, `hardhat_`; src/methods/dev.ts) need of a dev node
 * (H3): apps/node fills it from the miner and the chain's dev tools. Pass it as `deps.dev` only
 * for `basalt dev`; without it none of those methods exists.
 */
export interface DevControl {
  /** Mines `count` blocks (default 1) now; the first at `timestamp`, then `interval` seconds apart. Returns how many. */
  mine(opts: { count?: number; timestamp?: bigint; interval?: bigint }): Promise<number>;
  setAutomine(enabled: boolean): void;
  getAutomine(): boolean;
  /** A block every `seconds` (0: off). */
  setIntervalMining(seconds: number): void;
  getIntervalMining(): number;
  /** Moves the clock forward by `seconds`; returns the total offset from the wall clock, in seconds. */
  increaseTime(seconds: bigint): bigint;
  /** Sets the clock's "now" to `timestamp` (seconds). */
  setTime(timestamp: bigint): void;
  /** Fixes the next block's timestamp (must be after the head's). */
  setNextBlockTimestamp(timestamp: bigint): void;
  setBlockTimestampInterval(seconds: bigint): void;
  /** True if an interval was set. */
  removeBlockTimestampInterval(): boolean;
  setBlockGasLimit(gasLimit: bigint): void;
  setNextBlockBaseFee(baseFee: bigint): void;
  setCoinbase(address: Address): void;
  /** State setters: change the head's state without mining (reads at 'latest' and the next block see it). */
  setBalance(address: Address, balance: bigint): Promise<void>;
  setNonce(address: Address, nonce: bigint): Promise<void>;
  setCode(address: Address, code: Uint8Array): Promise<void>;
  setStorageAt(address: Address, slot: Uint8Array, value: Uint8Array): Promise<void>;
  impersonate(address: Address): void;
  stopImpersonating(address: Address): void;
  setAutoImpersonate(enabled: boolean): void;
  /** True when `address` may send eth_sendTransaction without a key. */
  isImpersonated(address: Address): boolean;
  /** Head, state, pool and time; the id is 1, 2, ... */
  snapshot(): Promise<bigint>;
  /** Back to a snapshot (used up with every later one); false for an unknown id. */
  revert(id: bigint): Promise<boolean>;
  snapshots(): { id: bigint; number: bigint; hash: Uint8Array }[];
  /** Back to genesis (blocks, pool, time, impersonations, snapshots); on a fork, to the fork block. */
  reset(): Promise<void>;
  /** The source and block this node forks (`--fork-url`), or undefined when it is not a fork. */
  fork?(): { url: string; blockNumber: bigint } | undefined;
  dumpState(): Promise<StateDump>;
  loadState(dump: StateDump): Promise<void>;
  setLoggingEnabled(enabled: boolean): void;
  /** hardhat_metadata's instanceId: the genesis hash, a random id after a reset. */
  instanceId(): Uint8Array;
  /** The active hardfork's name, as anvil_nodeInfo reports it. */
  hardfork(): string;
  /**
   * Resolves once instant mining has stored the block that takes what the pool holds now (at
   * once when it is off or idle). eth_sendRawTransaction and eth_sendTransaction await it before
   * returning the hash, so the receipt is available when the hash is (as with Hardhat's automine).
   */
  awaitInstantBlock?(): Promise<void>;
}

/** Required collaborators of {@link createRpcServer}. */
export interface RpcDeps {
  chain: ChainApi;
  /** Peers for net_*: default {@link NoopNetworkInfo} (0 peers, listening). */
  network?: NetworkInfo;
  /** Sync progress for eth_syncing: default {@link NoopSyncInfo} (false). */
  sync?: SyncInfo;
  /** Extra namespaces (debug_, anvil_, admin_, clique_ ...), registered after the built-in ones (they may override). */
  modules?: RpcModule[];
  /** The `admin_` namespace (nodeInfo, peers, addPeer, removePeer); absent without networking. */
  admin?: AdminNetwork;
  /** Where the server logs (module `rpc`). Default: silent. */
  logger?: Logger;
  /** A dev node's controls: registers the evm_/anvil_/hardhat_ methods (src/methods/dev.ts). Default: none. */
  dev?: DevControl;
}

/** Settings of {@link createRpcServer}. All optional; defaults in `defaultRpcServerOpts`. */
export interface RpcServerOpts {
  /** Interface to bind. Default `'127.0.0.1'`; anything else logs a warning (H14). */
  host?: string;
  /** TCP port; 0 picks a free one (see `address()`). Default 8545. */
  port?: number;
  /** CORS allowed origins: `'*'` (default, as Anvil), a list of origins, or `false` for no CORS headers. */
  corsOrigins?: '*' | string[] | false;
  /** Largest HTTP body and WebSocket message, in bytes. Default 5 MiB (geth's `--rpc` limit). */
  maxBodyBytes?: number;
  /** Most requests in one batch. Default 1000 (geth's `--rpc.batch-request-limit`). */
  maxBatchLength?: number;
  /** Most live subscriptions per WebSocket connection. Default 100. */
  maxSubscriptionsPerConnection?: number;
  /** Most installed filters (eth_new*Filter) in total. Default 1000. */
  maxFilters?: number;
  /** A filter not polled for this long is removed, in ms. Default 300 000 (5 min, as geth). */
  filterTimeoutMs?: number;
  /** Most changes a filter buffers between polls; older ones are dropped. Default 10 000. */
  maxFilterChanges?: number;
  /** Most blocks one eth_getLogs/eth_getFilterLogs may span. Default 10 000. */
  maxLogsBlockRange?: number;
  /** Most blocks eth_feeHistory may return. Default 1024 (geth). */
  maxFeeHistoryBlocks?: number;
  /** Most concurrent WebSocket connections. Default 1000. */
  maxConnections?: number;
  /** Dev accounts served by eth_accounts and used to sign. Default none. */
  accounts?: DevAccount[];
  /** eth_coinbase. Default: the first account, else the zero address. */
  coinbase?: string;
  /** web3_clientVersion. Default `Basalt/v<version>/<platform>-<arch>/nodejs<major>`. */
  clientVersion?: string;
  /** net_version. Default: the chain id in decimal. */
  networkId?: string;
  /** eth_maxPriorityFeePerGas and the tip in eth_gasPrice / filled transactions, in wei. Default 1 gwei. */
  priorityFee?: bigint;
  /** Accept legacy transactions without EIP-155 replay protection in eth_sendRawTransaction. Default true (devnet). */
  allowUnprotectedTxs?: boolean;
  /** A WebSocket whose send buffer passes this many bytes is closed (slow consumer). Default 16 MiB. */
  maxWsBufferedBytes?: number;
}

/** The running server. */
export interface RpcServer extends Startable {
  /** The bound address once started (with the real port when `port` was 0). */
  address(): { host: string; port: number } | undefined;
  /** Adds or replaces one method. Safe before or after start. */
  register<P extends unknown[]>(name: string, method: RpcMethod<P>): void;
  /** Adds every method of a module. */
  registerModule(module: RpcModule): void;
  /** Registered method names, sorted. */
  methods(): string[];
  /** Namespaces with their version, as `rpc_modules` answers. */
  modules(): Record<string, string>;
  /**
   * Handles one JSON-RPC payload (a request object or a batch array) in-process, as HTTP would:
   * the response object/array, or undefined when nothing is to be sent (notifications only).
   */
  handle(payload: unknown, transport?: 'http' | 'ws'): Promise<unknown>;
}

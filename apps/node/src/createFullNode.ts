// The composition root of a full node (`basalt start`, H17): data dir -> LevelDB -> state ->
// execution -> chain (genesis, store, pool, the engine the genesis implies) -> p2p host ->
// block producer (only when one is passed in) -> rpc. Starts in that order, stops in reverse.
// A follower checks every block itself (header rules, execution, state root) and produces none.
import { settleDebugColors } from './debugColors.ts';
import { SenderRecovery } from './senderRecovery.ts';
import { rpcAddressOf } from './lifecycle.ts';
import type { Logger, Startable } from '@basalt/common';
import {
  type Chain,
  type CliqueSigner,
  type ConsensusEngine,
  type GethGenesis,
  parseGenesis,
  TrustedSealEngine,
} from '@basalt/chain';
import type { P2PNode } from '@basalt/p2p';
import { createRpcServer, type RpcModule, type RpcServer } from '@basalt/rpc';
import type { Database } from '@basalt/state';
import { cliqueEngineFor, isCliqueGenesis } from './clique/cliqueNode.ts';
import { type EngineContext, openChainStore, readJsonFile } from './commands/chainStore.ts';
import type { P2PConfig } from './config.ts';
import { NodeError, NodeErrorCode } from './errors.ts';
import { createRpcNetworkDeps } from './p2p/rpcAdapters.ts';
import { clientVersion } from './version.ts';

/** libp2p costs ~0.5 s of module loading: loaded only when a p2p host is asked for (docs/performance.md). */
const loadP2P = () => import('@basalt/p2p');

/** Everything `basalt start` needs, parsed once from flags (H14). */
export interface FullNodeConfig {
  /** Where the chain and the peer key (`p2p-key`) live. */
  dataDir: string;
  /** A geth-style genesis.json; optional when `dataDir` already holds a chain (then it must match). */
  genesisFile?: string | undefined;
  p2p: P2PConfig;
  rpc: { host: string; port: number };
}

export const defaultFullNodeConfig: Omit<FullNodeConfig, 'dataDir'> = {
  p2p: { host: '127.0.0.1', port: 30303, bootnodes: [] },
  rpc: { host: '127.0.0.1', port: 8545 },
};

/** A block producer: started after the p2p host, stopped before it. */
export type BlockProducer = Pick<Startable, 'start' | 'stop'>;

/** What a block producer is built from (the Clique sealer, a dev miner). */
export interface FullNodeParts {
  chain: Chain;
  engine: ConsensusEngine;
  p2p: P2PNode;
  logger: Logger;
}

/** Collaborators of {@link createFullNode}; everything but the logger has a follower's default. */
export interface FullNodeDeps {
  logger: Logger;
  /**
   * The consensus engine, or a factory given the genesis. Default {@link engineForGenesis}: the
   * engine the genesis implies.
   */
  engine?: ConsensusEngine | ((genesis: GethGenesis, ctx: EngineContext) => ConsensusEngine);
  /**
   * Makes blocks: built once the chain and the p2p host exist, started after p2p and stopped
   * before it (its blocks reach peers through chain's `newHead`). Default: none, a follower.
   */
  producer?: (parts: FullNodeParts) => BlockProducer | Promise<BlockProducer>;
  /** Extra rpc namespaces (`clique_`, ...). */
  rpcModules?: (parts: FullNodeParts) => RpcModule[];
}

export interface FullNode extends Startable {
  readonly chain: Chain;
  readonly engine: ConsensusEngine;
  readonly p2p: P2PNode;
  readonly rpc: RpcServer;
  readonly db: Database;
  /** The block producer, when one was passed in. */
  readonly producer: BlockProducer | undefined;
  rpcAddress(): { host: string; port: number };
}

/**
 * The engine a node checks blocks with, from its genesis: Clique for a genesis with
 * `config.clique` (sealing with `opts.signer` when given; `ctx` gives it the stored headers and
 * the database for snapshots), else the trusted-seal engine (every header rule and full
 * execution; seals are not checked).
 */
export function engineForGenesis(
  genesis: GethGenesis,
  ctx?: EngineContext,
  opts: { signer?: CliqueSigner | undefined } = {},
): ConsensusEngine {
  if (isCliqueGenesis(genesis)) {
    if (ctx === undefined) {
      throw new NodeError(
        { code: NodeErrorCode.INVALID_CONFIG, field: 'genesis' },
        'a Clique engine needs the node context (stored headers)',
      );
    }
    return cliqueEngineFor(genesis, ctx, opts.signer);
  }
  return new TrustedSealEngine();
}

/** Builds (but does not start) a full node. */
export async function createFullNode(config: FullNodeConfig, deps: FullNodeDeps): Promise<FullNode> {
  settleDebugColors();
  const { logger } = deps;
  // Without --genesis the data dir's stored genesis is used (openChainStore says when there is none).
  const genesis = config.genesisFile === undefined ? undefined : parseGenesis(await readJsonFile(config.genesisFile));
  const opened = await openChainStore(config.dataDir, {
    ...(genesis !== undefined ? { genesis } : {}),
    logger,
    engine: deps.engine ?? ((g, ctx) => engineForGenesis(g, ctx)),
  });
  const { chain, db, engine } = opened;
  try {
    // Sync recovers each fetched block's senders on a worker thread while the blocks before it execute.
    let recovery: SenderRecovery | undefined;
    const p2p = await (await loadP2P()).createP2PNode(
      { chain, engine, logger, recoverSenders: (txs) => recovery?.recover(txs) ?? Promise.resolve() },
      { dataDir: config.dataDir, host: config.p2p.host, port: config.p2p.port, bootnodes: config.p2p.bootnodes },
    );
    const parts: FullNodeParts = { chain, engine, p2p, logger };
    const producer = deps.producer === undefined ? undefined : await deps.producer(parts);
    const version = clientVersion();
    const rpc = createRpcServer(
      { chain, logger: logger.child({ module: 'rpc' }), ...createRpcNetworkDeps(p2p, version) },
      { host: config.rpc.host, port: config.rpc.port, clientVersion: version, allowUnprotectedTxs: false },
    );
    for (const m of deps.rpcModules?.(parts) ?? []) rpc.registerModule(m);

    let started = false;
    return {
      chain,
      engine,
      p2p,
      rpc,
      db,
      producer,
      isStarted: () => started,
      async start() {
        if (started) return;
        recovery = SenderRecovery.start();
        await p2p.start();
        await producer?.start();
        await rpc.start();
        started = true;
        logger.info('node started', {
          chainId: chain.chainId,
          head: chain.head().header.number,
          dataDir: config.dataDir,
          engine: engine.name,
        });
      },
      async stop() {
        await rpc.stop();
        await producer?.stop();
        await p2p.stop();
        await recovery?.close();
        recovery = undefined;
        await opened.close();
        started = false;
      },
      rpcAddress() {
        return rpcAddressOf(rpc);
      },
    };
  } catch (err) {
    await opened.close();
    throw err;
  }
}

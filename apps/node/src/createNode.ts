// The composition root (H17): logger -> LevelDB -> state -> execution -> chain (genesis, store,
// pool, engine) -> miner -> rpc. Starts in that order and stops in reverse, awaiting each step.
import { rpcAddressOf } from './lifecycle.ts';
import { readFile, writeFile } from 'node:fs/promises';
import type { Logger } from '@basalt/common';
import {
  type Chain,
  createChain,
  createChainConfig,
  createDevStateStore,
  createDevTools,
  createMiner,
  type DevTools,
  DevEngine,
  devGenesis,
  type GethGenesis,
  type Miner,
  impersonatedSenderOf,
  Mutex,
  parseStateDump,
  readStoredGenesis,
} from '@basalt/chain';
import { createExecutor } from '@basalt/execution';
import type { P2PNode } from '@basalt/p2p';
import { createRpcServer, type RpcServer } from '@basalt/rpc';
import { type Database, openDatabase } from '@basalt/state';
import { bytesToHex, createAddressFromString } from '@ethereumjs/util';
import { deriveDevAccounts } from './accounts.ts';
import type { DevNodeConfig } from './config.ts';
import { settleDebugColors } from './debugColors.ts';
import { createDevControl } from './devControl.ts';
import {
  type ForkConfig,
  type ForkSource,
  forkBlockOf,
  forkGenesis,
  fundForkAccounts,
  openForkSource,
} from './fork/forkSource.ts';
import { NodeError, NodeErrorCode } from './errors.ts';
import { nodeCustomCrypto } from './kzg.ts';
import { createRpcNetworkDeps } from './p2p/rpcAdapters.ts';
import { withPredeploys } from './predeploys.ts';
import { consoleLogHook, logFailedTransactions } from './devLogs.ts';
import { clientVersion, VERSION } from './version.ts';

/** libp2p costs ~0.5 s of module loading: loaded only when a p2p host is asked for (docs/performance.md). */
const loadP2P = () => import('@basalt/p2p');

export interface BasaltNode {
  readonly chain: Chain;
  readonly miner: Miner;
  /** The devnet's state setters, snapshots, reset and state file (behind the evm_/anvil_/hardhat_ methods). */
  readonly dev: DevTools;
  readonly rpc: RpcServer;
  readonly db: Database;
  /** The p2p host (`--p2p-port`), through which followers sync; undefined without it. */
  readonly p2p?: P2PNode | undefined;
  /** The fork source (`--fork-url`); undefined for a devnet that is not a fork. */
  readonly fork?: ForkSource | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  rpcAddress(): { host: string; port: number };
}

/** Which genesis a dev node runs: an explicit file, else the one stored in --data-dir, else a new dev genesis. */
async function chooseGenesis(config: DevNodeConfig, db: Database, accounts: string[]): Promise<GethGenesis> {
  if (config.genesisFile !== undefined) return JSON.parse(await readFile(config.genesisFile, 'utf8')) as GethGenesis;
  const stored = await readStoredGenesis(db);
  if (stored !== undefined) return stored;
  // A new dev genesis also holds the predeploys (Multicall3); a given or stored genesis is used as it is.
  return withPredeploys(
    devGenesis({
      chainId: Number(config.chainId),
      accounts,
      balance: config.balance,
      gasLimit: config.gasLimit,
      baseFeePerGas: config.baseFee,
      hardfork: config.hardfork,
      timestamp: BigInt(Math.floor(Date.now() / 1000)),
    }),
  );
}

/**
 * The fork to open. A data directory made by `--fork-url --data-dir` holds the fork's genesis (the
 * fork block's header, no alloc): started again, it forks the same block by default (the source's
 * latest has moved on), and it cannot start without `--fork-url`, as its state is mostly the
 * source's, read on demand (what was read is kept in the directory).
 */
async function forkConfigFor(config: DevNodeConfig, db: Database): Promise<ForkConfig | undefined> {
  if (config.dataDir === undefined) return config.fork;
  const stored = await readStoredGenesis(db);
  const forkBlock = stored === undefined ? undefined : forkBlockOf(stored);
  if (forkBlock === undefined || config.fork?.blockNumber !== undefined) return config.fork;
  if (config.fork === undefined) {
    throw new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: 'fork-url' },
      `${config.dataDir} holds a fork of another chain at block ${forkBlock}: start it with --fork-url and the same source`,
    );
  }
  return { ...config.fork, blockNumber: forkBlock };
}

/** Optional hooks of a dev node into its host process. */
export interface DevNodeHooks {
  /** Turns the process's log output off and on, for anvil_setLoggingEnabled. */
  setLoggingEnabled?: (enabled: boolean) => void;
}

/** Builds (but does not start) a dev node from its config. */
export async function createDevNode(
  config: DevNodeConfig,
  logger: Logger,
  hooks: DevNodeHooks = {},
): Promise<BasaltNode> {
  settleDebugColors();
  const accounts = deriveDevAccounts(config.mnemonic, config.accounts, config.derivationPath);
  const db = await openDatabase(config.dataDir === undefined ? {} : { path: config.dataDir });
  // --fork-url: the genesis follows the source's fork block, the state store reads the source (docs/forking.md).
  let fork: ForkSource | undefined;
  try {
    const forkConfig = await forkConfigFor(config, db);
    if (forkConfig !== undefined) fork = await openForkSource(forkConfig, logger.child({ module: 'fork' }));
    const genesis =
      fork !== undefined && forkConfig !== undefined
        ? forkGenesis(fork, forkConfig, config.hardfork)
        : await chooseGenesis(
            config,
            db,
            accounts.map((a) => a.address),
          );
    const { common } = createChainConfig(genesis, { customCrypto: nodeCustomCrypto() });
    // A dev state store also keeps key preimages, so anvil_dumpState can list accounts and slots.
    const states = await createDevStateStore(
      {
        db,
        logger: logger.child({ module: 'state' }),
        ...(fork !== undefined ? { remote: fork.reader } : {}),
      },
      // Without --data-dir the database is in memory: trie nodes need not go through its batches.
      { nodesInMemory: config.dataDir === undefined },
    );
    if (fork !== undefined) {
      const root = await fundForkAccounts(
        states,
        fork,
        accounts.map((a) => a.address),
        config.balance,
      );
      genesis.stateRoot = bytesToHex(root);
    }
    // The executor needs canonical hashes for BLOCKHASH; the chain that knows them is built next.
    let chainRef: Chain | undefined;
    const executor = await createExecutor({
      common,
      states,
      // Before the fork block, BLOCKHASH asks the fork source.
      blockHashes: { getBlockHash: async (n) => (await chainRef?.getCanonicalHash(n)) ?? (await fork?.blockHash(n)) },
      onConsoleLog: consoleLogHook(logger),
      // An impersonated contract may send (as with Anvil and Hardhat): the marker names the sender.
      codeSenderAllowed: (tx) => {
        const sender = impersonatedSenderOf(tx);
        return sender !== undefined && tx.getSenderAddress().equals(sender);
      },
      logger: logger.child({ module: 'execution' }),
    });
    const engine = new DevEngine();
    const chain = await createChain(
      { db, states, executor, common, engine, logger: logger.child({ module: 'chain' }) },
      { genesis },
    );
    chainRef = chain;
    // One lock for blocks and dev state changes (setters, snapshots, reset): they never overlap.
    const lock = new Mutex();
    const miner = createMiner(
      { chain, executor, pool: chain.txPool, engine, lock, logger: logger.child({ module: 'miner' }) },
      {
        automine: !config.noMining && config.blockTime === undefined,
        ...(config.blockTime !== undefined && !config.noMining ? { blockTime: config.blockTime } : {}),
        coinbase: createAddressFromString(accounts[0]?.address ?? '0x0000000000000000000000000000000000000000'),
      },
    );
    logFailedTransactions(miner, logger);
    const dev = createDevTools({ chain, states, clock: miner.clock, lock, logger: logger.child({ module: 'dev' }) });
    if (config.loadState !== undefined) await dev.loadState(parseStateDump(await readFile(config.loadState)));
    // --p2p-port: followers (`basalt start`) sync from this node and send it their transactions.
    const p2p =
      config.p2p === undefined
        ? undefined
        : await (await loadP2P()).createP2PNode(
            { chain, engine, logger },
            {
              ...(config.dataDir !== undefined ? { dataDir: config.dataDir } : {}),
              host: config.p2p.host,
              port: config.p2p.port,
              bootnodes: config.p2p.bootnodes,
            },
          );
    const rpc = createRpcServer(
      {
        chain,
        ...(p2p !== undefined ? createRpcNetworkDeps(p2p, clientVersion()) : {}),
        logger: logger.child({ module: 'rpc' }),
        dev: createDevControl({
          chain,
          miner,
          tools: dev,
          logger: logger.child({ module: 'dev' }),
          ...(hooks.setLoggingEnabled !== undefined ? { setNodeLogging: hooks.setLoggingEnabled } : {}),
          ...(fork !== undefined && forkConfig !== undefined
            ? { fork: { url: forkConfig.url, blockNumber: fork.block.number } }
            : {}),
        }),
      },
      {
        host: config.host,
        port: config.port,
        accounts,
        clientVersion: `Basalt/v${VERSION}/${process.platform}-${process.arch}/nodejs${process.versions.node.split('.')[0]}`,
        ...(config.cors !== undefined ? { corsOrigins: config.cors === '*' ? '*' : config.cors.split(',') } : {}),
        ...(config.maxBodyBytes !== undefined ? { maxBodyBytes: config.maxBodyBytes } : {}),
        ...(config.maxBatch !== undefined ? { maxBatchLength: config.maxBatch } : {}),
      },
    );

    let started = false;
    return {
      chain,
      miner,
      dev,
      rpc,
      db,
      fork,
      p2p,
      async start() {
        if (started) return;
        await p2p?.start();
        await miner.start();
        await rpc.start();
        started = true;
        logger.info('node started', {
          chainId: chain.chainId,
          head: chain.head().header.number,
          dataDir: config.dataDir ?? 'memory',
        });
      },
      async stop() {
        await rpc.stop();
        await miner.stop();
        await p2p?.stop();
        if (config.dumpState !== undefined) {
          await writeFile(config.dumpState, `${JSON.stringify(await dev.dumpState(), null, 2)}\n`);
          logger.info('state dumped', { file: config.dumpState });
        }
        await chain.close();
        fork?.close();
        await db.close();
        started = false;
      },
      rpcAddress() {
        return rpcAddressOf(rpc);
      },
    };
  } catch (err) {
    fork?.close();
    await db.close();
    throw err;
  }
}

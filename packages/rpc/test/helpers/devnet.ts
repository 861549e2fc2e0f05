// A real devnet for rpc tests: in-memory LevelDB, real state, real executor, the chain facade,
// instant mining, and the rpc server on 127.0.0.1 port 0.
import * as chainPkg from '@basalt/chain';
import { type Chain, createChain, createChainConfig, devGenesis, TrustedSealEngine } from '@basalt/chain';
import type { Logger } from '@basalt/common';
import { createExecutor } from '@basalt/execution';
import { createStateStore, openDatabase } from '@basalt/state';
import { createAddressFromString } from '@ethereumjs/util';
import { createRpcServer, type DevAccount, type RpcServer, type RpcServerOpts } from '../../src/index.ts';

/** The first three accounts of the "test test ... junk" mnemonic (Hardhat / Anvil). */
export const DEV_ACCOUNTS: DevAccount[] = [
  {
    address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  },
  {
    address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  },
  {
    address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  },
];

export const COINBASE = '0x00000000000000000000000000000000000c0ffe';

export interface Devnet {
  chain: Chain;
  server: RpcServer;
  url: string;
  wsUrl: string;
  /** Mines one block now with what is pending. */
  mine(): Promise<void>;
  close(): Promise<void>;
}

interface MinerLike {
  start(): Promise<void>;
  stop(): Promise<void>;
  mine(opts?: { count?: number }): Promise<unknown>;
}

export async function startDevnet(
  opts: { rpc?: RpcServerOpts; automine?: boolean; logger?: Logger; chainId?: number } = {},
): Promise<Devnet> {
  const genesis = devGenesis({ accounts: DEV_ACCOUNTS.map((a) => a.address), chainId: opts.chainId ?? 31337 });
  const config = createChainConfig(genesis);
  const db = await openDatabase({});
  const states = await createStateStore({ db });
  let chainRef: Chain | undefined;
  const executor = await createExecutor({
    common: config.common,
    states,
    blockHashes: { getBlockHash: async (n) => chainRef?.getBlockHash(n) },
  });
  const chain = await createChain(
    { db, states, executor, common: config.common, engine: new TrustedSealEngine() },
    { genesis },
  );
  chainRef = chain;

  const miner = createDevMiner(chain, opts.automine ?? true);
  await miner.start();

  const server = createRpcServer(
    { chain, ...(opts.logger !== undefined ? { logger: opts.logger } : {}) },
    { port: 0, accounts: DEV_ACCOUNTS, ...opts.rpc },
  );
  await server.start();
  const { port } = server.address()!;
  return {
    chain,
    server,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    mine: async () => {
      await miner.mine({ count: 1 });
    },
    async close() {
      await server.stop();
      await miner.stop();
      await chain.close();
      await db.close();
    },
  };
}

/** The chain package's dev miner when it is exported; until then a minimal instant miner. */
function createDevMiner(chain: Chain, automine: boolean): MinerLike {
  const create = (chainPkg as Record<string, unknown>).createMiner as
    | ((deps: unknown, opts: unknown) => MinerLike)
    | undefined;
  if (create !== undefined) {
    return create(
      { chain, executor: chain.executor, pool: chain.txPool },
      { automine, coinbase: createAddressFromString(COINBASE) },
    );
  }
  let queue: Promise<unknown> = Promise.resolve();
  let running = false;
  const mineOnce = () =>
    (queue = queue.then(async () => {
      const parent = chain.head();
      const now = BigInt(Math.floor(Date.now() / 1000));
      const built = await chain.executor.buildBlock({
        parent,
        txs: chain.txPool.pendingForBlock(parent.header.calcNextBaseFee()),
        template: {
          timestamp: now > parent.header.timestamp ? now : parent.header.timestamp + 1n,
          coinbase: createAddressFromString(COINBASE),
        },
      });
      await chain.commitBuiltBlock(built);
    }));
  const onTx = () => {
    if (running) void mineOnce();
  };
  return {
    async start() {
      running = true;
      if (automine) chain.events.on('txAdded', onTx);
    },
    async stop() {
      running = false;
      chain.events.off('txAdded', onTx);
      await queue.catch(() => undefined);
    },
    async mine() {
      await mineOnce();
    },
  };
}

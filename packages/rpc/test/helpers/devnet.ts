// A real devnet for rpc tests: in-memory LevelDB, real state, real executor, the chain facade,
// instant mining, and the rpc server on 127.0.0.1 port 0.
import { type Chain, createChain, createChainConfig, createMiner, DevEngine, devGenesis } from '@basalt/chain';
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
    { db, states, executor, common: config.common, engine: new DevEngine() },
    { genesis },
  );
  chainRef = chain;

  const miner = createMiner(
    { chain, executor, pool: chain.txPool },
    { automine: opts.automine ?? true, coinbase: createAddressFromString(COINBASE) },
  );
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

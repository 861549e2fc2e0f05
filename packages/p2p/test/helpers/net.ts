// Real nodes for p2p tests: in-memory LevelDB, real state and execution, the chain facade with the
// dev engine, a dev miner (on demand) and the p2p host on 127.0.0.1 port 0.
import type { EventEmitter } from 'node:events';
import {
  type Chain,
  createChain,
  createChainConfig,
  createMiner,
  DevEngine,
  devGenesis,
  type Miner,
} from '@basalt/chain';
import { MemoryLogger } from '@basalt/common';
import { createExecutor } from '@basalt/execution';
import { createStateStore, openDatabase } from '@basalt/state';
import { createFeeMarket1559Tx, type FeeMarket1559Tx } from '@ethereumjs/tx';
import { createAddressFromPrivateKey, createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { createP2PNode, type P2PDeps, type P2PNode, type P2POpts } from '../../src/index.ts';

export const DEV_KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
export const DEV_ADDRESS = createAddressFromPrivateKey(DEV_KEY);
const RECIPIENT = createAddressFromString('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');

/** One genesis for the whole test file (a fixed timestamp so every node derives the same hash). */
export function genesisFor(chainId = 31337) {
  return devGenesis({ chainId, accounts: [DEV_ADDRESS.toString()], timestamp: 1_700_000_000n });
}

export interface TestNode {
  chain: Chain;
  miner: Miner;
  p2p: P2PNode;
  logger: MemoryLogger;
  stop(): Promise<void>;
}

export async function startNode(
  opts: P2POpts & {
    chainId?: number;
    genesis?: ReturnType<typeof devGenesis>;
    recoverSenders?: P2PDeps['recoverSenders'];
  } = {},
): Promise<TestNode> {
  const genesis = opts.genesis ?? genesisFor(opts.chainId);
  const { common } = createChainConfig(genesis);
  const db = await openDatabase({});
  const states = await createStateStore({ db });
  let chainRef: Chain | undefined;
  const executor = await createExecutor({
    common,
    states,
    blockHashes: { getBlockHash: async (n) => chainRef?.getCanonicalHash(n) },
  });
  const engine = new DevEngine();
  const chain = await createChain({ db, states, executor, common, engine }, { genesis });
  chainRef = chain;
  const miner = createMiner({ chain, executor, pool: chain.txPool, engine }, { automine: false });
  const logger = new MemoryLogger();
  const { chainId: _c, genesis: _g, recoverSenders, ...p2pOpts } = opts;
  const p2p = await createP2PNode(
    { chain, engine, logger, ...(recoverSenders !== undefined ? { recoverSenders } : {}) },
    { host: '127.0.0.1', port: 0, ...p2pOpts },
  );
  await p2p.start();
  return {
    chain,
    miner,
    p2p,
    logger,
    async stop() {
      await p2p.stop();
      await miner.stop();
      await chain.close();
      await db.close();
    },
  };
}

export function transfer(chain: Chain, nonce: bigint): FeeMarket1559Tx {
  return createFeeMarket1559Tx(
    {
      chainId: chain.chainId,
      nonce,
      to: RECIPIENT,
      value: 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 10n ** 11n,
      maxPriorityFeePerGas: 10n ** 9n,
    },
    { common: chain.head().common },
  ).sign(DEV_KEY);
}

/** Resolves when `cond()` holds, polling every 20 ms; rejects after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves with the next emission of `event`, or rejects after `ms`. */
export function nextEvent<T extends unknown[]>(emitter: EventEmitter, event: string, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    emitter.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    });
  });
}

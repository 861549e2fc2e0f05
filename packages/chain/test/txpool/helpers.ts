// Real components for the pool, miner and engine tests: an in-memory database and state store
// from @basalt/state, the real executor from @basalt/execution, the Chain facade over a devnet
// genesis with the ten dev accounts, and transactions signed with the well-known dev keys.
import { createExecutor, type Executor } from '@basalt/execution';
import { createStateStore, type Database, openDatabase, type StateStore } from '@basalt/state';
import type { Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { createFeeMarket1559Tx, createLegacyTx, type TypedTransaction } from '@ethereumjs/tx';
import { Account, type Address, createAddressFromPrivateKey, hexToBytes } from '@ethereumjs/util';
import { DevEngine } from '../../src/consensus/index.ts';
import { type Chain, type ChainOpts, createChain, createChainConfig, devGenesis } from '../../src/index.ts';

/** The first ten accounts of "test test ... junk" (Hardhat's and Anvil's dev accounts). */
export const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
].map((k) => hexToBytes(k as `0x${string}`));

export const DEV_ADDRESSES: Address[] = DEV_KEYS.map((k) => createAddressFromPrivateKey(k));

export const GWEI = 1_000_000_000n;
export const ETHER = 10n ** 18n;
export const RECIPIENT = DEV_ADDRESSES[9] as Address;

export interface TransferOpts {
  nonce: bigint | number;
  to?: Address;
  value?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  gasLimit?: bigint;
  /** Legacy transaction with this gas price instead of EIP-1559. */
  gasPrice?: bigint;
}

/** A signed transfer from dev account `from` (index into DEV_KEYS). */
export function transfer(common: Common, from: number, o: TransferOpts): TypedTransaction {
  const key = DEV_KEYS[from] as Uint8Array;
  const base = { nonce: BigInt(o.nonce), to: o.to ?? RECIPIENT, value: o.value ?? 1n, gasLimit: o.gasLimit ?? 21_000n };
  if (o.gasPrice !== undefined) return createLegacyTx({ ...base, gasPrice: o.gasPrice }, { common }).sign(key);
  return createFeeMarket1559Tx(
    {
      ...base,
      chainId: common.chainId(),
      maxFeePerGas: o.maxFeePerGas ?? 10n * GWEI,
      maxPriorityFeePerGas: o.maxPriorityFeePerGas ?? GWEI,
    },
    { common },
  ).sign(key);
}

/** Fisher-Yates with a fixed seed, so failures replay. */
export function shuffle<T>(items: T[], seed = 1): T[] {
  let s = seed;
  const rnd = () => {
    s = (s * 1_103_515_245 + 12_345) & 0x7fffffff;
    return s / 0x80000000;
  };
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

export interface DevSetup {
  common: Common;
  db: Database;
  states: StateStore;
  executor: Executor;
  chain: Chain;
  genesis: Block;
  close(): Promise<void>;
}

/**
 * A devnet chain in memory: Prague, the ten dev accounts funded (10 000 ETH each unless
 * `balance`), a 30M gas limit, 1 gwei genesis base fee, the dev engine.
 */
export async function createDevSetup(
  opts: { gasLimit?: bigint; balance?: bigint; chainOpts?: Omit<ChainOpts, 'genesis'> } = {},
): Promise<DevSetup> {
  const genesis = devGenesis({
    accounts: DEV_ADDRESSES.map((a) => a.toString()),
    ...(opts.balance !== undefined ? { balance: opts.balance } : {}),
    ...(opts.gasLimit !== undefined ? { gasLimit: opts.gasLimit } : {}),
    // A little in the past, so wall-clock timestamps follow it.
    timestamp: BigInt(Math.floor(Date.now() / 1000) - 100),
  });
  const { common } = createChainConfig(genesis);
  const db = await openDatabase();
  const states = await createStateStore({ db });
  let chainRef: Chain | undefined;
  const executor = await createExecutor({
    common,
    states,
    blockHashes: { getBlockHash: async (n) => chainRef?.getBlockHash(n) },
  });
  const chain = await createChain(
    { db, states, executor, common, engine: new DevEngine() },
    { ...opts.chainOpts, genesis },
  );
  chainRef = chain;
  return {
    common,
    db,
    states,
    executor,
    chain,
    genesis: chain.genesis,
    async close() {
      await chain.close();
      await db.close();
    },
  };
}

/** Account of `address` in the state after `head`. */
export async function accountOf(setup: DevSetup, address: Address, head: Block): Promise<Account> {
  return (await (await setup.chain.stateAt(head)).getAccount(address)) ?? new Account();
}

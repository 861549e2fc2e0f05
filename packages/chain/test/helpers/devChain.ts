import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { createAddressFromString } from '@ethereumjs/util';
import { type BuiltBlock, createExecutor, type Executor } from '@basalt/execution';
import { createStateStore, type Database, openDatabase, type StateStore } from '@basalt/state';
import {
  type Chain,
  type ChainOpts,
  createChain,
  createChainConfig,
  devGenesis,
  type GethGenesis,
  TrustedSealEngine,
} from '../../src/index.ts';
import { DEV_ADDRESS, DEV_ADDRESS_1 } from './keys.ts';

export const COINBASE = createAddressFromString('0x00000000000000000000000000000000000c0ffe');

/** The devnet genesis the tests use: Prague, two funded dev accounts, chain id 31337. */
export function testGenesis(over: Partial<Parameters<typeof devGenesis>[0]> = {}): GethGenesis {
  return devGenesis({ accounts: [DEV_ADDRESS.toString(), DEV_ADDRESS_1.toString()], ...over });
}

export interface OpenChain {
  chain: Chain;
  db: Database;
  states: StateStore;
  executor: Executor;
  close(): Promise<void>;
}

/** Opens a chain with real LevelDB at `path` (or in memory), real execution and the trusted-seal engine. */
export async function openChain(
  opts: { path?: string; genesis?: GethGenesis; chainOpts?: Omit<ChainOpts, 'genesis'>; noGenesis?: boolean } = {},
): Promise<OpenChain> {
  const genesis = opts.genesis ?? testGenesis();
  const config = createChainConfig(genesis);
  const db = await openDatabase(opts.path !== undefined ? { path: opts.path } : {});
  const states = await createStateStore({ db });
  let chainRef: Chain | undefined;
  const executor = await createExecutor({
    common: config.common,
    states,
    blockHashes: { getBlockHash: async (n) => chainRef?.getBlockHash(n) },
  });
  const chain = await createChain(
    { db, states, executor, common: config.common, engine: new TrustedSealEngine() },
    { ...opts.chainOpts, ...(opts.noGenesis === true ? {} : { genesis }) },
  ).catch(async (err) => {
    await db.close();
    throw err;
  });
  chainRef = chain;
  return {
    chain,
    db,
    states,
    executor,
    async close() {
      await chain.close();
      await db.close();
    },
  };
}

/** Builds (executes) a block on `parent` with `txs`; the chain stores it with commitBuiltBlock. */
export async function build(
  c: OpenChain,
  parent: Block,
  txs: TypedTransaction[],
  opts: { timestamp?: bigint; extraData?: Uint8Array; difficulty?: bigint } = {},
): Promise<BuiltBlock> {
  const built = await c.executor.buildBlock({
    parent,
    txs,
    template: {
      timestamp: opts.timestamp ?? parent.header.timestamp + 12n,
      coinbase: COINBASE,
      ...(opts.extraData !== undefined ? { extraData: opts.extraData } : {}),
      ...(opts.difficulty !== undefined ? { difficulty: opts.difficulty } : {}),
    },
  });
  if (built.skipped.length > 0) {
    throw new Error(
      `build skipped ${built.skipped.length} txs: ${built.skipped.map((s) => s.error.message).join('; ')}`,
    );
  }
  return built;
}

/** A temporary directory removed by the returned cleaner. */
export async function tempDir(prefix = 'basalt-chain-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Resolves with the next emission of `event`, or rejects after `ms`. */
export function nextEvent<T extends unknown[]>(
  emitter: { once(event: string, listener: (...args: T) => void): unknown },
  event: string,
  ms = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    emitter.once(event, (...args: T) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

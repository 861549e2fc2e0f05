// Runs Ethereum execution-spec-tests blockchain fixtures through Basalt's import path: the
// genesis from the fixture's pre-state and genesis header, each block decoded and imported with
// `chain.importBlock` (trusted-seal engine, the node's KZG backend), valid blocks must become
// the head and invalid ones (`expectException`) must be rejected; at the end the head must be
// `lastblockhash` (whose state root commits to the whole `postState`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Chain,
  createChain,
  createChainConfig,
  type GethGenesis,
  type GethGenesisConfig,
  TrustedSealEngine,
} from '@basalt/chain';
import { createExecutor } from '@basalt/execution';
import { createStateStore, openDatabase } from '@basalt/state';
import { type BlockBytes, createBlockFromBytesArray } from '@ethereumjs/block';
import { RLP } from '@ethereumjs/rlp';
import { bytesToHex, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import { nodeCustomCrypto } from '../../src/kzg.ts';
import { conformanceDir } from '../../../../test/support/conformance.ts';

export const BLOCKCHAIN_TESTS = conformanceDir('blockchain-tests');
const MAINNET_DEPOSIT_CONTRACT = '0x00000000219ab540356cbb839cbe05303d7705fa';
const TRANSITION_TIME = 15_000;

interface FixtureBlock {
  rlp: string;
  expectException?: string;
  blockHeader?: { hash: string };
}

export interface Fixture {
  network: string;
  config: {
    chainid: string;
    blobSchedule?: Record<string, { target: string; max: string; baseFeeUpdateFraction: string }>;
  };
  pre: Record<string, { nonce: string; balance: string; code: string; storage: Record<string, string> }>;
  genesisBlockHeader: Record<string, string>;
  blocks: FixtureBlock[];
  lastblockhash: string;
}

export interface FixtureResult {
  file: string;
  name: string;
  network: string;
  passed: boolean;
  reason?: string;
  blocks: number;
  invalid: number;
}

/** Every fixture file under `dir`, sorted. */
export function fixtureFiles(dir = BLOCKCHAIN_TESTS): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...fixtureFiles(p));
    else if (e.endsWith('.json')) out.push(p);
  }
  return out;
}

const TIME_FORKS = ['shanghai', 'cancun', 'prague', 'osaka', 'bpo1', 'bpo2'] as const;

/** The fork schedule of a fixture network: `Prague` (from genesis) or `XToYAtTime15k`. */
function forkTimes(network: string): Partial<Record<(typeof TIME_FORKS)[number], number>> {
  const m = /^(\w+?)To(\w+)AtTime15k$/.exec(network);
  const first = (m?.[1] ?? network).toLowerCase();
  const second = m?.[2]?.toLowerCase();
  const out: Partial<Record<(typeof TIME_FORKS)[number], number>> = {};
  const firstIdx = TIME_FORKS.indexOf(first as never);
  if (firstIdx < 0) throw new Error(`unknown network ${network}`);
  for (let i = 0; i <= firstIdx; i++) out[TIME_FORKS[i]!] = 0;
  if (second !== undefined) {
    const secondIdx = TIME_FORKS.indexOf(second as never);
    if (secondIdx < 0) throw new Error(`unknown network ${network}`);
    for (let i = firstIdx + 1; i <= secondIdx; i++) out[TIME_FORKS[i]!] = TRANSITION_TIME;
  }
  return out;
}

/** A geth-style genesis for a fixture (chain id 1, every block fork at 0, merged from genesis). */
export function fixtureGenesis(f: Fixture): GethGenesis {
  const config: GethGenesisConfig = { chainId: Number(BigInt(f.config.chainid)) };
  const cfg = config as unknown as Record<string, unknown>;
  for (const k of [
    'homesteadBlock',
    'eip150Block',
    'eip155Block',
    'eip158Block',
    'byzantiumBlock',
    'constantinopleBlock',
    'petersburgBlock',
    'istanbulBlock',
    'berlinBlock',
    'londonBlock',
    'mergeNetsplitBlock',
  ]) {
    cfg[k] = 0;
  }
  config.terminalTotalDifficulty = 0;
  for (const [fork, time] of Object.entries(forkTimes(f.network))) cfg[`${fork}Time`] = time;
  config.depositContractAddress = MAINNET_DEPOSIT_CONTRACT;
  if (f.config.blobSchedule !== undefined) {
    config.blobSchedule = {};
    for (const [fork, e] of Object.entries(f.config.blobSchedule)) {
      config.blobSchedule[fork.toLowerCase()] = {
        target: Number(BigInt(e.target)),
        max: Number(BigInt(e.max)),
        baseFeeUpdateFraction: Number(BigInt(e.baseFeeUpdateFraction)),
      };
    }
  }
  const h = f.genesisBlockHeader;
  const genesis: GethGenesis = {
    config,
    alloc: f.pre as GethGenesis['alloc'],
    nonce: h.nonce!,
    timestamp: h.timestamp!,
    extraData: h.extraData!,
    gasLimit: h.gasLimit!,
    difficulty: h.difficulty!,
    mixHash: h.mixHash!,
    coinbase: h.coinbase!,
    parentHash: h.parentHash!,
  };
  if (h.baseFeePerGas !== undefined) genesis.baseFeePerGas = h.baseFeePerGas;
  if (h.excessBlobGas !== undefined) genesis.excessBlobGas = h.excessBlobGas;
  if (h.blobGasUsed !== undefined) genesis.blobGasUsed = h.blobGasUsed;
  return genesis;
}

export async function runFixture(file: string, name: string, f: Fixture): Promise<FixtureResult> {
  const invalid = f.blocks.filter((b) => b.expectException !== undefined).length;
  const result = (passed: boolean, reason?: string): FixtureResult => ({
    file,
    name,
    network: f.network,
    passed,
    ...(reason !== undefined ? { reason } : {}),
    blocks: f.blocks.length,
    invalid,
  });
  const genesis = fixtureGenesis(f);
  const { common } = createChainConfig(genesis, { customCrypto: nodeCustomCrypto() });
  const db = await openDatabase();
  let chain: Chain | undefined;
  try {
    const states = await createStateStore({ db });
    let chainRef: Chain | undefined;
    const executor = await createExecutor({
      common,
      states,
      blockHashes: { getBlockHash: async (n) => chainRef?.getCanonicalHash(n) },
    });
    chain = await createChain({ db, states, executor, common, engine: new TrustedSealEngine() }, { genesis });
    chainRef = chain;
    if (bytesToHex(chain.genesis.hash()) !== f.genesisBlockHeader.hash) {
      return result(false, `genesis hash ${bytesToHex(chain.genesis.hash())} != ${f.genesisBlockHeader.hash}`);
    }
    for (const [i, b] of f.blocks.entries()) {
      let error: string | undefined;
      try {
        const block = createBlockFromBytesArray(
          RLP.decode(hexToBytes(b.rlp as PrefixedHexString)) as unknown as BlockBytes,
          { common, setHardfork: true },
        );
        const status = await chain.importBlock(block);
        if (b.expectException === undefined && status !== 'canonical') error = `block ${i}: ${status}, not canonical`;
      } catch (err) {
        if (b.expectException === undefined) return result(false, `block ${i}: ${(err as Error).message}`);
        continue;
      }
      if (error !== undefined) return result(false, error);
      if (b.expectException !== undefined) {
        return result(false, `block ${i} was accepted, expected ${b.expectException}`);
      }
    }
    const head = bytesToHex(chain.head().hash());
    if (head !== f.lastblockhash) return result(false, `head ${head} != lastblockhash ${f.lastblockhash}`);
    return result(true);
  } catch (err) {
    return result(false, `runner: ${(err as Error).message}`);
  } finally {
    await chain?.close();
    await db.close();
  }
}

/** Every fixture of every file, in order. */
export async function runAllFixtures(dir = BLOCKCHAIN_TESTS): Promise<FixtureResult[]> {
  const out: FixtureResult[] = [];
  for (const file of fixtureFiles(dir)) {
    const fixtures = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Fixture>;
    const rel = file.slice(dir.length + 1);
    for (const [name, f] of Object.entries(fixtures)) out.push(await runFixture(rel, name, f));
  }
  return out;
}

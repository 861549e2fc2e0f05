import {
  type Common,
  type CustomCrypto,
  type GethGenesis as EthereumJSGethGenesis,
  Hardfork,
  parseGethGenesis,
} from '@ethereumjs/common';
import type { GenesisAlloc } from '@basalt/state';
import { ChainError, ChainErrorCode } from './errors.ts';
import { ParamsCachingCommon } from './paramsCommon.ts';
import { SYSTEM_CONTRACTS } from './systemContracts.ts';

/** Blob parameters of one fork (EIP-7840), as in a geth genesis `config.blobSchedule`. */
export interface BlobScheduleEntry {
  target: number;
  max: number;
  baseFeeUpdateFraction: number;
}

/** `config` of a geth-style genesis.json. Fork blocks are numbers, fork times are seconds. */
export interface GethGenesisConfig {
  chainId: number;
  homesteadBlock?: number;
  daoForkBlock?: number;
  daoForkSupport?: boolean;
  eip150Block?: number;
  eip155Block?: number;
  eip158Block?: number;
  byzantiumBlock?: number;
  constantinopleBlock?: number;
  petersburgBlock?: number;
  istanbulBlock?: number;
  muirGlacierBlock?: number;
  berlinBlock?: number;
  londonBlock?: number;
  arrowGlacierBlock?: number;
  grayGlacierBlock?: number;
  mergeForkBlock?: number;
  mergeNetsplitBlock?: number;
  terminalTotalDifficulty?: number | string;
  terminalTotalDifficultyPassed?: boolean;
  shanghaiTime?: number;
  cancunTime?: number;
  pragueTime?: number;
  osakaTime?: number;
  bpo1Time?: number;
  bpo2Time?: number;
  bpo3Time?: number;
  bpo4Time?: number;
  bpo5Time?: number;
  depositContractAddress?: string;
  ethash?: Record<string, never>;
  clique?: { period?: number; epoch?: number };
  blobSchedule?: Record<string, BlobScheduleEntry>;
}

/**
 * A geth-style genesis.json. Quantities are hex (`0x…`) or decimal strings; `null` means absent
 * (geth writes `"baseFeePerGas": null` for a pre-London genesis).
 */
export interface GethGenesis {
  config: GethGenesisConfig;
  alloc: GenesisAlloc;
  nonce?: string;
  timestamp?: string;
  extraData?: string;
  gasLimit: string;
  difficulty?: string;
  mixHash?: string;
  coinbase?: string;
  number?: string;
  gasUsed?: string;
  parentHash?: string;
  baseFeePerGas?: string | null;
  excessBlobGas?: string | null;
  blobGasUsed?: string | null;
  /**
   * Basalt's extension for forks: the genesis state is this root, already in the state store (a
   * fork store reads the rest from its source), instead of one built from `alloc`, which must then
   * be empty. Not a geth field.
   */
  stateRoot?: string;
}

/** What the rest of the chain needs from a genesis file. */
export interface ChainConfig {
  /** The genesis as given (normalised: absent header fields filled with geth's defaults). */
  genesis: GethGenesis;
  /** Chain rules with every fork of the file; set it per block with `setHardforkBy`. */
  common: Common;
  chainId: bigint;
  /** Clique settings when `config.clique` is present. */
  clique?: { period: number; epoch: number };
  /** `config.terminalTotalDifficulty`, when given. */
  terminalTotalDifficulty?: bigint;
}

function invalid(field: string, reason: string): ChainError {
  return new ChainError({ code: ChainErrorCode.INVALID_GENESIS, field, reason }, `invalid genesis ${field}: ${reason}`);
}

const QUANTITY = /^(0[xX][0-9a-fA-F]+|[0-9]+)$/;

function checkQuantity(obj: Record<string, unknown>, field: string, required = false): void {
  const v = obj[field];
  if (v === undefined || v === null) {
    if (required) throw invalid(field, 'missing');
    return;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return;
  if (typeof v !== 'string' || !QUANTITY.test(v)) throw invalid(field, `not a quantity: ${String(v)}`);
}

function toHexQuantity(v: unknown, fallback: string): string {
  if (v === undefined || v === null) return fallback;
  return `0x${BigInt(v as string | number).toString(16)}`;
}

/**
 * Checks the shape of a parsed genesis.json (or its text) and fills geth's defaults
 * (`nonce` 0, `timestamp` 0, `difficulty` 0, empty `extraData`). Throws INVALID_GENESIS.
 */
export function parseGenesis(input: string | unknown): GethGenesis {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (err) {
      throw invalid('json', (err as Error).message);
    }
  }
  if (typeof json !== 'object' || json === null) throw invalid('json', 'not an object');
  const g = json as Record<string, unknown>;
  const config = g.config as Record<string, unknown> | undefined;
  if (typeof config !== 'object' || config === null) throw invalid('config', 'missing');
  if (typeof config.chainId !== 'number' || !Number.isSafeInteger(config.chainId) || config.chainId <= 0) {
    throw invalid('config.chainId', `not a positive integer: ${String(config.chainId)}`);
  }
  for (const [key, value] of Object.entries(config)) {
    if ((key.endsWith('Block') || key.endsWith('Time')) && value !== null && value !== undefined) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw invalid(`config.${key}`, `not a non-negative integer: ${String(value)}`);
      }
    }
  }
  if (config.eip155Block !== config.eip158Block) {
    throw invalid('config.eip158Block', 'eip155Block and eip158Block must be equal (both are Spurious Dragon)');
  }
  if (config.blobSchedule !== undefined) {
    if (typeof config.blobSchedule !== 'object' || config.blobSchedule === null) {
      throw invalid('config.blobSchedule', 'not an object');
    }
    for (const [fork, entry] of Object.entries(config.blobSchedule as Record<string, unknown>)) {
      const e = entry as Record<string, unknown>;
      for (const k of ['target', 'max', 'baseFeeUpdateFraction']) {
        if (typeof e?.[k] !== 'number') throw invalid(`config.blobSchedule.${fork}.${k}`, 'missing or not a number');
      }
    }
  }
  if (config.clique !== undefined && (typeof config.clique !== 'object' || config.clique === null)) {
    throw invalid('config.clique', 'not an object');
  }
  if (typeof g.alloc !== 'object' || g.alloc === null) throw invalid('alloc', 'missing');
  checkQuantity(g, 'gasLimit', true);
  for (const f of [
    'nonce',
    'timestamp',
    'difficulty',
    'number',
    'gasUsed',
    'baseFeePerGas',
    'excessBlobGas',
    'blobGasUsed',
  ]) {
    checkQuantity(g, f);
  }
  for (const [f, len] of [
    ['mixHash', 32],
    ['parentHash', 32],
    ['coinbase', 20],
    ['stateRoot', 32],
  ] as const) {
    const v = g[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || !new RegExp(`^0x[0-9a-fA-F]{${len * 2}}$`).test(v)) {
      throw invalid(f, `not ${len} bytes of hex: ${String(v)}`);
    }
  }
  if (g.stateRoot !== undefined && g.stateRoot !== null && Object.keys(g.alloc as object).length > 0) {
    throw invalid('alloc', 'must be empty when stateRoot is given');
  }
  if (g.extraData !== undefined && g.extraData !== null) {
    if (typeof g.extraData !== 'string' || !/^(0x)?([0-9a-fA-F]{2})*$/.test(g.extraData)) {
      throw invalid('extraData', 'not hex bytes');
    }
  }
  const out: GethGenesis = {
    ...(g as unknown as GethGenesis),
    nonce: toHexQuantity(g.nonce, '0x0'),
    timestamp: toHexQuantity(g.timestamp, '0x0'),
    difficulty: toHexQuantity(g.difficulty, '0x0'),
    gasLimit: toHexQuantity(g.gasLimit, '0x0'),
    extraData:
      typeof g.extraData === 'string' ? (g.extraData.startsWith('0x') ? g.extraData : `0x${g.extraData}`) : '0x',
  };
  return out;
}

/**
 * Builds the `Common` (chain id, every fork by block or time, blob schedule, consensus type) of a
 * genesis, through `@ethereumjs/common`'s `parseGethGenesis`, with two corrections:
 * - a genesis already past the merge (`terminalTotalDifficulty` 0 without `mergeNetsplitBlock`)
 *   gets Paris at block 0, as geth reads it;
 * - the BPO forks keep the blob parameter names `Common.getBlobGasSchedule()` reads for them
 *   (`target`, `max`), which the library's blobSchedule parsing drops (v10.1.3).
 * The returned Common is at the latest fork; set it per block.
 *
 * `opts.customCrypto.kzg` is needed for Cancun-on chains that carry blob transactions: ethereumjs
 * refuses to even decode a blob transaction without a KZG implementation on its Common. The chain
 * package does not pick one (apps/node does, e.g. `kzg-wasm` or micro-eth-signer's KZG with the
 * Ethereum trusted setup).
 */
export function createCommonFromGenesis(genesis: GethGenesis, opts: CommonFromGenesisOpts = {}): Common {
  const config = { ...genesis.config };
  const ttd = config.terminalTotalDifficulty;
  if (
    ttd !== undefined &&
    BigInt(ttd) <= BigInt(genesis.difficulty ?? '0x0') &&
    config.mergeNetsplitBlock === undefined &&
    config.mergeForkBlock === undefined
  ) {
    config.mergeNetsplitBlock = 0;
  }
  let params: ReturnType<typeof parseGethGenesis>;
  try {
    params = parseGethGenesis({
      ...genesis,
      config,
      nonce: genesis.nonce ?? '0x0',
      timestamp: genesis.timestamp ?? '0x0',
      difficulty: genesis.difficulty ?? '0x0',
      baseFeePerGas: genesis.baseFeePerGas ?? undefined,
      excessBlobGas: genesis.excessBlobGas ?? undefined,
    } as unknown as EthereumJSGethGenesis);
  } catch (err) {
    throw invalid('config', (err as Error).message);
  }
  if (params.customHardforks !== undefined && config.blobSchedule !== undefined) {
    for (const [fork, entry] of Object.entries(config.blobSchedule)) {
      const hf = params.customHardforks[fork];
      if (hf === undefined) continue;
      hf.params = {
        ...hf.params,
        target: entry.target,
        max: entry.max,
        blobGasPriceUpdateFraction: entry.baseFeeUpdateFraction,
      };
    }
  }
  if (config.clique !== undefined) {
    // Clique past the merge (docs/consensus.md): Paris keeps its EIPs (PREVRANDAO reads the zero
    // mix hash) but not its switch to proof of stake, so the library keeps Clique's header rules,
    // pays fees to the recovered signer and lets difficulty carry the in-turn weight.
    params.customHardforks = { ...params.customHardforks, paris: { eips: [3675, 4399] } };
  }
  try {
    // Rebuilds the parameter cache only when the parameters change (paramsCommon.ts), not on every copy.
    return new ParamsCachingCommon({
      chain: { ...params, name: 'basalt' } as unknown as ConstructorParameters<typeof Common>[0]['chain'],
      ...(params.hardfork !== undefined ? { hardfork: params.hardfork } : {}),
      ...(opts.customCrypto !== undefined ? { customCrypto: opts.customCrypto } : {}),
    });
  } catch (err) {
    throw invalid('config', (err as Error).message);
  }
}

/** Options of {@link createCommonFromGenesis} and {@link createChainConfig}. */
export interface CommonFromGenesisOpts {
  /** Crypto the Common hands to ethereumjs: `kzg` for blob transactions, faster keccak/ecrecover. */
  customCrypto?: CustomCrypto;
}

/** Parses a genesis (object or JSON text) into its {@link ChainConfig}. Throws INVALID_GENESIS. */
export function createChainConfig(input: string | unknown, opts: CommonFromGenesisOpts = {}): ChainConfig {
  const genesis = parseGenesis(input);
  const common = createCommonFromGenesis(genesis, opts);
  const out: ChainConfig = { genesis, common, chainId: common.chainId() };
  const clique = genesis.config.clique;
  if (clique !== undefined) out.clique = { period: clique.period ?? 15, epoch: clique.epoch ?? 30_000 };
  if (genesis.config.terminalTotalDifficulty !== undefined) {
    out.terminalTotalDifficulty = BigInt(genesis.config.terminalTotalDifficulty);
  }
  return out;
}

/** The forks `devGenesis` can start at, oldest first (ethereumjs names; aliases in {@link HARDFORK_ALIASES}). */
export const DEV_HARDFORKS = [
  Hardfork.Chainstart,
  Hardfork.Homestead,
  Hardfork.TangerineWhistle,
  Hardfork.SpuriousDragon,
  Hardfork.Byzantium,
  Hardfork.Constantinople,
  Hardfork.Petersburg,
  Hardfork.Istanbul,
  Hardfork.MuirGlacier,
  Hardfork.Berlin,
  Hardfork.London,
  Hardfork.ArrowGlacier,
  Hardfork.GrayGlacier,
  Hardfork.Paris,
  Hardfork.Shanghai,
  Hardfork.Cancun,
  Hardfork.Prague,
  Hardfork.Osaka,
] as const;

/** Other spellings accepted for `--hardfork` (Anvil's and geth's). */
export const HARDFORK_ALIASES: Readonly<Record<string, string>> = {
  frontier: Hardfork.Chainstart,
  tangerine: Hardfork.TangerineWhistle,
  tangerinewhistle: Hardfork.TangerineWhistle,
  spurious: Hardfork.SpuriousDragon,
  spuriousdragon: Hardfork.SpuriousDragon,
  muirglacier: Hardfork.MuirGlacier,
  arrowglacier: Hardfork.ArrowGlacier,
  grayglacier: Hardfork.GrayGlacier,
  merge: Hardfork.Paris,
  latest: Hardfork.Prague,
};

/** Block-number fork fields of a geth config, in fork order (index = position in DEV_HARDFORKS). */
const BLOCK_FORK_FIELDS: [string, keyof GethGenesisConfig][] = [
  [Hardfork.Homestead, 'homesteadBlock'],
  [Hardfork.TangerineWhistle, 'eip150Block'],
  [Hardfork.SpuriousDragon, 'eip155Block'],
  [Hardfork.SpuriousDragon, 'eip158Block'],
  [Hardfork.Byzantium, 'byzantiumBlock'],
  [Hardfork.Constantinople, 'constantinopleBlock'],
  [Hardfork.Petersburg, 'petersburgBlock'],
  [Hardfork.Istanbul, 'istanbulBlock'],
  [Hardfork.MuirGlacier, 'muirGlacierBlock'],
  [Hardfork.Berlin, 'berlinBlock'],
  [Hardfork.London, 'londonBlock'],
  [Hardfork.ArrowGlacier, 'arrowGlacierBlock'],
  [Hardfork.GrayGlacier, 'grayGlacierBlock'],
  [Hardfork.Paris, 'mergeNetsplitBlock'],
];
const TIME_FORK_FIELDS: [string, keyof GethGenesisConfig][] = [
  [Hardfork.Shanghai, 'shanghaiTime'],
  [Hardfork.Cancun, 'cancunTime'],
  [Hardfork.Prague, 'pragueTime'],
  [Hardfork.Osaka, 'osakaTime'],
];

/** Mainnet's blob parameters per fork (EIP-4844, EIP-7691), written into a devnet's blobSchedule. */
export const DEFAULT_BLOB_SCHEDULE: Readonly<Record<string, BlobScheduleEntry>> = {
  cancun: { target: 3, max: 6, baseFeeUpdateFraction: 3338477 },
  prague: { target: 6, max: 9, baseFeeUpdateFraction: 5007716 },
  osaka: { target: 6, max: 9, baseFeeUpdateFraction: 5007716 },
};

/** Input of {@link devGenesis}. */
export interface DevGenesisOpts {
  /** Default 31337. */
  chainId?: number;
  /** Funded accounts (0x-prefixed hex addresses). */
  accounts: string[];
  /** Balance of each account, in wei. Default 10 000 ether. */
  balance?: bigint;
  /** Default 30 000 000. */
  gasLimit?: bigint;
  /** Base fee of the genesis block (London on). Default 1 gwei (geth's initial base fee). */
  baseFeePerGas?: bigint;
  /** Every fork up to this one is active from genesis. Default 'prague'. */
  hardfork?: string;
  /** Genesis timestamp in seconds. Default 0. */
  timestamp?: bigint;
  /** Default empty. */
  extraData?: string;
  /** Clique settings; makes the genesis a proof-of-authority one. */
  clique?: { period: number; epoch: number };
}

/** Resolves a hardfork name or alias to an ethereumjs name from {@link DEV_HARDFORKS}; throws INVALID_GENESIS. */
export function resolveHardfork(name: string): (typeof DEV_HARDFORKS)[number] {
  const lower = name.toLowerCase();
  const aliased = HARDFORK_ALIASES[lower] ?? lower;
  const found = DEV_HARDFORKS.find((hf) => hf.toLowerCase() === aliased.toLowerCase());
  if (found === undefined) {
    throw invalid('hardfork', `unknown hardfork ${name}; one of ${DEV_HARDFORKS.join(', ')}`);
  }
  return found;
}

/**
 * A geth-style genesis for a devnet: every fork up to `hardfork` active at genesis, the dev
 * accounts funded, and the system contracts the active forks call (EIP-4788 from Cancun, EIP-2935,
 * EIP-7002 and EIP-7251 from Prague). Proof-of-stake style (difficulty 0, `terminalTotalDifficulty`
 * 0) from Paris on; difficulty 1 before.
 */
export function devGenesis(opts: DevGenesisOpts): GethGenesis {
  const hardfork = resolveHardfork(opts.hardfork ?? Hardfork.Prague);
  const level = DEV_HARDFORKS.indexOf(hardfork);
  const active = (hf: string) => DEV_HARDFORKS.indexOf(hf as (typeof DEV_HARDFORKS)[number]) <= level;
  const config: GethGenesisConfig = { chainId: opts.chainId ?? 31337 };
  const cfg = config as unknown as Record<string, unknown>;
  for (const [hf, field] of BLOCK_FORK_FIELDS) if (active(hf)) cfg[field] = 0;
  for (const [hf, field] of TIME_FORK_FIELDS) if (active(hf)) cfg[field] = 0;
  const postMerge = active(Hardfork.Paris);
  if (postMerge) config.terminalTotalDifficulty = 0;
  if (active(Hardfork.Prague)) config.depositContractAddress = '0x0000000000000000000000000000000000000000';
  const schedule: Record<string, BlobScheduleEntry> = {};
  for (const [fork, entry] of Object.entries(DEFAULT_BLOB_SCHEDULE)) if (active(fork)) schedule[fork] = { ...entry };
  if (Object.keys(schedule).length > 0) config.blobSchedule = schedule;
  if (opts.clique !== undefined) config.clique = { ...opts.clique };
  else if (!postMerge) config.ethash = {};

  const alloc: GenesisAlloc = {};
  for (const sc of SYSTEM_CONTRACTS) {
    if (active(sc.fork)) alloc[sc.address] = { balance: '0x0', nonce: '0x1', code: sc.code };
  }
  const balance = `0x${(opts.balance ?? 10_000n * 10n ** 18n).toString(16)}`;
  for (const account of opts.accounts) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(account)) throw invalid('accounts', `not an address: ${account}`);
    alloc[account.toLowerCase()] = { balance };
  }
  const genesis: GethGenesis = {
    config,
    alloc,
    nonce: '0x0',
    timestamp: `0x${(opts.timestamp ?? 0n).toString(16)}`,
    extraData: opts.extraData ?? '0x',
    gasLimit: `0x${(opts.gasLimit ?? 30_000_000n).toString(16)}`,
    difficulty: postMerge ? '0x0' : '0x1',
    mixHash: `0x${'00'.repeat(32)}`,
    coinbase: `0x${'00'.repeat(20)}`,
  };
  if (active(Hardfork.London)) genesis.baseFeePerGas = `0x${(opts.baseFeePerGas ?? 1_000_000_000n).toString(16)}`;
  return genesis;
}

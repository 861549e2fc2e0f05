import type { LogLevel } from '@basalt/common';
import type { ForkConfig } from './fork/forkSource.ts';

/** The p2p host of a node (`--p2p-port`, `--p2p-host`, `--bootnodes`); see docs/network.md. */
export interface P2PConfig {
  /** Interface to listen on. Default 127.0.0.1. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Multiaddrs (with `/p2p/<peer id>`) dialled at start and re-dialled while disconnected. */
  bootnodes: string[];
}

/** Everything `basalt dev` needs, parsed once from flags at the edge (H14). */
export interface DevNodeConfig {
  host: string;
  port: number;
  chainId: bigint;
  accounts: number;
  mnemonic: string;
  derivationPath: string;
  /** Balance of each dev account, in wei. */
  balance: bigint;
  /** Seconds between blocks; undefined = instant mining. */
  blockTime?: number;
  /** Do not mine at all (only on demand). */
  noMining: boolean;
  gasLimit: bigint;
  baseFee: bigint;
  hardfork: string;
  /** A geth-style genesis.json instead of the generated dev genesis. */
  genesisFile?: string;
  /** Keep the chain here; without it the devnet is in memory. */
  dataDir?: string;
  logLevel: LogLevel;
  logFormat: 'pretty' | 'json';
  /** RPC limits. */
  maxBodyBytes?: number;
  maxBatch?: number;
  cors?: string;
  /** Print the banner (accounts, keys) to stdout. */
  silent: boolean;
  /** A state file (`anvil_dumpState`'s JSON) loaded over the head state at start (`--load-state`). */
  loadState?: string;
  /** Where the head state is written, as JSON, when the node stops (`--dump-state`). */
  dumpState?: string;
  /** Deploy the example token set from the first dev account right after start (`--deploy-tokens`). */
  deployTokens?: boolean;
  /** Fork another chain (`--fork-url`, `--fork-block-number`): its state is read lazily at the fork block. */
  fork?: ForkConfig | undefined;
  /** Run a p2p host so followers (`basalt start`) can sync from this node (`--p2p-port`). Default: none. */
  p2p?: P2PConfig | undefined;
  /** Write the genesis this node runs (geth JSON) to this file at start, for followers (`--write-genesis`). */
  writeGenesis?: string | undefined;
}

export const defaultDevNodeConfig: DevNodeConfig = {
  host: '127.0.0.1',
  port: 8545,
  chainId: 31337n,
  accounts: 10,
  mnemonic: 'test test test test test test test test test test test junk',
  derivationPath: "m/44'/60'/0'/0",
  balance: 10_000n * 10n ** 18n,
  noMining: false,
  gasLimit: 30_000_000n,
  baseFee: 1_000_000_000n,
  hardfork: 'prague',
  logLevel: 'info',
  logFormat: 'pretty',
  silent: false,
};

export {
  type BlobScheduleEntry,
  type ChainConfig,
  type CommonFromGenesisOpts,
  createChainConfig,
  createCommonFromGenesis,
  DEFAULT_BLOB_SCHEDULE,
  DEV_HARDFORKS,
  type DevGenesisOpts,
  devGenesis,
  type GethGenesis,
  type GethGenesisConfig,
  HARDFORK_ALIASES,
  parseGenesis,
  resolveHardfork,
} from './config.ts';
export { Chain } from './chain.ts';
export { TrustedSealEngine } from './consensus/trusted.ts';
export { createChain, readStoredGenesis } from './createChain.ts';
export { ChainError, ChainErrorCode, type ChainErrorType } from './errors.ts';
export { findReorgPath, type ForkWeight, isHeavier, type ReorgPath } from './forkChoice/forkChoice.ts';
export { buildGenesis, createGenesisBlock } from './genesis.ts';
export { type ChainDefaults, defaultChainOpts } from './options.ts';
export { BlockStore, type BlockStoreOpts, type TxIndexEntry } from './store/blockStore.ts';
export { encodeConsensusReceipt } from './store/receipts.ts';
export { SYSTEM_CONTRACTS, type SystemContract } from './systemContracts.ts';
export type * from './types.ts';
export {
  type AccountInfo,
  createTxPool,
  defaultTxPoolOpts,
  TxDropReason,
  type TxPool,
  type TxPoolDeps,
  TxPoolError,
  TxPoolErrorCode,
  type TxPoolErrorType,
  type TxPoolEvents,
  type TxPoolOpts,
} from './txpool/index.ts';
export { DevEngine, type DevEngineOpts } from './consensus/index.ts';
export {
  type CliqueEngineDeps,
  type CliqueEngineOpts,
  type CliqueGenesisOpts,
  type CliqueHeaderInfo,
  type CliqueHeaderSource,
  type CliqueProducerChain,
  type CliqueProducerDeps,
  type CliqueProducerEvents,
  type CliqueProducerOpts,
  type CliqueProducerState,
  type CliqueTally,
  type CliqueVote,
  type CliqueErrorType,
  type SnapshotJSON,
  CliqueEngine,
  CliqueError,
  CliqueErrorCode,
  CliqueProducer,
  CliqueSigner,
  Snapshot as CliqueSnapshot,
  checkpointSigners,
  cliqueCheckpointExtraData,
  cliqueGenesis,
  createCliqueEngine,
  createCliqueProducer,
  defaultCliqueEngineOpts,
  DIFF_IN_TURN,
  DIFF_NO_TURN,
  EXTRA_SEAL,
  EXTRA_VANITY,
  NONCE_AUTH,
  NONCE_DROP,
  recoverSigner,
} from './consensus/clique/index.ts';
export {
  createMiner,
  defaultMinerOpts,
  type Lock,
  type MineOpts,
  type Miner,
  type MinerChain,
  MinerClock,
  type MinerClockState,
  type MinerDeps,
  MinerError,
  MinerErrorCode,
  type MinerErrorType,
  type MinerEvents,
  type MinerOpts,
  Mutex,
} from './miner/index.ts';
export type { ChainDevAccess } from './chain.ts';
export {
  createDevStateStore,
  createDevTools,
  createImpersonatedTx,
  type DevSnapshotInfo,
  DevStateStore,
  DevError,
  DevErrorCode,
  type DevErrorType,
  type DevTools,
  type DevToolsDeps,
  type DumpedAccount,
  type DumpedBlockEnv,
  encodeStateDumpHex,
  IMPERSONATION_MARKER,
  impersonatedSenderOf,
  isImpersonatedTx,
  parseStateDump,
  PREIMAGES_SUBLEVEL,
  restoreImpersonatedSenders,
  rewindHead,
  setHeadStateRoot,
  type StateDump,
  withStateRoot,
} from './dev/index.ts';

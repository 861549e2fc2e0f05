export {
  type BlobScheduleEntry,
  type ChainConfig,
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
export { ChainError, ChainErrorCode, type ChainErrorType } from './errors.ts';
export { buildGenesis, createGenesisBlock } from './genesis.ts';
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

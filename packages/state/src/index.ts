export {
  type Database,
  type OpenDatabaseOpts,
  openDatabase,
  type Sublevel,
  sublevel,
  WriteBatch,
} from './database.ts';
export { type ForkFetchKind, StateError, StateErrorCode, type StateErrorType } from './errors.ts';
export type { ForkFetchStats } from './fork/fetcher.ts';
export type { RemoteProof, RemoteStateReader } from './fork/types.ts';
export { buildGenesisState, type GenesisAccount, type GenesisAlloc } from './genesis.ts';
export { defaultStateStoreOpts } from './options.ts';
export { type AccountProof, getAccountProof, type StorageProof, verifyAccountProof } from './proof.ts';
export { createStateStore, StateStore } from './stateStore.ts';
export type { OpenAtOpts, StateStoreDeps, StateStoreOpts } from './types.ts';

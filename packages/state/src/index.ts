export {
  type Database,
  type OpenDatabaseOpts,
  openDatabase,
  type Sublevel,
  sublevel,
  WriteBatch,
} from './database.ts';
export { StateError, StateErrorCode, type StateErrorType } from './errors.ts';
export { buildGenesisState, type GenesisAccount, type GenesisAlloc } from './genesis.ts';
export { defaultStateStoreOpts } from './options.ts';
export { type AccountProof, getAccountProof, type StorageProof, verifyAccountProof } from './proof.ts';
export { createStateStore, StateStore } from './stateStore.ts';
export type { OpenAtOpts, StateStoreDeps, StateStoreOpts } from './types.ts';

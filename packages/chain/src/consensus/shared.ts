// What the engines in sub-folders (clique/) use from the rest of the package, one level up, so
// they import `../shared.ts` rather than climbing two levels (the lint rule keeps `../../` for
// reaching into other packages).
export { devGenesis, type DevGenesisOpts, type GethGenesis } from '../config.ts';
export { ChainError, ChainErrorCode } from '../errors.ts';
export { type Lock, Mutex } from '../miner/mutex.ts';
export type { MinerChain } from '../miner/types.ts';
export { LRUCache } from '../store/lru.ts';
export type { TxPool } from '../txpool/types.ts';
export type { ConsensusEngine } from '../types.ts';

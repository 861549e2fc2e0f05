export { MinerClock, type MinerClockState } from './clock.ts';
export { MinerError, MinerErrorCode, type MinerErrorType } from './errors.ts';
export { createMiner } from './miner.ts';
export { type Lock, Mutex } from './mutex.ts';
export { defaultMinerOpts } from './options.ts';
export type { MineOpts, Miner, MinerChain, MinerDeps, MinerEvents, MinerOpts } from './types.ts';

import type { ExecutorOpts } from './types.ts';

/** The defaults of {@link ExecutorOpts} (`rpcGasCap` has none: it follows the block gas limit). */
export const defaultExecutorOpts: Required<Omit<ExecutorOpts, 'rpcGasCap' | 'libraryBuild'>> = {
  estimateGasErrorRatio: 0,
  readStateCacheSize: 4,
  callCacheSize: 4096,
};

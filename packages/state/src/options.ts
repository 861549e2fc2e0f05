import type { StateStoreOpts } from './types.ts';

/** The defaults of {@link StateStoreOpts}, without `common` (the library picks its own). */
export const defaultStateStoreOpts: Required<Omit<StateStoreOpts, 'common'>> = {
  cacheSize: 50_000,
  sublevelName: 'trie',
  nodesInMemory: false,
};

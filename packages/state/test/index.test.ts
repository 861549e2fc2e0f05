import { describe, expect, it } from '@jest/globals';
import * as state from '@basalt/state';

describe('state / public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(state).sort()).toEqual(
      [
        'StateError',
        'StateErrorCode',
        'StateStore',
        'WriteBatch',
        'buildGenesisState',
        'createStateStore',
        'defaultStateStoreOpts',
        'getAccountProof',
        'openDatabase',
        'sublevel',
        'verifyAccountProof',
      ].sort(),
    );
  });

  it('error codes are stable strings', () => {
    expect(Object.values(state.StateErrorCode).sort()).toEqual([
      'BATCH_ALREADY_COMMITTED',
      'DATABASE_OPEN_FAILED',
      'FORK_FETCH_FAILED',
      'FORK_INVALID_RESPONSE',
      'FORK_NODE_MISSING',
      'INVALID_GENESIS_ALLOC',
      'INVALID_STORAGE_KEY',
      'STATE_ROOT_NOT_FOUND',
    ]);
  });
});

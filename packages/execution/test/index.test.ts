import { describe, expect, it } from '@jest/globals';
import * as api from '@basalt/execution';

describe('execution / public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'BlockValidationError',
      'BlockValidationErrorCode',
      'CallError',
      'CallErrorCode',
      'ExecutionInternalError',
      'ExecutionRevertedError',
      'TxValidationError',
      'TxValidationErrorCode',
      'createExecutor',
      'decodeRevertReason',
      'defaultExecutorOpts',
      'encodeReceiptRLP',
    ]);
  });
});

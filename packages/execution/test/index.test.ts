import { describe, expect, it } from '@jest/globals';
import * as api from '@basalt/execution';

describe('execution / public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'BlockValidationError',
      'BlockValidationErrorCode',
      'CONSOLE_ADDRESS',
      'CONSOLIDATION_REQUEST_CONTRACT',
      'CallError',
      'CallErrorCode',
      'ExecutionInternalError',
      'ExecutionRevertedError',
      'SimulateError',
      'SimulateErrorCode',
      'TRACER_NAMES',
      'TraceError',
      'TraceErrorCode',
      'TxValidationError',
      'TxValidationErrorCode',
      'WITHDRAWAL_REQUEST_CONTRACT',
      'answerEmptyRequestQueues',
      'attachConsoleLog',
      'createExecutor',
      'createTracer',
      'decodeConsoleLog',
      'decodeRevertReason',
      'defaultExecutorOpts',
      'defaultTracerOpts',
      'encodeReceiptRLP',
      'senderOf',
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import * as common from '@basalt/common';
import { BasaltError, isBasaltError, isStartable, MemoryLogger } from '@basalt/common';

enum DemoErrorCode {
  TOO_BIG = 'DEMO_TOO_BIG',
}
type DemoErrorType = { code: DemoErrorCode.TOO_BIG; limit: number; got: number };
class DemoError extends BasaltError<DemoErrorType> {}

describe('common / public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(common).sort()).toEqual(
      ['BasaltError', 'MemoryLogger', 'isBasaltError', 'isStartable', 'silentLogger'].sort(),
    );
  });
});

describe('common / errors', () => {
  it('carries a string code, typed metadata, cause and the subclass name', () => {
    const cause = new RangeError('inner');
    const err = new DemoError({ code: DemoErrorCode.TOO_BIG, limit: 10, got: 11 }, 'value 11 over limit 10', { cause });
    expect(err.code).toBe('DEMO_TOO_BIG');
    expect(err.name).toBe('DemoError');
    expect(err.message).toBe('value 11 over limit 10');
    expect(err.getMetadata()).toEqual({ limit: 10, got: 11 });
    expect(err.cause).toBe(cause);
    expect(isBasaltError(err)).toBe(true);
    expect(isBasaltError(new Error('plain'))).toBe(false);
  });

  it('uses the code as message when none is given', () => {
    expect(new DemoError({ code: DemoErrorCode.TOO_BIG, limit: 1, got: 2 }).message).toBe('DEMO_TOO_BIG');
  });
});

describe('common / logger', () => {
  it('child loggers add their module and share the records', () => {
    const log = new MemoryLogger();
    log.child({ module: 'rpc' }).info('listening', { port: 8545 });
    expect(log.records).toEqual([{ level: 'info', message: 'listening', context: { module: 'rpc', port: 8545 } }]);
  });
});

describe('common / startable', () => {
  it('recognises the shape', () => {
    expect(isStartable({ start: async () => {}, stop: async () => {}, isStarted: () => false })).toBe(true);
    expect(isStartable({ start: async () => {} })).toBe(false);
  });
});

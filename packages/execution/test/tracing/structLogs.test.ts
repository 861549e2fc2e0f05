import { describe, expect, it } from '@jest/globals';
import { TraceErrorCode, type StructLogResult } from '@basalt/execution';
import { A, B, call, mine, traceEnv } from './helpers.ts';

const SLOT0 = `0x${'00'.repeat(32)}`;
const ONE = `0x${'00'.repeat(31)}01`;

describe('execution / tracing / struct logs', () => {
  it('slot0 += 1 gives geth’s struct logs step for step (cold SLOAD 2100, SSTORE set 20000)', async () => {
    const env = await traceEnv();
    const built = await mine(env, [call(env, B)]);
    const pendingBefore = env.store.pendingWrites;
    const trace = (await env.tracer.traceTransaction(built.block, env.genesis, 0)) as StructLogResult;
    // 100000 gas - 21000 intrinsic = 79000 at the first step; geth's legacy struct-log JSON.
    expect(trace).toEqual({
      gas: 43112,
      failed: false,
      returnValue: '0x',
      structLogs: [
        { pc: 0, op: 'PUSH1', gas: 79000, gasCost: 3, depth: 1, stack: [] },
        { pc: 2, op: 'PUSH1', gas: 78997, gasCost: 3, depth: 1, stack: ['0x1'] },
        { pc: 4, op: 'SLOAD', gas: 78994, gasCost: 2100, depth: 1, stack: ['0x1', '0x0'], storage: { [SLOT0]: SLOT0 } },
        { pc: 5, op: 'ADD', gas: 76894, gasCost: 3, depth: 1, stack: ['0x1', '0x0'] },
        { pc: 6, op: 'PUSH1', gas: 76891, gasCost: 3, depth: 1, stack: ['0x1'] },
        { pc: 8, op: 'SSTORE', gas: 76888, gasCost: 20000, depth: 1, stack: ['0x1', '0x0'], storage: { [SLOT0]: ONE } },
        { pc: 9, op: 'STOP', gas: 56888, gasCost: 0, depth: 1, stack: [] },
      ],
    });
    expect(built.outcomes[0]!.gasUsed).toBe(43112n);
    // Tracing ran on scratch state: nothing new waits to be written.
    expect(env.store.pendingWrites).toBe(pendingBefore);
  });

  it('a CALL costs what it passes on (all but 1/64 after the cold access), the callee runs at depth 2', async () => {
    const env = await traceEnv();
    const built = await mine(env, [call(env, A, 0n, 200_000n)]);
    const trace = (await env.tracer.traceTransaction(built.block, env.genesis, 0, {
      disableStack: true,
    })) as StructLogResult;
    const calls = trace.structLogs.filter((l) => l.op === 'CALL');
    // GAS left 178980; CALL: 2600 cold + (178980 - 2600) * 63/64 rounded as geth = 2600 + 173625.
    expect(calls).toEqual([{ pc: 32, op: 'CALL', gas: 178980, gasCost: 176225, depth: 1 }]);
    const inner = trace.structLogs.filter((l) => l.depth === 2);
    expect(inner.map((l) => [l.op, l.gas, l.gasCost])).toEqual([
      ['PUSH1', 173625, 3],
      ['PUSH1', 173622, 3],
      ['SLOAD', 173619, 2100],
      ['ADD', 171519, 3],
      ['PUSH1', 171516, 3],
      ['SSTORE', 171513, 20000],
      ['STOP', 151513, 0],
    ]);
    // Back in the caller: the callee's 22112 and the 2600 are gone.
    expect(trace.structLogs.at(-1)).toEqual({ pc: 33, op: 'STOP', gas: 154268, gasCost: 0, depth: 1 });
    expect(trace.gas).toBe(45732);
    expect(trace.structLogs.every((l) => l.stack === undefined)).toBe(true);
  });

  it('enableMemory gives 32-byte words, disableStorage drops storage, limit caps the steps', async () => {
    const env = await traceEnv({
      // MSTORE(0, 0x2a), RETURN(0, 32)
      '0x00000000000000000000000000000000000000cc': { code: '0x602a60005260206000f3' },
    });
    const built = await mine(env, [call(env, B), call(env, A, 1n, 200_000n)]);
    const t = (await env.tracer.traceTransaction(built.block, env.genesis, 0, {
      disableStorage: true,
      limit: 3,
    })) as StructLogResult;
    expect(t.structLogs).toHaveLength(3);
    expect(t.structLogs[2]!.storage).toBeUndefined();
    // The second tx runs after the first: slot0 is 1 when it reads it.
    const t2 = (await env.tracer.traceTransaction(built.block, env.genesis, 1)) as StructLogResult;
    const sload = t2.structLogs.find((l) => l.op === 'SLOAD')!;
    expect(sload.storage).toEqual({ [SLOT0]: ONE });
    expect(sload.gasCost).toBe(2100);
  });

  it('memory words and returnData as geth prints them', async () => {
    const env = await traceEnv({
      '0x00000000000000000000000000000000000000cc': { code: '0x602a60005260206000f3' },
      // STATICCALL(GAS, 0xcc, 0, 0, 0, 0), POP, STOP
      '0x00000000000000000000000000000000000000dd': {
        code: `0x6000600060006000${'73'}${'00'.repeat(19)}cc5afa5000`,
      },
    });
    const { createAddressFromString } = await import('@ethereumjs/util');
    const dd = createAddressFromString('0x00000000000000000000000000000000000000dd');
    const built = await mine(env, [call(env, dd, 0n, 200_000n)]);
    const t = (await env.tracer.traceTransaction(built.block, env.genesis, 0, {
      enableMemory: true,
      enableReturnData: true,
    })) as StructLogResult;
    const ret = t.structLogs.find((l) => l.op === 'RETURN')!;
    expect(ret.depth).toBe(2);
    expect(ret.memory).toEqual([`0x${'00'.repeat(31)}2a`]);
    // After the STATICCALL, the caller's POP sees the callee's 32 bytes as return data.
    const pop = t.structLogs.find((l) => l.op === 'POP')!;
    expect(pop.returnData).toBe(`0x${'00'.repeat(31)}2a`);
    expect(pop.memory).toBeUndefined();
    const first = t.structLogs[0]!;
    expect(first.returnData).toBeUndefined();
  });

  it('out of gas is reported on the failing step, and the trace as failed with no return value', async () => {
    const env = await traceEnv();
    // 21000 + 3 + 3 + 2100 + 3 + 3 = 23112 reaches SSTORE with 5000 left (a set costs 20000);
    // with 100 left the EIP-2200 sentry fails it first, at cost 0, as geth reports it.
    const built = await mine(env, [call(env, B, 0n, 28_112n), call(env, B, 1n, 23_212n)]);
    const t = (await env.tracer.traceTransaction(built.block, env.genesis, 0)) as StructLogResult;
    expect(t.failed).toBe(true);
    expect(t.returnValue).toBe('0x');
    expect(t.gas).toBe(28112);
    expect(t.structLogs.at(-1)).toEqual({
      pc: 8,
      op: 'SSTORE',
      gas: 5000,
      gasCost: 20000,
      depth: 1,
      error: 'out of gas',
      stack: ['0x1', '0x0'],
      storage: { [SLOT0]: ONE },
    });
    const sentry = (await env.tracer.traceTransaction(built.block, env.genesis, 1)) as StructLogResult;
    expect(sentry.structLogs.at(-1)).toMatchObject({
      op: 'SSTORE',
      gas: 100,
      gasCost: 0,
      error: 'out of gas: not enough gas for reentrancy sentry',
    });
  });

  it('a loop longer than the timeout fails with TIMEOUT; genesis is not traceable', async () => {
    const env = await traceEnv({
      // JUMPDEST, PUSH1 0, JUMP: forever
      '0x00000000000000000000000000000000000000ee': { code: '0x5b600056' },
    });
    const { createAddressFromString } = await import('@ethereumjs/util');
    const built = await mine(env, [
      call(env, createAddressFromString('0x00000000000000000000000000000000000000ee'), 0n, 1_000_000n),
    ]);
    await expect(
      env.tracer.traceTransaction(built.block, env.genesis, 0, { timeoutMs: 1, disableStack: true }),
    ).rejects.toMatchObject({ code: TraceErrorCode.TIMEOUT, message: 'execution timeout' });
    await expect(env.tracer.traceBlock(env.genesis, env.genesis)).rejects.toMatchObject({
      code: TraceErrorCode.GENESIS_NOT_TRACEABLE,
      message: 'genesis is not traceable',
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import { createAddressFromString, createContractAddress } from '@ethereumjs/util';
import {
  type CallFrameJSON,
  decodeConsoleLog,
  type ConsoleLogEntry,
  createExecutor,
  type ParityTrace,
  type PrestateResult,
} from '@basalt/execution';
import { encodeFunctionData, keccak256, toFunctionSelector, toHex } from 'viem';
import { counterAbi, Counter, fn, RevertExamples, revertAbi } from '../helpers/contracts.ts';
import { ADDRS, KEYS, tx1559 } from '../helpers/env.ts';
import { A, B, call, mine, traceEnv } from './helpers.ts';

const sender = ADDRS[0]!.toString();
const SLOT0 = `0x${'00'.repeat(32)}`;
const ONE = `0x${'00'.repeat(31)}01`;

describe('execution / tracing / callTracer, prestateTracer, Parity', () => {
  it('callTracer: a CALL into a contract, gas and gasUsed as geth reports them', async () => {
    const env = await traceEnv();
    const built = await mine(env, [call(env, A, 0n, 200_000n)]);
    const trace = await env.tracer.traceTransaction(built.block, env.genesis, 0, { tracer: 'callTracer' });
    // Top: the tx gas limit and the receipt's gas used; the child: the gas passed and what it used.
    expect(trace).toEqual({
      type: 'CALL',
      from: sender,
      gas: '0x30d40',
      gasUsed: '0xb2a4',
      to: A.toString(),
      input: '0x',
      calls: [
        {
          type: 'CALL',
          from: A.toString(),
          gas: '0x2a639',
          gasUsed: '0x5660',
          to: B.toString(),
          input: '0x',
          value: '0x0',
        },
      ],
      value: '0x0',
    });
    expect(Object.keys(trace)).toEqual(['type', 'from', 'gas', 'gasUsed', 'to', 'input', 'calls', 'value']);
    const top = await env.tracer.traceTransaction(built.block, env.genesis, 0, {
      tracer: 'callTracer',
      tracerConfig: { onlyTopCall: true },
    });
    expect((top as CallFrameJSON).calls).toBeUndefined();
  });

  it('callTracer: Counter.increment withLog, a revert with its reason, a panic, a custom error', async () => {
    const env = await traceEnv();
    // Block 1: deploy Counter (at CREATE(dev0, 0)) and RevertExamples, then Counter.increment().
    const counter = createContractAddress(ADDRS[0]!, 0n);
    const deployRevert = tx1559(env.common, KEYS[0]!, {
      nonce: 1n,
      data: RevertExamples.bytecode as `0x${string}`,
      gasLimit: 3_000_000n,
    });
    const inc = tx1559(env.common, KEYS[0]!, {
      nonce: 2n,
      to: counter,
      data: fn(counterAbi, 'increment'),
      gasLimit: 200_000n,
    });
    const block1 = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [
        tx1559(env.common, KEYS[0]!, { nonce: 0n, data: Counter.bytecode as `0x${string}`, gasLimit: 3_000_000n }),
        deployRevert,
        inc,
      ],
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    const revertAddr = block1.outcomes[1]!.contractAddress!;
    const incTrace = (await env.tracer.traceTransaction(block1.block, env.genesis, 2, {
      tracer: 'callTracer',
      tracerConfig: { withLog: true },
    })) as CallFrameJSON;
    expect(incTrace.gasUsed).toBe(`0x${block1.outcomes[2]!.gasUsed.toString(16)}`);
    expect(incTrace.input).toBe(fn(counterAbi, 'increment'));
    expect(incTrace.output).toBeUndefined();
    expect(incTrace.logs).toEqual([
      {
        address: counter.toString(),
        topics: [keccak256(toHex('Incremented(address,uint256)')), `0x${'00'.repeat(12)}${sender.slice(2)}`],
        data: ONE,
        position: '0x0',
      },
    ]);

    // Block 2 on block 1: three failing calls.
    const fail = (nonce: bigint, data: `0x${string}`) =>
      tx1559(env.common, KEYS[0]!, { nonce, to: revertAddr, data, gasLimit: 200_000n });
    const block2 = await env.executor.buildBlock({
      parent: block1.block,
      txs: [
        fail(3n, fn(revertAbi, 'revertWithString')),
        fail(4n, fn(revertAbi, 'divide', [1n, 0n])),
        fail(5n, fn(revertAbi, 'revertWithBareError')),
      ],
      template: { timestamp: 24n, coinbase: ADDRS[2]! },
    });
    const traces = await env.tracer.traceBlock(block2.block, block1.block, { tracer: 'callTracer' });
    const [str, panic, custom] = traces.map((t) => t.result as CallFrameJSON);
    expect(traces[0]!.txHash).toBe(`0x${Buffer.from(block2.block.transactions[0]!.hash()).toString('hex')}`);
    expect(str).toMatchObject({ error: 'execution reverted', revertReason: 'RevertExamples: always' });
    expect(panic).toMatchObject({ error: 'execution reverted', revertReason: 'division or modulo by zero' });
    expect(panic!.output).toBe(`0x4e487b71${'00'.repeat(31)}12`);
    expect(custom!.error).toBe('execution reverted');
    expect(custom!.revertReason).toBeUndefined(); // geth decodes only Error(string) and Panic(uint256)
    expect(custom!.output).toBe(toFunctionSelector('error Nope()'));
  });

  it('prestateTracer: touched accounts before; diffMode: only what changed, pre and post', async () => {
    const env = await traceEnv();
    const built = await mine(env, [call(env, A, 0n, 200_000n)]);
    const pre = (await env.tracer.traceTransaction(built.block, env.genesis, 0, {
      tracer: 'prestateTracer',
    })) as Record<string, Record<string, unknown>>;
    expect(Object.keys(pre).sort()).toEqual([A.toString(), B.toString(), sender, ADDRS[2]!.toString()].sort());
    expect(pre[B.toString()]).toEqual({
      balance: '0x0',
      code: '0x60016000540160005500',
      codeHash: keccak256('0x60016000540160005500'),
      storage: { [SLOT0]: SLOT0 },
    });
    expect(pre[sender]).toEqual({ balance: `0x${(1000n * 10n ** 18n).toString(16)}` });

    const diff = (await env.tracer.traceTransaction(built.block, env.genesis, 0, {
      tracer: 'prestateTracer',
      tracerConfig: { diffMode: true },
    })) as Extract<PrestateResult, { post: unknown }>;
    expect(Object.keys(diff)).toEqual(['post', 'pre']);
    // A did not change: left out of both. B's slot went 0 -> 1 (zero slots are not listed in pre).
    expect(diff.pre[A.toString() as `0x${string}`]).toBeUndefined();
    expect(diff.post[B.toString() as `0x${string}`]).toEqual({ storage: { [SLOT0]: ONE } });
    expect(diff.pre[B.toString() as `0x${string}`]).toEqual({
      balance: '0x0',
      code: '0x60016000540160005500',
      codeHash: keccak256('0x60016000540160005500'),
    });
    const gasUsed = built.outcomes[0]!.gasUsed;
    const price = built.outcomes[0]!.effectiveGasPrice;
    expect(diff.post[sender as `0x${string}`]).toEqual({
      balance: `0x${(1000n * 10n ** 18n - gasUsed * price).toString(16)}`,
      nonce: 1,
    });
    const tip = price - built.block.header.baseFeePerGas!;
    expect(diff.post[ADDRS[2]!.toString() as `0x${string}`]).toEqual({
      balance: `0x${(1000n * 10n ** 18n + gasUsed * tip).toString(16)}`,
    });
  });

  it('trace_transaction: Parity format with traceAddress and subtraces', async () => {
    const env = await traceEnv();
    const built = await mine(env, [call(env, A, 0n, 200_000n)]);
    const traces: ParityTrace[] = await env.tracer.parityTraceTransaction(built.block, env.genesis, 0);
    const blockHash = `0x${Buffer.from(built.block.hash()).toString('hex')}`;
    const txHash = `0x${Buffer.from(built.block.transactions[0]!.hash()).toString('hex')}`;
    expect(traces).toEqual([
      {
        action: { callType: 'call', from: sender, gas: '0x2bb38', input: '0x', to: A.toString(), value: '0x0' },
        blockHash,
        blockNumber: 1,
        result: { gasUsed: '0x609c', output: '0x' },
        subtraces: 1,
        traceAddress: [],
        transactionHash: txHash,
        transactionPosition: 0,
        type: 'call',
      },
      {
        action: { callType: 'call', from: A.toString(), gas: '0x2a639', input: '0x', to: B.toString(), value: '0x0' },
        blockHash,
        blockNumber: 1,
        result: { gasUsed: '0x5660', output: '0x' },
        subtraces: 0,
        traceAddress: [0],
        transactionHash: txHash,
        transactionPosition: 0,
        type: 'call',
      },
    ]);
    expect(await env.tracer.parityTraceBlock(built.block, env.genesis)).toEqual(traces);
  });

  it('traceCall: a call on a block’s state with a state override', async () => {
    const env = await traceEnv();
    const result = await env.tracer.traceCall(
      {
        req: { from: ADDRS[1]!, to: B, gas: 100_000n },
        block: env.genesis,
        stateOverrides: { [B.toString()]: { stateDiff: { [SLOT0]: `0x${'00'.repeat(31)}07` } } },
      },
      { tracer: 'prestateTracer', tracerConfig: { diffMode: true } },
    );
    expect((result as { post: Record<string, unknown> }).post[B.toString()]).toEqual({
      storage: { [SLOT0]: `0x${'00'.repeat(31)}08` },
    });
    const logs = await env.tracer.traceCall({ req: { to: B }, block: env.genesis });
    expect((logs as { structLogs: unknown[] }).structLogs).toHaveLength(7);
  });

  it('console.log: the executor reports each call to the console address while building a block', async () => {
    expect(
      decodeConsoleLog(hexBytes(encodeFunctionData({ abi: CONSOLE_ABI, functionName: 'log', args: ['n = %d!', 42n] }))),
    ).toBe('n = 42!');
    const calldata = encodeFunctionData({ abi: CONSOLE_ABI, functionName: 'log', args: ['hello', 7n] });
    const seen: ConsoleLogEntry[] = [];
    // A contract that forwards its calldata to the console address: CALLDATACOPY, CALL, STOP.
    const fwd = createAddressFromString('0x00000000000000000000000000000000000000f0');
    const envWithFwd = await traceEnv({
      [fwd.toString()]: {
        code: `0x366000600037600060003660006000${'73'}000000000000000000636f6e736f6c652e6c6f675af100`,
      },
    });
    const exec2 = await createExecutor({
      common: envWithFwd.common,
      states: envWithFwd.store,
      onConsoleLog: (e) => seen.push(e),
    });
    const tx = tx1559(envWithFwd.common, KEYS[0]!, { nonce: 0n, to: fwd, data: calldata, gasLimit: 200_000n });
    await exec2.buildBlock({
      parent: envWithFwd.genesis,
      txs: [tx],
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    expect(seen).toEqual([
      { message: 'hello 7', from: fwd.toString(), txHash: `0x${Buffer.from(tx.hash()).toString('hex')}` },
    ]);
  });
});

const CONSOLE_ABI = [
  {
    type: 'function',
    name: 'log',
    stateMutability: 'view',
    inputs: [
      { name: 'p0', type: 'string' },
      { name: 'p1', type: 'uint256' },
    ],
    outputs: [],
  },
] as const;

function hexBytes(h: `0x${string}`): Uint8Array {
  return Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
}

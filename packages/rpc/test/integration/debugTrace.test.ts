// debug_trace* and trace_* through a real server and ethers' provider.send, on a devnet with
// the compiled Counter and RevertExamples contracts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Counter, RevertExamples } from '@basalt/contracts';
import { Contract, ContractFactory, JsonRpcProvider, Wallet } from 'ethers';
import { DEV_ACCOUNTS, type Devnet, startDevnet } from '../helpers/devnet.ts';

const [A] = DEV_ACCOUNTS as [(typeof DEV_ACCOUNTS)[0]];

async function rpcError(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (err) {
    return (err as { error: { code: number; message: string } }).error;
  }
  throw new Error('expected an error');
}

describe('rpc / integration / debug_trace* and trace_*', () => {
  let net: Devnet;
  let provider: JsonRpcProvider;
  let counter: string;
  let incHash: string;
  let revertHash: string;
  let incBlock: number;

  beforeAll(async () => {
    net = await startDevnet();
    provider = new JsonRpcProvider(net.url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
    const wallet = new Wallet(A.privateKey, provider);
    const c = await new ContractFactory(Counter.abi, Counter.bytecode, wallet).deploy();
    await c.waitForDeployment();
    counter = (await c.getAddress()).toLowerCase();
    const r = await new ContractFactory(RevertExamples.abi, RevertExamples.bytecode, wallet).deploy();
    await r.waitForDeployment();
    const inc = await (c as Contract).getFunction('increment')();
    const incReceipt = await inc.wait();
    incHash = inc.hash;
    incBlock = incReceipt!.blockNumber;
    // A failing transaction, mined (gas given, so no estimate refuses it).
    const bad = await (r as Contract).getFunction('revertWithString').send({ gasLimit: 100_000n });
    revertHash = bad.hash;
    await provider.waitForTransaction(revertHash);
  });

  afterAll(async () => {
    provider?.destroy();
    await net?.close();
  });

  it('debug_traceTransaction: struct logs by default, gas equal to the receipt’s', async () => {
    const receipt = await provider.getTransactionReceipt(incHash);
    const t = await provider.send('debug_traceTransaction', [incHash]);
    expect(t.gas).toBe(Number(receipt!.gasUsed));
    expect(t.failed).toBe(false);
    expect(t.returnValue).toBe('0x');
    expect(t.structLogs[0]).toEqual({ pc: 0, op: 'PUSH1', gas: t.structLogs[0].gas, gasCost: 3, depth: 1, stack: [] });
    const sstore = t.structLogs.find((l: { op: string }) => l.op === 'SSTORE');
    expect(sstore.storage).toEqual({ [`0x${'00'.repeat(32)}`]: `0x${'00'.repeat(31)}01` });
    // Every step's gas is the previous step's gas minus its cost, within one frame.
    for (let i = 1; i < t.structLogs.length; i++) {
      const [p, l] = [t.structLogs[i - 1], t.structLogs[i]];
      if (p.depth === l.depth && !['CALL', 'STATICCALL', 'DELEGATECALL'].includes(p.op)) {
        expect({ i, gas: l.gas }).toEqual({ i, gas: p.gas - p.gasCost });
      }
    }
  });

  it('debug_traceTransaction with callTracer: Counter.increment with its log, a revert with its reason', async () => {
    const receipt = await provider.getTransactionReceipt(incHash);
    const tx = await provider.getTransaction(incHash);
    const t = await provider.send('debug_traceTransaction', [
      incHash,
      { tracer: 'callTracer', tracerConfig: { withLog: true } },
    ]);
    expect(t).toEqual({
      type: 'CALL',
      from: A.address.toLowerCase(),
      gas: `0x${tx!.gasLimit.toString(16)}`,
      gasUsed: `0x${receipt!.gasUsed.toString(16)}`,
      to: counter,
      input: tx!.data,
      logs: [
        {
          address: counter,
          topics: receipt!.logs[0]!.topics,
          data: receipt!.logs[0]!.data,
          position: '0x0',
        },
      ],
      value: '0x0',
    });
    const failed = await provider.send('debug_traceTransaction', [revertHash, { tracer: 'callTracer' }]);
    expect(failed.error).toBe('execution reverted');
    expect(failed.revertReason).toBe('RevertExamples: always');
  });

  it('debug_traceBlockByNumber and ByHash: [{txHash, result}] in block order', async () => {
    const block = await provider.getBlock(incBlock);
    const byNumber = await provider.send('debug_traceBlockByNumber', [
      `0x${incBlock.toString(16)}`,
      { tracer: 'callTracer' },
    ]);
    const byHash = await provider.send('debug_traceBlockByHash', [block!.hash, { tracer: 'callTracer' }]);
    expect(byNumber).toEqual(byHash);
    expect(byNumber.map((e: { txHash: string }) => e.txHash)).toEqual(block!.transactions);
    expect(byNumber[0].result.to).toBe(counter);
  });

  it('debug_traceCall: a call on the latest state with a state override', async () => {
    const iface = new Contract(counter, Counter.abi).interface;
    const t = await provider.send('debug_traceCall', [
      { to: counter, data: iface.encodeFunctionData('number') },
      'latest',
      {
        tracer: 'callTracer',
        stateOverrides: { [counter]: { stateDiff: { [`0x${'00'.repeat(32)}`]: `0x${'00'.repeat(31)}2a` } } },
      },
    ]);
    expect(t.output).toBe(`0x${'00'.repeat(31)}2a`);
    expect(t.to).toBe(counter);
  });

  it('trace_transaction and trace_block: the Parity format', async () => {
    const block = await provider.getBlock(incBlock);
    const traces = await provider.send('trace_transaction', [incHash]);
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({
      action: { callType: 'call', from: A.address.toLowerCase(), to: counter, value: '0x0' },
      blockHash: block!.hash,
      blockNumber: incBlock,
      result: { output: '0x' },
      subtraces: 0,
      traceAddress: [],
      transactionHash: incHash,
      transactionPosition: 0,
      type: 'call',
    });
    expect(await provider.send('trace_block', [`0x${incBlock.toString(16)}`])).toEqual(traces);
    const failed = await provider.send('trace_transaction', [revertHash]);
    expect(failed[0]).toMatchObject({ error: 'Reverted', result: null });
    expect(await provider.send('trace_transaction', [`0x${'00'.repeat(31)}01`])).toBeNull();
  });

  it('errors: unknown transaction or block, genesis, bad tracer and options', async () => {
    expect(await rpcError(provider.send('debug_traceTransaction', [`0x${'00'.repeat(31)}01`]))).toMatchObject({
      code: -32000,
      message: 'transaction not found',
    });
    expect(await rpcError(provider.send('debug_traceBlockByNumber', ['0x0']))).toMatchObject({
      code: -32000,
      message: 'genesis is not traceable',
    });
    expect(await rpcError(provider.send('debug_traceBlockByHash', [`0x${'00'.repeat(31)}01`]))).toMatchObject({
      code: -32000,
      message: `block 0x${'00'.repeat(31)}01 not found`,
    });
    expect(await rpcError(provider.send('debug_traceBlockByNumber', ['3']))).toMatchObject({
      code: -32602,
      message: 'invalid argument 0: hex string without 0x prefix',
    });
    expect(await rpcError(provider.send('debug_traceTransaction', [incHash, { tracer: 'jsTracer' }]))).toMatchObject({
      code: -32602,
    });
    expect(
      await rpcError(
        provider.send('debug_traceTransaction', [incHash, { tracer: 'callTracer', tracerConfig: { diffMode: true } }]),
      ),
    ).toMatchObject({ code: -32602 });
    expect(await rpcError(provider.send('debug_traceTransaction', [incHash, { timeout: 'soon' }]))).toMatchObject({
      code: -32602,
    });
  });
});

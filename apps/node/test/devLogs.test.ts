// What a devnet prints about contracts: the reason of a failed transaction when the miner mines
// it, and console.log calls, captured through a MemoryLogger on an in-process node.
import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@basalt/common';
import { RevertExamples } from '@basalt/contracts';
import { type Contract, ContractFactory, Interface, JsonRpcProvider, Wallet } from 'ethers';
import { defaultDevNodeConfig } from '../src/config.ts';
import { type BasaltNode, createDevNode } from '../src/createNode.ts';

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const CONSOLE = '000000000000000000636f6e736f6c652e6c6f67';
/** Runtime: forward the calldata to the console address (CALLDATACOPY, CALL), STOP. */
const FORWARDER_RUNTIME = `366000600037600060003660006000${'73'}${CONSOLE}5af100`;
/** Init code: CODECOPY the runtime after it and RETURN it. */
const forwarderInit = (): string => {
  const n = FORWARDER_RUNTIME.length / 2;
  const len = n.toString(16).padStart(2, '0');
  return `0x60${len}600c60003960${len}6000f3${FORWARDER_RUNTIME}`;
};

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

async function start(logger: MemoryLogger): Promise<{ node: BasaltNode; wallet: Wallet; provider: JsonRpcProvider }> {
  const node = await createDevNode({ ...defaultDevNodeConfig, port: 0, accounts: 1 }, logger);
  await node.start();
  const provider = new JsonRpcProvider(`http://127.0.0.1:${node.rpcAddress().port}`, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 20,
  });
  stops.push(async () => {
    provider.destroy();
    await node.stop();
  });
  return { node, wallet: new Wallet(KEY, provider), provider };
}

describe('node / dev logs', () => {
  it('logs each failed transaction the miner mines, with its hash and decoded reason', async () => {
    const logger = new MemoryLogger();
    const { wallet, provider } = await start(logger);
    const c = await new ContractFactory(RevertExamples.abi, RevertExamples.bytecode, wallet).deploy();
    await c.waitForDeployment();
    const r = c as Contract;
    const sent = [
      await r.getFunction('revertWithString').send({ gasLimit: 100_000n }),
      await r.getFunction('divide').send(1n, 0n, { gasLimit: 100_000n }),
      await r.getFunction('revertWithBareError').send({ gasLimit: 100_000n }),
    ];
    for (const tx of sent) await provider.waitForTransaction(tx.hash, 1, 10_000);
    const failed = logger.records.filter((l) => l.message === 'transaction failed');
    expect(failed.map((l) => [l.level, l.context.module, l.context.tx, l.context.reason])).toEqual([
      ['info', 'miner', sent[0]!.hash, 'execution reverted: RevertExamples: always'],
      ['info', 'miner', sent[1]!.hash, 'execution reverted: panic: division or modulo by zero (0x12)'],
      [
        'info',
        'miner',
        sent[2]!.hash,
        `execution reverted: custom error ${new Interface(RevertExamples.abi).getError('Nope')!.selector}`,
      ],
    ]);
  });

  it('prints console.log calls made while a block is built', async () => {
    const logger = new MemoryLogger();
    const { wallet, provider } = await start(logger);
    const deploy = await wallet.sendTransaction({ data: forwarderInit(), gasLimit: 200_000n });
    const receipt = await provider.waitForTransaction(deploy.hash, 1, 10_000);
    const forwarder = receipt!.contractAddress!;
    const iface = new Interface(['function log(string,uint256)', 'function log(string,address,bool)']);
    const a = await wallet.sendTransaction({
      to: forwarder,
      data: iface.encodeFunctionData('log(string,uint256)', ['balance %d wei', 42n]),
      gasLimit: 100_000n,
    });
    const b = await wallet.sendTransaction({
      to: forwarder,
      data: iface.encodeFunctionData('log(string,address,bool)', ['owner', wallet.address, true]),
      gasLimit: 100_000n,
    });
    await provider.waitForTransaction(b.hash, 1, 10_000);
    const lines = logger.records.filter((l) => l.context.module === 'console');
    expect(lines.map((l) => [l.level, l.message, l.context.tx])).toEqual([
      ['info', 'balance 42 wei', a.hash],
      ['info', `owner ${wallet.address} true`, b.hash],
    ]);
    expect(lines[0]!.context.from).toBe(forwarder.toLowerCase());
  });

  it('prints console.log calls made by eth_call, each time it is called, and none for eth_estimateGas', async () => {
    const logger = new MemoryLogger();
    const { wallet, provider } = await start(logger);
    const deploy = await wallet.sendTransaction({ data: forwarderInit(), gasLimit: 200_000n });
    const forwarder = (await provider.waitForTransaction(deploy.hash, 1, 10_000))!.contractAddress!;
    const data = new Interface(['function log(string)']).encodeFunctionData('log(string)', ['in a call']);
    const consoleLines = () => logger.records.filter((l) => l.context.module === 'console');

    await provider.send('eth_estimateGas', [{ from: wallet.address, to: forwarder, data }]);
    expect(consoleLines()).toEqual([]);
    // The same call twice on the same state: a call without console.log would be answered from the
    // call cache the second time; this one runs and prints again.
    await provider.send('eth_call', [{ from: wallet.address, to: forwarder, data }, 'latest']);
    await provider.send('eth_call', [{ from: wallet.address, to: forwarder, data }, 'latest']);
    const lines = consoleLines();
    expect(lines.map((l) => [l.level, l.message, l.context.tx, l.context.from])).toEqual([
      ['info', 'in a call', undefined, forwarder.toLowerCase()],
      ['info', 'in a call', undefined, forwarder.toLowerCase()],
    ]);
  });
});

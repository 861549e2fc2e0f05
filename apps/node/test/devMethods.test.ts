// The devnet methods from a user's seat: ethers' `provider.send(method, params)` against an
// in-process `basalt dev` node (real chain, miner and JSON-RPC server on 127.0.0.1:0), as test
// scripts call them: mining and time, state setters, nested snapshots, impersonation, reset,
// dump/load of the state, metadata.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { BasaltToken } from '@basalt/contracts';
import { Contract, ContractFactory, Interface, JsonRpcProvider, parseEther, Wallet } from 'ethers';
import { type DevNodeConfig, defaultDevNodeConfig } from '../src/config.ts';
import { type BasaltNode, createDevNode } from '../src/createNode.ts';
import { ConsoleLogger } from '../src/logger.ts';

const KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
];
const ALICE = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
/** An address nobody has the key of. */
const WHALE = '0x000000000000000000000000000000000000dEaD';
const STRANGER = '0x1111111111111111111111111111111111111111';

interface Running {
  node: BasaltNode;
  provider: JsonRpcProvider;
  send(method: string, params?: unknown[]): Promise<any>;
  stop(): Promise<void>;
}

const running: Running[] = [];

async function start(over: Partial<DevNodeConfig> = {}): Promise<Running> {
  const node = await createDevNode(
    { ...defaultDevNodeConfig, port: 0, accounts: 2, ...over },
    new ConsoleLogger({ level: 'error' }),
  );
  await node.start();
  const { port } = node.rpcAddress();
  const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
    polling: true,
    pollingInterval: 20,
  });
  let stopped = false;
  const r: Running = {
    node,
    provider,
    send: (method, params = []) => provider.send(method, params),
    async stop() {
      if (stopped) return;
      stopped = true;
      provider.destroy();
      await node.stop();
    },
  };
  running.push(r);
  return r;
}

afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
});

const n = (hex: string) => BigInt(hex);
async function head(r: Running) {
  return r.send('eth_getBlockByNumber', ['latest', false]);
}
/** Polls `cond` every 20 ms for at most `ms`. */
async function waitFor(cond: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((res) => setTimeout(res, 20));
  }
}

async function deployToken(r: Running, holder = ALICE): Promise<Contract> {
  const wallet = new Wallet(KEYS[0]!, r.provider);
  const factory = new ContractFactory(BasaltToken.abi, BasaltToken.bytecode, wallet);
  const token = (await factory.deploy('Basalt', 'BSLT', parseEther('1000000'), parseEther('1000'), holder)) as Contract;
  await token.waitForDeployment();
  return token;
}

describe('node / dev methods / mining and time', () => {
  it('evm_mine mines one block, at a timestamp, or {blocks}; anvil_mine/hardhat_mine with an interval', async () => {
    const r = await start();
    expect(await r.send('evm_mine')).toBe('0x0');
    expect(n((await head(r)).number)).toBe(1n);
    const t = n((await head(r)).timestamp) + 1000n;
    await r.send('evm_mine', [Number(t)]);
    expect(n((await head(r)).timestamp)).toBe(t);
    await r.send('evm_mine', [{ blocks: 3 }]);
    expect(n((await head(r)).number)).toBe(5n);
    expect(await r.send('anvil_mine', ['0x3', '0xa'])).toBe(null);
    const b8 = await head(r);
    const b7 = await r.send('eth_getBlockByNumber', ['0x7', false]);
    expect(n(b8.number)).toBe(8n);
    expect(n(b8.timestamp) - n(b7.timestamp)).toBe(10n);
    expect(await r.send('hardhat_mine', ['0x2'])).toBe(true);
    expect(n((await head(r)).number)).toBe(10n);
  });

  it('evm_setAutomine off keeps transactions pending until evm_mine; getters report the mode', async () => {
    const r = await start();
    expect(await r.send('hardhat_getAutomine')).toBe(true);
    expect(await r.send('evm_setAutomine', [false])).toBe(true);
    expect(await r.send('anvil_getAutomine')).toBe(false);
    const hash = await r.send('eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x1' }]);
    expect(await r.send('txpool_status')).toEqual({ pending: '0x1', queued: '0x0' });
    expect(await r.send('eth_getTransactionReceipt', [hash])).toBe(null);
    await r.send('evm_mine');
    expect((await r.send('eth_getTransactionReceipt', [hash])).status).toBe('0x1');
    expect(await r.send('txpool_status')).toEqual({ pending: '0x0', queued: '0x0' });
  });

  it('evm_setIntervalMining (ms) and anvil_setIntervalMining (s) make blocks on their own', async () => {
    const r = await start({ noMining: true });
    await r.send('evm_setIntervalMining', [100]);
    expect(await r.send('anvil_getIntervalMining')).toBe(0.1);
    await waitFor(async () => n((await head(r)).number) >= 2n);
    await r.send('anvil_setIntervalMining', [0]);
    expect(await r.send('anvil_getIntervalMining')).toBe(0);
  });

  it('evm_increaseTime, evm_setNextBlockTimestamp and anvil_setBlockTimestampInterval move block time', async () => {
    const r = await start();
    const before = n((await head(r)).timestamp);
    const offset = await r.send('evm_increaseTime', [3600]);
    expect(offset).toBeGreaterThanOrEqual(3600);
    await r.send('evm_mine');
    expect(n((await head(r)).timestamp)).toBeGreaterThanOrEqual(before + 3600n);
    const next = n((await head(r)).timestamp) + 500n;
    await r.send('evm_setNextBlockTimestamp', [`0x${next.toString(16)}`]);
    await r.send('evm_mine');
    expect(n((await head(r)).timestamp)).toBe(next);
    await expect(r.send('evm_setNextBlockTimestamp', [Number(next)])).rejects.toThrow(/lower than or equal/);
    await r.send('anvil_setBlockTimestampInterval', [7]);
    await r.send('anvil_mine', [2]);
    const h = await head(r);
    const prev = await r.send('eth_getBlockByNumber', [`0x${(n(h.number) - 1n).toString(16)}`, false]);
    expect(n(h.timestamp) - n(prev.timestamp)).toBe(7n);
    expect(await r.send('anvil_removeBlockTimestampInterval')).toBe(true);
    expect(await r.send('anvil_removeBlockTimestampInterval')).toBe(false);
  });

  it('evm_setBlockGasLimit, anvil_setNextBlockBaseFeePerGas and anvil_setCoinbase shape the next block', async () => {
    const r = await start();
    expect(await r.send('evm_setBlockGasLimit', ['0x1c9c381'])).toBe(true);
    expect(await r.send('anvil_setNextBlockBaseFeePerGas', ['0x3b9aca07'])).toBe(null);
    expect(await r.send('hardhat_setCoinbase', [STRANGER])).toBe(true);
    await r.send('evm_mine');
    const h = await head(r);
    expect(h.gasLimit).toBe('0x1c9c381');
    expect(h.baseFeePerGas).toBe('0x3b9aca07');
    expect(h.miner).toBe(STRANGER);
  });

  it('anvil_dropTransaction, hardhat_dropTransaction and anvil_dropAllTransactions empty the pool', async () => {
    const r = await start({ noMining: true });
    const h1 = await r.send('eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x1' }]);
    const h2 = await r.send('eth_sendTransaction', [{ from: BOB, to: ALICE, value: '0x1' }]);
    expect(await r.send('anvil_dropTransaction', [h1])).toBe(h1);
    expect(await r.send('anvil_dropTransaction', [h1])).toBe(null);
    expect(await r.send('hardhat_dropTransaction', [h1])).toBe(false);
    expect(Object.keys((await r.send('txpool_content')).pending)).toEqual([BOB]);
    await r.send('eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x2' }]);
    expect(await r.send('anvil_dropAllTransactions')).toBe(null);
    expect(await r.send('txpool_status')).toEqual({ pending: '0x0', queued: '0x0' });
    expect(await r.send('txpool_inspect')).toEqual({ pending: {}, queued: {} });
    expect(h2).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe('node / dev methods / state', () => {
  it('setters change latest state without mining, and the next block keeps them', async () => {
    const r = await start();
    const number = await r.send('eth_blockNumber');
    expect(await r.send('anvil_setBalance', [STRANGER, '0xde0b6b3a7640000'])).toBe(null);
    expect(await r.send('hardhat_setNonce', [STRANGER, '0x7'])).toBe(true);
    expect(await r.send('anvil_setCode', [STRANGER, '0x6001600055'])).toBe(null);
    expect(await r.send('anvil_setStorageAt', [STRANGER, '0x5', `0x${'00'.repeat(31)}2a`])).toBe(null);
    expect(await r.send('eth_blockNumber')).toBe(number);
    const check = async (tag: string) => {
      expect(await r.send('eth_getBalance', [STRANGER, tag])).toBe('0xde0b6b3a7640000');
      expect(await r.send('eth_getTransactionCount', [STRANGER, tag])).toBe('0x7');
      expect(await r.send('eth_getCode', [STRANGER, tag])).toBe('0x6001600055');
      expect(await r.send('eth_getStorageAt', [STRANGER, '0x5', tag])).toBe(`0x${'00'.repeat(31)}2a`);
    };
    await check('latest');
    await check('pending');
    // The dev accounts can use a new balance at once: the pool re-reads it.
    await r.send('hardhat_setBalance', [BOB, '0x0']);
    await expect(r.send('eth_sendTransaction', [{ from: BOB, to: ALICE, value: '0x1' }])).rejects.toThrow(
      /insufficient funds/,
    );
    await r.send('evm_mine');
    await check('latest');
    // The block that was the head when the setters ran keeps them once the next one is mined (as
    // Anvil): its state reads the same as it did, and its number still names it.
    await check(number);
    // The next block's replay starts from the state it was built on: a transaction the setters
    // funded traces (debug_traceTransaction re-runs the block from its parent's state).
    await r.send('anvil_impersonateAccount', [STRANGER]);
    await r.send('anvil_setCode', [STRANGER, '0x']);
    const funded = await r.send('eth_sendTransaction', [{ from: STRANGER, to: ALICE, value: '0x2a' }]);
    await r.provider.waitForTransaction(funded, 1, 10_000);
    expect(await r.send('debug_traceTransaction', [funded, { tracer: 'callTracer' }])).toMatchObject({
      from: STRANGER.toLowerCase(),
      value: '0x2a',
    });
    // anvil_addBalance adds.
    await r.send('anvil_addBalance', [STRANGER, '0x1']);
    expect(BigInt(await r.send('eth_getBalance', [STRANGER, 'latest']))).toBeGreaterThan(0n);
  });

  it('a state override survives a restart with --data-dir, without a new block', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'basalt-dev-'));
    try {
      const r1 = await start({ dataDir: dir });
      await r1.send('evm_mine');
      await r1.send('anvil_setBalance', [STRANGER, '0x1234']);
      await r1.stop();
      const r2 = await start({ dataDir: dir });
      expect(await r2.send('eth_blockNumber')).toBe('0x1');
      expect(await r2.send('eth_getBalance', [STRANGER, 'latest'])).toBe('0x1234');
      await r2.send('evm_mine');
      expect(await r2.send('eth_getBalance', [STRANGER, 'latest'])).toBe('0x1234');
      // Block 1 is still served with the state the setter made, also after another restart.
      await r2.stop();
      const r3 = await start({ dataDir: dir });
      expect(await r3.send('eth_getBalance', [STRANGER, '0x1'])).toBe('0x1234');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('node / dev methods / snapshots', () => {
  it('nested evm_snapshot/evm_revert restore blocks, balances, pool and time; ids are single-use', async () => {
    const r = await start();
    const s1 = await r.send('evm_snapshot');
    expect(s1).toBe('0x1');
    const bobBefore = await r.send('eth_getBalance', [BOB, 'latest']);
    const t1 = n((await head(r)).timestamp);
    const tx = await r.send('eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x3e8' }]);
    await r.send('anvil_mine', [2]);
    await r.send('evm_increaseTime', [10_000]);
    const s2 = await r.send('evm_snapshot');
    expect(s2).toBe('0x2');
    const numberAtS2 = await r.send('eth_blockNumber');
    await r.send('evm_mine');
    await r.send('anvil_setBalance', [BOB, '0x1']);
    // A pending transaction at s3 comes back after a revert to s3.
    await r.send('evm_setAutomine', [false]);
    const s3 = await r.send('evm_snapshot');
    const pending = await r.send('eth_sendTransaction', [{ from: ALICE, to: STRANGER, value: '0x5' }]);
    const s4 = await r.send('evm_snapshot');
    await r.send('evm_mine');
    expect(await r.send('txpool_status')).toEqual({ pending: '0x0', queued: '0x0' });
    expect(await r.send('evm_revert', [s4])).toBe(true);
    expect(await r.send('txpool_status')).toEqual({ pending: '0x1', queued: '0x0' });
    expect((await r.send('eth_getTransactionByHash', [pending])).blockNumber).toBe(null);
    expect(await r.send('evm_revert', [s3])).toBe(true);
    expect(await r.send('txpool_status')).toEqual({ pending: '0x0', queued: '0x0' });
    await r.send('evm_setAutomine', [true]);

    expect(await r.send('evm_revert', [s2])).toBe(true);
    expect(await r.send('eth_blockNumber')).toBe(numberAtS2);
    expect(n(await r.send('eth_getBalance', [BOB, 'latest']))).toBe(n(bobBefore) + 1000n);
    expect(await r.send('evm_revert', [s2])).toBe(false);
    expect((await r.send('eth_getTransactionReceipt', [tx])).status).toBe('0x1');

    expect(await r.send('evm_revert', [s1])).toBe(true);
    expect(await r.send('eth_blockNumber')).toBe('0x0');
    expect(await r.send('eth_getBalance', [BOB, 'latest'])).toBe(bobBefore);
    expect(await r.send('eth_getTransactionReceipt', [tx])).toBe(null);
    expect(await r.send('eth_getTransactionByHash', [tx])).toBe(null);
    // Time went back to the snapshot's (the 10 000 s jump is undone).
    await r.send('evm_mine');
    expect(n((await head(r)).timestamp)).toBeLessThan(t1 + 1000n);
    // The chain goes on: the same transaction can be mined again, at block 2.
    await r.send('eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x3e8' }]);
    expect(await r.send('eth_blockNumber')).toBe('0x2');
    expect(await r.send('evm_revert', ['0x63'])).toBe(false);
  });
});

describe('node / dev methods / impersonation', () => {
  it('sends an ERC-20 transfer from an impersonated holder without its key', async () => {
    const r = await start();
    const token = await deployToken(r);
    const address = await token.getAddress();
    await (await token.getFunction('transfer')(WHALE, parseEther('100'))).wait();
    const erc20 = new Interface(BasaltToken.abi as never);
    const transfer = erc20.encodeFunctionData('transfer', [BOB, parseEther('40')]);

    await expect(r.send('eth_sendTransaction', [{ from: WHALE, to: address, data: transfer }])).rejects.toThrow(
      /unknown account/,
    );
    expect(await r.send('anvil_impersonateAccount', [WHALE])).toBe(null);
    await r.send('anvil_setBalance', [WHALE, '0xde0b6b3a7640000']);
    const hash = await r.send('eth_sendTransaction', [{ from: WHALE, to: address, data: transfer }]);
    const receipt = await r.provider.waitForTransaction(hash, 1, 10_000);
    expect(receipt!.status).toBe(1);
    expect(receipt!.from).toBe(WHALE);
    expect(await token.getFunction('balanceOf')(BOB)).toBe(parseEther('40'));
    expect(await token.getFunction('balanceOf')(WHALE)).toBe(parseEther('60'));
    expect((await r.send('eth_getTransactionByHash', [hash])).from).toBe(WHALE.toLowerCase());
    const block = await r.send('eth_getBlockByNumber', [`0x${receipt!.blockNumber.toString(16)}`, true]);
    expect(block.transactions[0].from).toBe(WHALE.toLowerCase());
    expect(await r.send('eth_getTransactionCount', [WHALE, 'latest'])).toBe('0x1');
    // Blocks read back from the store name the impersonated sender (re-execution relies on it).
    const stored = await r.node.chain.getTransaction(Buffer.from(hash.slice(2), 'hex'));
    expect(stored!.tx.getSenderAddress().toString()).toBe(WHALE.toLowerCase());

    expect(await r.send('hardhat_stopImpersonatingAccount', [WHALE])).toBe(true);
    await expect(r.send('eth_sendTransaction', [{ from: WHALE, to: BOB, value: '0x1' }])).rejects.toThrow(
      /unknown account/,
    );
    expect(await r.send('anvil_autoImpersonateAccount', [true])).toBe(null);
    const h2 = await r.send('eth_sendTransaction', [{ from: WHALE, to: STRANGER, value: '0x7' }]);
    expect((await r.provider.waitForTransaction(h2, 1, 10_000))!.status).toBe(1);
    expect(await r.send('eth_getBalance', [STRANGER, 'latest'])).toBe('0x7');
  });
  it('an impersonated contract sends as Anvil lets it (EIP-3607 waived for it alone); eth_call from a contract needs no impersonation, as in geth', async () => {
    const r = await start();
    const alice = new Wallet(KEYS[0]!, r.provider);
    // Runtime: returns msg.sender (CALLER MSTORE, RETURN 32 bytes); accepts ether. Deployed with 1 ether.
    const runtime = '3360005260206000f3';
    const deploy = await alice.sendTransaction({ data: `0x68${runtime}60005260096017f3`, value: parseEther('1') });
    const contract = (await deploy.wait())!.contractAddress!;
    expect(await r.send('eth_getCode', [contract, 'latest'])).toBe(`0x${runtime}`);

    const who = await r.send('eth_call', [{ from: contract, to: contract }, 'latest']);
    expect(`0x${who.slice(26)}`).toBe(contract.toLowerCase());
    expect(await r.send('eth_estimateGas', [{ from: contract, to: STRANGER, value: '0x1' }])).toBe('0x5208');

    await expect(r.send('eth_sendTransaction', [{ from: contract, to: STRANGER, value: '0x9' }])).rejects.toThrow(
      /unknown account/,
    );
    expect(await r.send('anvil_impersonateAccount', [contract])).toBe(null);
    const hash = await r.send('eth_sendTransaction', [{ from: contract, to: STRANGER, value: '0x9' }]);
    const receipt = (await r.provider.waitForTransaction(hash, 1, 10_000))!;
    expect(receipt.status).toBe(1);
    expect(receipt.from).toBe(contract);
    expect(await r.send('eth_getBalance', [STRANGER, 'latest'])).toBe('0x9');
    expect(await r.send('eth_getTransactionCount', [contract, 'latest'])).toBe('0x2');
    // Its code is untouched, and a replay of its block (debug_traceTransaction) accepts the sender too.
    expect(await r.send('eth_getCode', [contract, 'latest'])).toBe(`0x${runtime}`);
    const trace = await r.send('debug_traceTransaction', [hash, { tracer: 'callTracer' }]);
    expect(trace).toMatchObject({ from: contract.toLowerCase(), to: STRANGER.toLowerCase(), value: '0x9' });

    // A signed transaction from an address with code is still refused (EIP-3607), impersonation or not:
    // the waiver is for the impersonation's own unsigned transactions.
    await r.send('anvil_setCode', [ALICE, `0x${runtime}`]);
    await expect(alice.sendTransaction({ to: STRANGER, value: 1n, gasLimit: 21_000 })).rejects.toThrow(
      /sender not an eoa/,
    );
  });
});

describe('node / dev methods / time travel', () => {
  // A timelock in raw bytecode: the constructor stores block.timestamp + 1 day in slot 0; a call
  // with value is a deposit; a call without sends the whole balance to the caller, or reverts
  // while block.timestamp < the unlock time.
  const RUNTIME = '346019575f544210601557' + '5f5f5f5f47335af15000' + '5b5f5ffd' + '5b00';
  const INIT = `0x6201518042015f55601b8060115f395ff3${RUNTIME}`;

  it('a timelocked withdrawal fails until evm_increaseTime moves past the unlock time', async () => {
    const r = await start();
    const bob = new Wallet(KEYS[1]!, r.provider);
    const deploy = await bob.sendTransaction({ data: INIT, value: parseEther('5') });
    const lock = (await deploy.wait())!.contractAddress!;
    expect(await r.send('eth_getBalance', [lock, 'latest'])).toBe('0x4563918244f40000');
    // A revert without data: geth's -32000 "execution reverted", which ethers reports as CALL_EXCEPTION.
    await expect(r.send('eth_call', [{ from: BOB, to: lock }, 'latest'])).rejects.toMatchObject({
      code: 'CALL_EXCEPTION',
    });

    await r.send('evm_increaseTime', [86_400 + 1]);
    await r.send('evm_mine');
    const before = await r.provider.getBalance(BOB);
    const withdraw = await bob.sendTransaction({ to: lock, gasLimit: 60_000 });
    const receipt = (await withdraw.wait())!;
    expect(receipt.status).toBe(1);
    expect(await r.send('eth_getBalance', [lock, 'latest'])).toBe('0x0');
    const fee = receipt.gasUsed * receipt.gasPrice;
    expect(await r.provider.getBalance(BOB)).toBe(before + parseEther('5') - fee);
  });
});

describe('node / dev methods / reset, state file, metadata', () => {
  it('anvil_reset goes back to genesis and forgets impersonations', async () => {
    const r = await start();
    await r.send('anvil_mine', [3]);
    await r.send('anvil_impersonateAccount', [WHALE]);
    await r.send('anvil_setBalance', [STRANGER, '0x9']);
    expect(await r.send('anvil_reset')).toBe(null);
    expect(await r.send('eth_blockNumber')).toBe('0x0');
    expect(await r.send('eth_getBalance', [STRANGER, 'latest'])).toBe('0x0');
    await expect(r.send('eth_sendTransaction', [{ from: WHALE, to: BOB, value: '0x1' }])).rejects.toThrow(
      /unknown account/,
    );
    await expect(r.send('anvil_reset', [{ forking: { jsonRpcUrl: 'http://127.0.0.1:1' } }])).rejects.toThrow(
      /forking is not enabled/,
    );
    await r.send('eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x1' }]);
    expect(await r.send('eth_blockNumber')).toBe('0x1');
  });

  it('anvil_dumpState then anvil_loadState into a fresh node reproduces balances, code and storage', async () => {
    const a = await start();
    const token = await deployToken(a);
    const address = await token.getAddress();
    await (await token.getFunction('transfer')(BOB, parseEther('12.5'))).wait();
    await a.send('anvil_setStorageAt', [STRANGER, '0x2', `0x${'00'.repeat(31)}07`]);
    await a.send('evm_increaseTime', [50_000]);
    await a.send('evm_mine');
    const dump: string = await a.send('anvil_dumpState');
    expect(dump.startsWith('0x1f8b')).toBe(true);

    const b = await start();
    expect(await b.send('eth_getCode', [address, 'latest'])).toBe('0x');
    expect(await b.send('anvil_loadState', [dump])).toBe(true);
    for (const who of [ALICE, BOB, STRANGER, address]) {
      expect(await b.send('eth_getBalance', [who, 'latest'])).toBe(await a.send('eth_getBalance', [who, 'latest']));
      expect(await b.send('eth_getCode', [who, 'latest'])).toBe(await a.send('eth_getCode', [who, 'latest']));
      expect(await b.send('eth_getTransactionCount', [who, 'latest'])).toBe(
        await a.send('eth_getTransactionCount', [who, 'latest']),
      );
    }
    for (const slot of ['0x0', '0x1', '0x2', '0x3', '0x4', '0x5']) {
      expect(await b.send('eth_getStorageAt', [address, slot, 'latest'])).toBe(
        await a.send('eth_getStorageAt', [address, slot, 'latest']),
      );
    }
    expect(await b.send('eth_getStorageAt', [STRANGER, '0x2', 'latest'])).toBe(`0x${'00'.repeat(31)}07`);
    const onB = new Contract(address, BasaltToken.abi as never, b.provider);
    expect(await onB.getFunction('balanceOf')(BOB)).toBe(parseEther('12.5'));
    expect(await onB.getFunction('balanceOf')(ALICE)).toBe(parseEther('987.5'));
    // Time continues from the dump's (it was 50 000 s ahead).
    await b.send('evm_mine');
    expect(n((await head(b)).timestamp)).toBeGreaterThanOrEqual(n((await head(a)).timestamp));
    await expect(b.send('anvil_loadState', ['0x1234'])).rejects.toThrow(/invalid state file/);
  });

  it('--dump-state writes the state on stop and --load-state reads it at start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'basalt-state-'));
    const file = join(dir, 'state.json');
    try {
      const a = await start({ dumpState: file });
      await a.send('anvil_setBalance', [STRANGER, '0xabc']);
      await a.send('anvil_setCode', [STRANGER, '0x00']);
      await a.stop();
      const json = JSON.parse(await readFile(file, 'utf8'));
      expect(json.accounts[STRANGER.toLowerCase()]).toEqual({ nonce: 0, balance: '0xabc', code: '0x00', storage: {} });
      expect(json.best_block_number).toBe('0x0');
      const b = await start({ loadState: file });
      expect(await b.send('eth_getBalance', [STRANGER, 'latest'])).toBe('0xabc');
      expect(await b.send('eth_getCode', [STRANGER, 'latest'])).toBe('0x00');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("anvil_nodeInfo, anvil_metadata and hardhat_metadata answer Anvil's and Hardhat's shapes", async () => {
    const r = await start();
    await r.send('evm_mine');
    const h = await head(r);
    const info = await r.send('anvil_nodeInfo');
    expect(info).toEqual({
      currentBlockNumber: '0x1',
      currentBlockTimestamp: Number(n(h.timestamp)),
      currentBlockHash: h.hash,
      hardFork: 'prague',
      transactionOrder: 'fees',
      environment: {
        baseFee: expect.stringMatching(/^0x[0-9a-f]+$/),
        chainId: 31337,
        gasLimit: h.gasLimit,
        gasPrice: expect.stringMatching(/^0x[0-9a-f]+$/),
      },
      forkConfig: { forkUrl: null, forkBlockNumber: null, forkRetryBackoff: null },
    });
    const genesis = await r.send('eth_getBlockByNumber', ['0x0', false]);
    for (const method of ['anvil_metadata', 'hardhat_metadata']) {
      expect(await r.send(method)).toMatchObject({
        clientVersion: expect.stringMatching(/^Basalt\//),
        chainId: 31337,
        instanceId: genesis.hash,
        latestBlockNumber: 1,
        latestBlockHash: h.hash,
      });
    }
    expect(await r.send('anvil_setLoggingEnabled', [false])).toBe(null);
    expect(await r.send('hardhat_setLoggingEnabled', [true])).toBe(true);
    expect(Object.keys(await r.send('rpc_modules'))).toEqual(expect.arrayContaining(['anvil', 'evm']));
  });
});

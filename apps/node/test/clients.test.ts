// The devnet from a user's seat: ethers v6 and viem against a running `basalt dev` process,
// over HTTP and WebSocket. Deploy the ERC-20 from contracts/, transfer, receipts, balances,
// Transfer logs, newHeads and logs subscriptions, and decoding of both kinds of revert.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BasaltToken, RevertExamples } from '@basalt/contracts';
import { Contract, ContractFactory, JsonRpcProvider, WebSocketProvider, Wallet } from 'ethers';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  parseEther,
  webSocket,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { defineChain } from 'viem';
import { DEV_KEYS, type SpawnedNode, spawnNode } from './helpers/spawnNode.ts';

let node: SpawnedNode;
beforeAll(async () => {
  node = await spawnNode(['--silent']);
});
afterAll(async () => {
  await node?.stop();
});

const ALICE = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('node / ethers v6', () => {
  it('deploys the ERC-20, transfers, reads balances and Transfer logs', async () => {
    // ethers caches identical requests for 250 ms by default; with instant mining a deploy is mined
    // inside that window and a cached 'pending' nonce would be reused, so scripts turn it off.
    const provider = new JsonRpcProvider(node.url, undefined, {
      staticNetwork: true,
      polling: true,
      pollingInterval: 50,
      cacheTimeout: -1,
    });
    const wallet = new Wallet(DEV_KEYS[0], provider);
    const factory = new ContractFactory(BasaltToken.abi, BasaltToken.bytecode, wallet);
    const token = (await factory.deploy(
      'Basalt',
      'BSLT',
      parseEther('1000000'),
      parseEther('1000'),
      ALICE,
    )) as Contract;
    await token.waitForDeployment();
    const address = await token.getAddress();
    // Same runtime code but for the immutables (cap, EIP-712 domain) the constructor fills in.
    expect((await provider.getCode(address)).length).toBe(BasaltToken.deployedBytecode.length);

    const tx = await token.getFunction('transfer')(BOB, parseEther('12.5'));
    const receipt = await tx.wait();
    expect(receipt!.status).toBe(1);
    expect(await token.getFunction('balanceOf')(BOB)).toBe(parseEther('12.5'));
    expect(await token.getFunction('balanceOf')(ALICE)).toBe(parseEther('987.5'));

    const logs = await token.queryFilter(token.filters.Transfer!(ALICE, BOB), 0, 'latest');
    expect(logs).toHaveLength(1);
    expect((logs[0] as unknown as { args: unknown[] }).args[2]).toBe(parseEther('12.5'));
    provider.destroy();
  });

  it('decodes a custom-error revert and a require-string revert', async () => {
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const wallet = new Wallet(DEV_KEYS[1], provider);
    const ex = (await new ContractFactory(RevertExamples.abi, RevertExamples.bytecode, wallet).deploy()) as Contract;
    await ex.waitForDeployment();
    await expect(ex.getFunction('requireOk')(false)).rejects.toMatchObject({
      code: 'CALL_EXCEPTION',
      reason: 'RevertExamples: not ok',
    });
    const err = await ex
      .getFunction('revertWithCustomError')(7)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CALL_EXCEPTION' });
    const parsed = ex.interface.parseError((err as { data: string }).data);
    expect(parsed?.name).toBe('Unauthorized');
    expect(parsed?.args[0]).toBe(7n);
    provider.destroy();
  });

  it('receives newHeads and logs over WebSocket', async () => {
    const ws = new WebSocketProvider(node.wsUrl);
    const http = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const wallet = new Wallet(DEV_KEYS[2], http);
    const token = (await new ContractFactory(BasaltToken.abi, BasaltToken.bytecode, wallet).deploy(
      'T',
      'T',
      parseEther('100'),
      parseEther('10'),
      wallet.address,
    )) as Contract;
    await token.waitForDeployment();
    const wsToken = new Contract(await token.getAddress(), BasaltToken.abi, ws);

    const gotBlock = new Promise<number>((res) => ws.once('block', (n: number) => res(n)));
    const gotTransfer = new Promise<bigint>((res) => {
      wsToken.once('Transfer', (_from: string, _to: string, value: bigint) => res(value));
    });
    // Give the subscriptions a moment to be installed on the server before sending.
    await ws.send('eth_blockNumber', []);
    await new Promise((r) => setTimeout(r, 200));
    const tx = await token.getFunction('transfer')(BOB, 3n);
    await tx.wait();
    const [n, value] = await Promise.all([gotBlock, gotTransfer]);
    expect(n).toBeGreaterThan(0);
    expect(value).toBe(3n);
    // Let ethers finish unsubscribing before the socket goes away.
    await wsToken.removeAllListeners();
    await ws.removeAllListeners();
    await new Promise((r) => setTimeout(r, 100));
    await ws.destroy();
    http.destroy();
  });
});

describe('node / viem', () => {
  const chain = defineChain({
    id: 31337,
    name: 'Basalt Devnet',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: ['http://127.0.0.1'] } },
  });

  it('deploys, transfers, waits for receipts, reads balances and events; decodes reverts', async () => {
    const account = privateKeyToAccount(DEV_KEYS[0]);
    const publicClient = createPublicClient({ chain, transport: http(node.url), pollingInterval: 50 });
    const wallet = createWalletClient({ chain, account, transport: http(node.url) });

    const hash = await wallet.deployContract({
      abi: BasaltToken.abi,
      bytecode: BasaltToken.bytecode,
      args: ['Viem', 'VIEM', parseEther('1000'), parseEther('100'), account.address],
    });
    const deployed = await publicClient.waitForTransactionReceipt({ hash });
    expect(deployed.status).toBe('success');
    const address = deployed.contractAddress!;

    const t = await wallet.writeContract({ address, abi: BasaltToken.abi, functionName: 'transfer', args: [BOB, 5n] });
    const r = await publicClient.waitForTransactionReceipt({ hash: t });
    expect(r.status).toBe('success');
    expect(r.logs).toHaveLength(1);
    expect(
      await publicClient.readContract({ address, abi: BasaltToken.abi, functionName: 'balanceOf', args: [BOB] }),
    ).toBe(5n);
    const events = await publicClient.getContractEvents({
      address,
      abi: BasaltToken.abi,
      eventName: 'Transfer',
      fromBlock: 0n,
    });
    expect(events.map((e) => e.args.value)).toEqual([parseEther('100'), 5n]);

    // OpenZeppelin's custom error on an over-balance transfer (account 2 holds none), decoded by viem.
    const err = await publicClient
      .simulateContract({
        account: privateKeyToAccount(DEV_KEYS[2]),
        address,
        abi: BasaltToken.abi,
        functionName: 'transfer',
        args: [ALICE, 1n],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BaseError);
    const reverted = (err as BaseError).walk(
      (e) => e instanceof ContractFunctionRevertedError,
    ) as ContractFunctionRevertedError;
    expect(reverted.data?.errorName).toBe('ERC20InsufficientBalance');

    const exHash = await wallet.deployContract({ abi: RevertExamples.abi, bytecode: RevertExamples.bytecode });
    const ex = (await publicClient.waitForTransactionReceipt({ hash: exHash })).contractAddress!;
    const err2 = await publicClient
      .simulateContract({ account, address: ex, abi: RevertExamples.abi, functionName: 'revertWithString' })
      .catch((e: unknown) => e);
    const r2 = (err2 as BaseError).walk(
      (e) => e instanceof ContractFunctionRevertedError,
    ) as ContractFunctionRevertedError;
    expect(r2.reason).toBe('RevertExamples: always');
  });

  it('watches blocks over WebSocket', async () => {
    const wsClient = createPublicClient({ chain, transport: webSocket(node.wsUrl) });
    const wallet = createWalletClient({ chain, account: privateKeyToAccount(DEV_KEYS[2]), transport: http(node.url) });
    const seen = new Promise<bigint>((res, rej) => {
      const unwatch = wsClient.watchBlocks({
        onBlock: (b) => {
          unwatch();
          res(b.number);
        },
        onError: rej,
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    await wallet.sendTransaction({ to: BOB, value: 1n });
    expect(await seen).toBeGreaterThan(0n);
    await (await wsClient.transport.getRpcClient()).close();
  });
});

// ethers v6 and viem against a running node: deploy, transfer, receipts, balances, logs,
// reverts, signatures, and WebSocket subscriptions. No mocks: a real chain, miner and server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BasaltToken, RevertExamples } from '@basalt/contracts';
import {
  Contract,
  ContractFactory,
  JsonRpcProvider,
  type Log as EthersLog,
  TypedDataEncoder,
  verifyMessage,
  verifyTypedData,
  Wallet,
  WebSocketProvider,
} from 'ethers';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  parseEventLogs,
  webSocket,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { DEV_ACCOUNTS, type Devnet, startDevnet } from '../helpers/devnet.ts';

const [A, B, C] = DEV_ACCOUNTS as [(typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0]];
const E18 = 10n ** 18n;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]);
}

describe('rpc / integration / clients', () => {
  let net: Devnet;
  const closers: (() => unknown)[] = [];

  beforeAll(async () => {
    net = await startDevnet();
    closers.push(() => net.close());
  });
  afterAll(async () => {
    while (closers.length > 0) await closers.pop()!();
  });

  describe('ethers v6', () => {
    let provider: JsonRpcProvider;
    beforeAll(() => {
      provider = new JsonRpcProvider(net.url, undefined, {
        staticNetwork: true,
        pollingInterval: 50,
        cacheTimeout: -1,
      });
      closers.push(() => provider.destroy());
    });

    it('deploys BasaltToken with a local wallet, transfers, and reads balances and Transfer logs', async () => {
      const wallet = new Wallet(A.privateKey, provider);
      expect(await provider.getNetwork().then((n) => n.chainId)).toBe(31337n);
      const factory = new ContractFactory(BasaltToken.abi as never, BasaltToken.bytecode, wallet);
      const token = (await factory.deploy('Basalt', 'BSLT', 1_000_000n * E18, 1000n * E18, A.address)) as Contract;
      const deployTx = token.deploymentTransaction()!;
      const deployReceipt = (await deployTx.wait())!;
      expect(deployReceipt.status).toBe(1);
      const address = await token.getAddress();
      expect(deployReceipt.contractAddress).toBe(address);
      // Runtime code, with the constructor's immutables filled in: same length as the artifact's.
      const code = await provider.getCode(address);
      expect(code.length).toBe(BasaltToken.deployedBytecode.length);
      expect(code.slice(0, 200)).toBe(BasaltToken.deployedBytecode.slice(0, 200));

      const tx = await token.getFunction('transfer')(B.address, 25n * E18);
      const receipt = (await tx.wait())!;
      expect(receipt.status).toBe(1);
      expect(receipt.logs.length).toBe(1);
      expect(await token.getFunction('balanceOf')(B.address)).toBe(25n * E18);
      expect(await token.getFunction('balanceOf')(A.address)).toBe(975n * E18);

      const events = await token.queryFilter(token.filters.Transfer!(A.address, B.address));
      expect(events.length).toBe(1);
      const ev = events[0] as EthersLog & { args: unknown[] };
      expect(ev.transactionHash).toBe(tx.hash);
      expect(ev.args).toEqual([A.address, B.address, 25n * E18]);

      const block = (await provider.getBlock(receipt.blockNumber, true))!;
      expect(block.prefetchedTransactions.map((t) => t.hash)).toEqual([tx.hash]);
      const fetched = (await provider.getTransaction(tx.hash))!;
      expect(fetched.from).toBe(A.address);
      expect(fetched.blockNumber).toBe(receipt.blockNumber);
    });

    it('sends through a node-held dev account (JsonRpcSigner, eth_sendTransaction)', async () => {
      const signer = await provider.getSigner(C.address);
      const before = await provider.getBalance(B.address);
      const tx = await signer.sendTransaction({ to: B.address, value: 12345n });
      const receipt = (await tx.wait())!;
      expect(receipt.status).toBe(1);
      expect(await provider.getBalance(B.address)).toBe(before + 12345n);
      expect((await provider.getTransaction(tx.hash))!.type).toBe(2);
    });

    it('decodes a require-string revert and a custom-error revert (code 3 with data)', async () => {
      const wallet = new Wallet(A.privateKey, provider);
      const c = (await new ContractFactory(
        RevertExamples.abi as never,
        RevertExamples.bytecode,
        wallet,
      ).deploy()) as Contract;
      await c.waitForDeployment();
      await expect(c.getFunction('requireOk')(false)).rejects.toMatchObject({
        code: 'CALL_EXCEPTION',
        reason: 'RevertExamples: not ok',
        revert: { name: 'Error', args: ['RevertExamples: not ok'] },
      });
      await expect(c.getFunction('revertWithCustomError')(7n)).rejects.toMatchObject({
        code: 'CALL_EXCEPTION',
        revert: { name: 'Unauthorized', args: [7n, A.address, 'custom'] },
      });
      await expect(c.getFunction('divide')(1n, 0n)).rejects.toMatchObject({
        code: 'CALL_EXCEPTION',
        reason: 'Panic due to DIVIDE_BY_ZERO(18)',
      });
      // A write that would revert fails at estimateGas with the same decoded revert.
      await expect(c.getFunction('revertWithBareError')()).rejects.toMatchObject({
        code: 'CALL_EXCEPTION',
        revert: { name: 'Nope', args: [] },
      });
    });

    it('signs with personal_sign and eth_signTypedData_v4 for a dev account', async () => {
      const signer = await provider.getSigner(A.address);
      const sig = await signer.signMessage('hello basalt');
      expect(verifyMessage('hello basalt', sig)).toBe(A.address);
      const domain = { name: 'Basalt', version: '1', chainId: 31337, verifyingContract: B.address };
      const types = {
        Mail: [
          { name: 'to', type: 'address' },
          { name: 'contents', type: 'string' },
        ],
      };
      const value = { to: C.address, contents: 'hi' };
      const tsig = await signer.signTypedData(domain, types, value);
      expect(verifyTypedData(domain, types, value, tsig)).toBe(A.address);
      expect(TypedDataEncoder.hash(domain, types, value)).toMatch(/^0x[0-9a-f]{64}$/);
    });

    it('receives new blocks and Transfer logs over WebSocket', async () => {
      const ws = new WebSocketProvider(net.wsUrl, undefined, { staticNetwork: true });
      closers.push(() => ws.destroy());
      const wallet = new Wallet(A.privateKey, provider);
      const token = (await new ContractFactory(BasaltToken.abi as never, BasaltToken.bytecode, wallet).deploy(
        'T',
        'T',
        10_000n * E18,
        100n * E18,
        A.address,
      )) as Contract;
      await token.waitForDeployment();
      const wsToken = new Contract(await token.getAddress(), BasaltToken.abi as never, ws);
      const gotBlock = new Promise<number>((resolve) => void ws.once('block', (n: number) => resolve(n)));
      const gotTransfer = new Promise<unknown[]>((resolve) => {
        void wsToken.once('Transfer', (...args: unknown[]) => resolve(args.slice(0, 3)));
      });
      // Give the subscriptions a moment to be installed (ethers subscribes asynchronously).
      await withTimeout(
        (async () => {
          while ((await ws.listenerCount()) < 2) await new Promise((r) => setTimeout(r, 10));
        })(),
        5000,
        'ethers ws listeners',
      );
      await new Promise((r) => setTimeout(r, 100));
      const tx = await token.getFunction('transfer')(C.address, 3n);
      const receipt = (await tx.wait())!;
      expect(await withTimeout(gotBlock, 5000, 'block event')).toBeGreaterThanOrEqual(receipt.blockNumber - 1);
      expect(await withTimeout(gotTransfer, 5000, 'Transfer event')).toEqual([A.address, C.address, 3n]);
    });
  });

  describe('viem', () => {
    const chain = () =>
      defineChain({
        id: 31337,
        name: 'basalt',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [net.url], webSocket: [net.wsUrl] } },
      });

    it('deploys with a local account, transfers, and reads receipts, balances and logs', async () => {
      const account = privateKeyToAccount(B.privateKey as `0x${string}`);
      const publicClient = createPublicClient({ chain: chain(), transport: http(net.url), pollingInterval: 50 });
      const wallet = createWalletClient({ account, chain: chain(), transport: http(net.url) });
      const hash = await wallet.deployContract({
        abi: BasaltToken.abi,
        bytecode: BasaltToken.bytecode,
        args: ['Viem', 'VIEM', 1000n * E18, 500n * E18, account.address],
      });
      const deployed = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      expect(deployed.status).toBe('success');
      const token = deployed.contractAddress!;
      const t = await wallet.writeContract({
        address: token,
        abi: BasaltToken.abi,
        functionName: 'transfer',
        args: [C.address as `0x${string}`, 42n],
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash: t, pollingInterval: 50 });
      expect(receipt.status).toBe('success');
      expect(receipt.from).toBe(account.address.toLowerCase());
      expect(receipt.type).toBe('eip1559');
      const [log] = parseEventLogs({ abi: BasaltToken.abi, logs: receipt.logs, eventName: 'Transfer' });
      expect(log!.args).toEqual({ from: account.address, to: C.address, value: 42n });
      expect(
        await publicClient.readContract({
          address: token,
          abi: BasaltToken.abi,
          functionName: 'balanceOf',
          args: [C.address as `0x${string}`],
        }),
      ).toBe(42n);
      const logs = await publicClient.getContractEvents({
        address: token,
        abi: BasaltToken.abi,
        eventName: 'Transfer',
        fromBlock: 0n,
      });
      expect(logs.map((l) => l.args.value)).toEqual([500n * E18, 42n]);
      const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber, includeTransactions: true });
      expect(block.transactions[0]!.hash).toBe(t);
      const fees = await publicClient.estimateFeesPerGas();
      expect(fees.maxFeePerGas).toBeGreaterThan(0n);
      const history = await publicClient.getFeeHistory({ blockCount: 2, rewardPercentiles: [25, 75] });
      expect(history.baseFeePerGas.length).toBe(3);
      expect(history.reward!.length).toBe(2);
    });

    it('decodes custom-error and require-string reverts from eth_call', async () => {
      const account = privateKeyToAccount(A.privateKey as `0x${string}`);
      const publicClient = createPublicClient({ chain: chain(), transport: http(net.url), pollingInterval: 50 });
      const wallet = createWalletClient({ account, chain: chain(), transport: http(net.url) });
      const hash = await wallet.deployContract({ abi: RevertExamples.abi, bytecode: RevertExamples.bytecode });
      const address = (await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })).contractAddress!;

      const revertOf = async (p: Promise<unknown>) => {
        const err = await p.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(BaseError);
        return (err as BaseError).walk(
          (e) => e instanceof ContractFunctionRevertedError,
        ) as ContractFunctionRevertedError;
      };
      const custom = await revertOf(
        publicClient.readContract({
          address,
          abi: RevertExamples.abi,
          functionName: 'revertWithCustomError',
          args: [9n],
          account: account.address,
        }),
      );
      expect(custom.data?.errorName).toBe('Unauthorized');
      expect(custom.data?.args).toEqual([9n, account.address, 'custom']);
      const str = await revertOf(
        publicClient.readContract({ address, abi: RevertExamples.abi, functionName: 'requireOk', args: [false] }),
      );
      expect(str.reason).toBe('RevertExamples: not ok');
      const sim = await revertOf(
        publicClient.simulateContract({
          address,
          abi: RevertExamples.abi,
          functionName: 'revertWithBareError',
          account,
        }),
      );
      expect(sim.data?.errorName).toBe('Nope');
      const write = await revertOf(
        wallet.writeContract({ address, abi: RevertExamples.abi, functionName: 'revertWithString' }),
      );
      expect(write.reason).toBe('RevertExamples: always');
    });

    it('watches blocks and contract events over WebSocket', async () => {
      const wsClient = createPublicClient({ chain: chain(), transport: webSocket(net.wsUrl) });
      closers.push(async () => (await wsClient.transport.getRpcClient()).close());
      const account = privateKeyToAccount(C.privateKey as `0x${string}`);
      const publicClient = createPublicClient({ chain: chain(), transport: http(net.url), pollingInterval: 50 });
      const wallet = createWalletClient({ account, chain: chain(), transport: http(net.url) });
      const hash = await wallet.deployContract({
        abi: BasaltToken.abi,
        bytecode: BasaltToken.bytecode,
        args: ['W', 'W', 1000n, 100n, account.address],
      });
      const token = (await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })).contractAddress!;

      const blocks: bigint[] = [];
      const transfers: unknown[] = [];
      const unwatchBlocks = wsClient.watchBlockNumber({ onBlockNumber: (n) => blocks.push(n) });
      const unwatchEvents = wsClient.watchContractEvent({
        address: token,
        abi: BasaltToken.abi,
        eventName: 'Transfer',
        onLogs: (logs) => transfers.push(...logs.map((l) => l.args)),
      });
      closers.push(() => {
        unwatchBlocks();
        unwatchEvents();
      });
      await new Promise((r) => setTimeout(r, 200));
      const t = await wallet.writeContract({
        address: token,
        abi: BasaltToken.abi,
        functionName: 'transfer',
        args: [A.address as `0x${string}`, 7n],
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash: t, pollingInterval: 50 });
      await withTimeout(
        (async () => {
          while (transfers.length === 0 || !blocks.includes(receipt.blockNumber))
            await new Promise((r) => setTimeout(r, 20));
        })(),
        5000,
        'viem ws events',
      );
      expect(transfers).toEqual([{ from: account.address, to: A.address, value: 7n }]);
    });

    it('signs typed data through a JSON-RPC account (eth_signTypedData_v4)', async () => {
      const wallet = createWalletClient({
        account: A.address as `0x${string}`,
        chain: chain(),
        transport: http(net.url),
      });
      const typedData = {
        domain: { name: 'Basalt', version: '1', chainId: 31337, verifyingContract: B.address as `0x${string}` },
        types: {
          Person: [
            { name: 'name', type: 'string' },
            { name: 'wallet', type: 'address' },
          ],
        },
        primaryType: 'Person' as const,
        message: { name: 'Alice', wallet: C.address as `0x${string}` },
      };
      const sig = await wallet.signTypedData(typedData);
      const local = await privateKeyToAccount(A.privateKey as `0x${string}`).signTypedData(typedData);
      expect(sig).toBe(local);
      const msgSig = await wallet.signMessage({ message: 'gm' });
      expect(msgSig).toBe(await privateKeyToAccount(A.privateKey as `0x${string}`).signMessage({ message: 'gm' }));
    });
  });
});

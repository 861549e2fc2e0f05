// The eth_/net_/web3_/txpool_ methods over raw JSON-RPC against a real devnet: exact shapes,
// block tags and EIP-1898 objects, filters, subscriptions, and geth's error codes and messages.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Counter, RevertExamples } from '@basalt/contracts';
import { verifyAccountProof } from '@basalt/state';
import { Interface, keccak256, toUtf8Bytes, Wallet } from 'ethers';
import { DEV_ACCOUNTS, type Devnet, startDevnet } from '../helpers/devnet.ts';
import { post, rpc, WsClient } from '../helpers/http.ts';

const [A, B, C] = DEV_ACCOUNTS as [(typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0]];
const a = A.address.toLowerCase();
const b = B.address.toLowerCase();
const HEX_QTY = /^0x(0|[1-9a-f][0-9a-f]*)$/;

async function ok(url: string, method: string, params: unknown[] = []): Promise<any> {
  const r = await rpc(url, method, params);
  if (r.error !== undefined) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.result;
}

async function receipt(url: string, hash: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const r = await ok(url, 'eth_getTransactionReceipt', [hash]);
    if (r !== null) return r;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`no receipt for ${hash}`);
}

async function deploy(url: string, bytecode: string, from = a): Promise<string> {
  const hash = await ok(url, 'eth_sendTransaction', [{ from, data: bytecode }]);
  const r = await receipt(url, hash);
  expect(r.status).toBe('0x1');
  return r.contractAddress;
}

describe('rpc / integration / methods (automine)', () => {
  let net: Devnet;
  let url: string;
  let revert: string;
  let counter: string;
  const counterIface = new Interface(Counter.abi as never);
  const revertIface = new Interface(RevertExamples.abi as never);
  const wsClients: WsClient[] = [];

  beforeAll(async () => {
    net = await startDevnet({ rpc: { maxSubscriptionsPerConnection: 3, maxFilters: 50 } });
    url = net.url;
    revert = await deploy(url, RevertExamples.bytecode);
    counter = await deploy(url, Counter.bytecode);
  });
  afterEach(async () => {
    while (wsClients.length > 0) await wsClients.pop()!.close();
  });
  afterAll(async () => {
    await net?.close();
  });

  describe('client', () => {
    it('web3_, net_ and rpc_ answers', async () => {
      expect(await ok(url, 'web3_clientVersion')).toMatch(/^Basalt\/v0\.1\.0\/[a-z0-9]+-[a-z0-9]+\/nodejs\d+$/);
      expect(await ok(url, 'web3_sha3', ['0x68656c6c6f'])).toBe(keccak256(toUtf8Bytes('hello')));
      expect(await ok(url, 'net_version')).toBe('31337');
      expect(await ok(url, 'net_listening')).toBe(true);
      expect(await ok(url, 'net_peerCount')).toBe('0x0');
      const modules = await ok(url, 'rpc_modules');
      for (const ns of ['eth', 'net', 'web3', 'txpool', 'personal', 'rpc']) expect(modules[ns]).toBe('1.0');
    });

    it('eth_ client info', async () => {
      expect(await ok(url, 'eth_chainId')).toBe('0x7a69');
      expect(await ok(url, 'eth_syncing')).toBe(false);
      expect(await ok(url, 'eth_accounts')).toEqual(DEV_ACCOUNTS.map((x) => x.address.toLowerCase()));
      expect(await ok(url, 'eth_coinbase')).toBe(a);
      expect(await ok(url, 'eth_blockNumber')).toBe(`0x${net.chain.head().header.number.toString(16)}`);
    });

    it('fee methods', async () => {
      const head = net.chain.head().header;
      const next = head.calcNextBaseFee();
      expect(await ok(url, 'eth_maxPriorityFeePerGas')).toBe('0x3b9aca00');
      expect(await ok(url, 'eth_gasPrice')).toBe(`0x${(next + 1_000_000_000n).toString(16)}`);
      expect(await ok(url, 'eth_baseFee')).toBe(`0x${next.toString(16)}`);
      expect(await ok(url, 'eth_blobBaseFee')).toBe('0x1');
      const h = await ok(url, 'eth_feeHistory', ['0x2', 'latest', [10, 90]]);
      expect(Object.keys(h)).toEqual([
        'oldestBlock',
        'reward',
        'baseFeePerGas',
        'gasUsedRatio',
        'baseFeePerBlobGas',
        'blobGasUsedRatio',
      ]);
      expect(h.baseFeePerGas).toHaveLength(3);
      expect(h.baseFeePerGas[2]).toBe(`0x${next.toString(16)}`);
      expect(h.reward).toHaveLength(2);
      expect(h.reward[1]).toEqual(['0x3b9aca00', '0x3b9aca00']);
      expect(h.gasUsedRatio[1]).toBeGreaterThan(0);
      const bad = await rpc(url, 'eth_feeHistory', ['0x2', 'latest', [90, 10]]);
      expect(bad.error.code).toBe(-32602);
    });
  });

  describe('state', () => {
    it('balance, nonce, code and storage at tags, numbers and EIP-1898 objects', async () => {
      const head = net.chain.head();
      const headHash = `0x${Buffer.from(head.hash()).toString('hex')}`;
      const bal = await ok(url, 'eth_getBalance', [a, 'latest']);
      expect(bal).toMatch(HEX_QTY);
      expect(await ok(url, 'eth_getBalance', [a, 'earliest'])).toBe('0x21e19e0c9bab2400000');
      expect(await ok(url, 'eth_getBalance', [a, '0x0'])).toBe('0x21e19e0c9bab2400000');
      expect(await ok(url, 'eth_getBalance', [a, { blockHash: headHash, requireCanonical: true }])).toBe(bal);
      expect(await ok(url, 'eth_getBalance', [a, { blockNumber: `0x${head.header.number.toString(16)}` }])).toBe(bal);
      expect(await ok(url, 'eth_getBalance', [a, headHash])).toBe(bal);
      for (const tag of ['pending', 'safe', 'finalized']) expect(await ok(url, 'eth_getBalance', [a, tag])).toBe(bal);
      expect(await ok(url, 'eth_getTransactionCount', [a])).toBe('0x2');
      expect(await ok(url, 'eth_getTransactionCount', [a, 'earliest'])).toBe('0x0');
      expect(await ok(url, 'eth_getTransactionCount', [a, 'pending'])).toBe('0x2');
      expect(await ok(url, 'eth_getCode', [counter])).toBe(Counter.deployedBytecode);
      expect(await ok(url, 'eth_getCode', [b])).toBe('0x');
      expect(await ok(url, 'eth_getStorageAt', [counter, '0x0'])).toBe(`0x${'0'.repeat(64)}`);
      expect(await ok(url, 'eth_getStorageAt', [b, '0x0', 'latest'])).toBe(`0x${'0'.repeat(64)}`);
    });

    it('unknown blocks: -32000 for state, null for blocks', async () => {
      const missing = `0x${'ab'.repeat(32)}`;
      expect((await rpc(url, 'eth_getBalance', [a, '0xffff'])).error).toEqual({
        code: -32000,
        message: 'header not found',
      });
      expect((await rpc(url, 'eth_getBalance', [a, missing])).error).toEqual({
        code: -32000,
        message: 'header for hash not found',
      });
      expect(await ok(url, 'eth_getBlockByNumber', ['0xffff', false])).toBeNull();
      expect(await ok(url, 'eth_getBlockByHash', [missing, false])).toBeNull();
      expect(await ok(url, 'eth_getBlockReceipts', [missing])).toBeNull();
      expect(await ok(url, 'eth_getBlockTransactionCountByHash', [missing])).toBeNull();
      expect(await ok(url, 'eth_getTransactionByHash', [missing])).toBeNull();
      expect(await ok(url, 'eth_getTransactionReceipt', [missing])).toBeNull();
    });

    it('rejects bad storage keys and addresses with -32602', async () => {
      const long = await rpc(url, 'eth_getStorageAt', [counter, `0x${'0'.repeat(65)}`, 'latest']);
      expect(long.error.code).toBe(-32602);
      expect((await rpc(url, 'eth_getStorageAt', [counter, '0xasdf', 'latest'])).error).toEqual({
        code: -32602,
        message: 'invalid argument 1: invalid hex in storage key: "0xasdf"',
      });
      expect((await rpc(url, 'eth_getBalance', ['0x1234', 'latest'])).error.code).toBe(-32602);
      expect((await rpc(url, 'eth_getBalance', [a, 'newest'])).error.code).toBe(-32602);
    });

    it('eth_getProof verifies against the block state root', async () => {
      const proof = await ok(url, 'eth_getProof', [counter, ['0x0'], 'latest']);
      expect(Object.keys(proof)).toEqual([
        'address',
        'accountProof',
        'balance',
        'codeHash',
        'nonce',
        'storageHash',
        'storageProof',
      ]);
      expect(proof.address).toBe(counter);
      expect(proof.storageProof[0].key).toBe('0x0');
      expect(await verifyAccountProof(net.chain.head().header.stateRoot, proof)).toBe(true);
    });
  });

  describe('execution', () => {
    it('eth_call with tags, state overrides and block overrides', async () => {
      const data = counterIface.encodeFunctionData('number');
      expect(await ok(url, 'eth_call', [{ to: counter, data }, 'latest'])).toBe(`0x${'0'.repeat(64)}`);
      const slot0 = `0x${'0'.repeat(63)}5`;
      const overridden = await ok(url, 'eth_call', [
        { to: counter, input: data },
        'latest',
        { [counter]: { stateDiff: { '0x0': slot0 } } },
      ]);
      expect(overridden).toBe(slot0);
      const balOverride = await ok(url, 'eth_call', [
        { from: `0x${'99'.repeat(20)}`, to: b, value: '0xde0b6b3a7640000' },
        'latest',
        { [`0x${'99'.repeat(20)}`]: { balance: '0xde0b6b3a7640000' } },
      ]);
      expect(balOverride).toBe('0x');
      const mismatch = await rpc(url, 'eth_call', [{ to: counter, data, input: '0x00' }]);
      expect(mismatch.error.code).toBe(-32602);
    });

    it('eth_call reverts: code 3 with data and geth message', async () => {
      const req = await rpc(url, 'eth_call', [
        { to: revert, data: revertIface.encodeFunctionData('requireOk', [false]) },
        'latest',
      ]);
      expect(req.error.code).toBe(3);
      expect(req.error.message).toBe('execution reverted: RevertExamples: not ok');
      expect(req.error.data).toBe(revertIface.encodeErrorResult('Error', ['RevertExamples: not ok']));
      const panic = await rpc(url, 'eth_call', [
        { to: revert, data: revertIface.encodeFunctionData('divide', [1, 0]) },
      ]);
      expect(panic.error).toEqual({
        code: 3,
        message: 'execution reverted: division or modulo by zero',
        data: '0x4e487b710000000000000000000000000000000000000000000000000000000000000012',
      });
      const custom = await rpc(url, 'eth_call', [
        { from: a, to: revert, data: revertIface.encodeFunctionData('revertWithCustomError', [5]) },
      ]);
      expect(custom.error.code).toBe(3);
      expect(custom.error.message).toBe('execution reverted');
      expect(revertIface.parseError(custom.error.data)!.name).toBe('Unauthorized');
      const empty = await rpc(url, 'eth_call', [{ to: revert, data: revertIface.encodeFunctionData('revertEmpty') }]);
      expect(empty.error).toEqual({ code: -32000, message: 'execution reverted' });
    });

    it('eth_estimateGas and eth_createAccessList', async () => {
      expect(await ok(url, 'eth_estimateGas', [{ from: a, to: b, value: '0x1' }])).toBe('0x5208');
      const est = await rpc(url, 'eth_estimateGas', [
        { from: a, to: revert, data: revertIface.encodeFunctionData('revertWithString') },
      ]);
      expect(est.error.code).toBe(3);
      expect(est.error.message).toBe('execution reverted: RevertExamples: always');
      const al = await ok(url, 'eth_createAccessList', [
        { from: a, to: counter, data: counterIface.encodeFunctionData('increment') },
        'latest',
      ]);
      expect(Object.keys(al)).toEqual(['accessList', 'gasUsed']);
      expect(al.accessList).toEqual([{ address: counter, storageKeys: [`0x${'0'.repeat(64)}`] }]);
    });
  });

  describe('eth_simulateV1', () => {
    it('simulated blocks: shapes, calls with revert data and logs, full transactions with senders', async () => {
      const head = net.chain.head().header;
      const calls = [
        { from: a, to: b, value: '0x1' },
        { from: a, to: counter, data: counterIface.encodeFunctionData('increment') },
        { from: a, to: revert, data: revertIface.encodeFunctionData('revertWithString') },
      ];
      const out = await ok(url, 'eth_simulateV1', [
        { blockStateCalls: [{ calls }, { blockOverrides: { number: `0x${(head.number + 3n).toString(16)}` } }] },
        'latest',
      ]);
      // The second block asked for head + 3: head + 2 fills the gap.
      expect(out.map((x: any) => BigInt(x.number))).toEqual([head.number + 1n, head.number + 2n, head.number + 3n]);
      expect(out.map((x: any) => BigInt(x.timestamp) - head.timestamp)).toEqual([12n, 24n, 36n]);
      expect(out[1].parentHash).toBe(out[0].hash);
      const [transfer, increment, reverted] = out[0].calls;
      expect(transfer).toEqual({ returnData: '0x', logs: [], gasUsed: '0x5208', maxUsedGas: '0x5208', status: '0x1' });
      expect(increment.status).toBe('0x1');
      expect(reverted.status).toBe('0x0');
      expect(reverted.error).toEqual({
        code: 3,
        message: 'execution reverted: RevertExamples: always',
        data: revertIface.encodeErrorResult('Error', ['RevertExamples: always']),
      });
      expect(out[0].transactions).toHaveLength(3);
      expect(out[0].transactions[0]).toMatch(/^0x[0-9a-f]{64}$/);
      // Nothing was kept.
      expect(net.chain.head().header.number).toBe(head.number);

      const full = await ok(url, 'eth_simulateV1', [
        { blockStateCalls: [{ calls: [calls[0]] }], returnFullTransactions: true, traceTransfers: true },
      ]);
      const tx = full[0].transactions[0];
      expect(tx.from).toBe(a);
      expect(tx.hash).toBe(full[0].calls[0].logs[0].transactionHash);
      expect(full[0].calls[0].logs[0].address).toBe('0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee');
      expect(full[0].calls[0].logs[0].blockHash).toBe(full[0].hash);
    });

    it("geth's error codes, and -32602 for bad parameters", async () => {
      const code = async (params: unknown[]) => (await rpc(url, 'eth_simulateV1', params)).error?.code;
      const stranger = '0xc000000000000000000000000000000000000000';
      expect(await code([{ blockStateCalls: [] }])).toBe(-32602);
      expect(await code([{ blockStateCalls: 'x' }])).toBe(-32602);
      expect(await code([{ blockStateCalls: [{ calls: [{ from: stranger, to: b, value: '0x1' }] }] }])).toBe(-38014);
      expect(await code([{ blockStateCalls: [{ blockOverrides: { number: '0x1' } }] }])).toBe(-38020);
      expect(await code([{ blockStateCalls: Array.from({ length: 257 }, () => ({})) }])).toBe(-38026);
      expect(await code([{ validation: true, blockStateCalls: [{ calls: [{ from: a, to: b, nonce: '0x0' }] }] }])).toBe(
        -38010,
      );
      expect(await code([{ blockStateCalls: [{}] }, '0xffffff'])).toBe(-32000);
    });
  });

  describe('transactions, blocks and receipts', () => {
    it('a raw EIP-1559 transaction, then its block, transaction and receipt shapes', async () => {
      const wallet = new Wallet(B.privateKey);
      const nonce = BigInt(await ok(url, 'eth_getTransactionCount', [b, 'pending']));
      const raw = await wallet.signTransaction({
        type: 2,
        chainId: 31337,
        nonce: Number(nonce),
        to: counter,
        data: counterIface.encodeFunctionData('increment'),
        gasLimit: 100_000,
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      });
      const hash = await ok(url, 'eth_sendRawTransaction', [raw]);
      expect(hash).toBe(keccak256(raw));
      const r = await receipt(url, hash);
      expect(Object.keys(r)).toEqual([
        'blockHash',
        'blockNumber',
        'contractAddress',
        'cumulativeGasUsed',
        'effectiveGasPrice',
        'from',
        'gasUsed',
        'logs',
        'logsBloom',
        'status',
        'to',
        'transactionHash',
        'transactionIndex',
        'type',
      ]);
      expect(r).toMatchObject({
        from: b,
        to: counter,
        status: '0x1',
        type: '0x2',
        transactionIndex: '0x0',
        contractAddress: null,
      });
      expect(r.logs).toHaveLength(1);
      expect(Object.keys(r.logs[0])).toEqual([
        'address',
        'topics',
        'data',
        'blockNumber',
        'transactionHash',
        'transactionIndex',
        'blockHash',
        'blockTimestamp',
        'logIndex',
        'removed',
      ]);

      const tx = await ok(url, 'eth_getTransactionByHash', [hash]);
      expect(Object.keys(tx)).toEqual([
        'blockHash',
        'blockNumber',
        'blockTimestamp',
        'from',
        'gas',
        'gasPrice',
        'maxFeePerGas',
        'maxPriorityFeePerGas',
        'hash',
        'input',
        'nonce',
        'to',
        'transactionIndex',
        'value',
        'type',
        'accessList',
        'chainId',
        'v',
        'r',
        's',
        'yParity',
      ]);
      expect(tx).toMatchObject({
        hash,
        from: b,
        blockHash: r.blockHash,
        gasPrice: r.effectiveGasPrice,
        chainId: '0x7a69',
      });

      const block = await ok(url, 'eth_getBlockByHash', [r.blockHash, true]);
      expect(block.transactions).toEqual([tx]);
      expect(await ok(url, 'eth_getBlockByNumber', [r.blockNumber, false])).toMatchObject({
        hash: r.blockHash,
        transactions: [hash],
      });
      expect(await ok(url, 'eth_getBlockByNumber', ['latest', false])).toMatchObject({ hash: r.blockHash });
      expect(await ok(url, 'eth_getBlockTransactionCountByNumber', [r.blockNumber])).toBe('0x1');
      expect(await ok(url, 'eth_getBlockTransactionCountByHash', [r.blockHash])).toBe('0x1');
      expect(await ok(url, 'eth_getTransactionByBlockHashAndIndex', [r.blockHash, '0x0'])).toEqual(tx);
      expect(await ok(url, 'eth_getTransactionByBlockNumberAndIndex', [r.blockNumber, '0x0'])).toEqual(tx);
      expect(await ok(url, 'eth_getTransactionByBlockNumberAndIndex', [r.blockNumber, '0x5'])).toBeNull();
      expect(await ok(url, 'eth_getBlockReceipts', [r.blockNumber])).toEqual([r]);
      expect(await ok(url, 'eth_getBlockReceipts', [r.blockHash])).toEqual([r]);
      expect(await ok(url, 'eth_getBlockReceipts', ['earliest'])).toEqual([]);
      expect(await ok(url, 'eth_getUncleCountByBlockNumber', [r.blockNumber])).toBe('0x0');
      expect(await ok(url, 'eth_getUncleCountByBlockHash', [r.blockHash])).toBe('0x0');
      expect(await ok(url, 'eth_getUncleByBlockNumberAndIndex', [r.blockNumber, '0x0'])).toBeNull();
      expect(await ok(url, 'eth_getUncleByBlockHashAndIndex', [r.blockHash, '0x0'])).toBeNull();

      // The same raw transaction again: the pool's or the state's answer, geth-worded.
      const again = await rpc(url, 'eth_sendRawTransaction', [raw]);
      expect(again.error.code).toBe(-32000);
      expect(again.error.message).toMatch(/^(already known|nonce too low)/);
    });

    it('rejects transactions with geth messages (-32000)', async () => {
      const wallet = new Wallet(C.privateKey);
      const base = {
        type: 2,
        chainId: 31337,
        to: b,
        gasLimit: 21_000,
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 1n,
      };
      const wrongChain = await rpc(url, 'eth_sendRawTransaction', [
        await wallet.signTransaction({ ...base, nonce: 0, chainId: 1 }),
      ]);
      expect(wrongChain.error).toEqual({ code: -32000, message: 'invalid chain id for signer' });
      const lowGas = await rpc(url, 'eth_sendRawTransaction', [
        await wallet.signTransaction({ ...base, nonce: 0, gasLimit: 20_000 }),
      ]);
      expect(lowGas.error.code).toBe(-32000);
      expect(lowGas.error.message).toMatch(/^intrinsic gas too low/);
      const rich = await rpc(url, 'eth_sendRawTransaction', [
        await wallet.signTransaction({ ...base, nonce: 0, value: 10n ** 30n }),
      ]);
      expect(rich.error.message).toMatch(/^insufficient funds for gas \* price \+ value/);
      const garbage = await rpc(url, 'eth_sendRawTransaction', ['0x02c0']);
      expect(garbage.error.code).toBe(-32000);
      expect((await rpc(url, 'eth_sendRawTransaction', ['0xzz'])).error.code).toBe(-32602);
      const unknown = await rpc(url, 'eth_sendTransaction', [{ from: `0x${'12'.repeat(20)}`, to: b }]);
      expect(unknown.error).toEqual({ code: -32000, message: 'unknown account' });
    });

    it('signs with eth_sign and personal_sign (EIP-191)', async () => {
      const msg = '0x68656c6c6f';
      const expected = new Wallet(A.privateKey).signMessageSync(Buffer.from('hello'));
      expect(await ok(url, 'eth_sign', [a, msg])).toBe(expected);
      expect(await ok(url, 'personal_sign', [msg, a])).toBe(expected);
      expect(await ok(url, 'personal_sign', ['hello', a])).toBe(expected);
    });
  });

  describe('logs and filters', () => {
    it('eth_getLogs by range, address, topics and block hash, with geth range errors', async () => {
      const hash = await ok(url, 'eth_sendTransaction', [
        { from: a, to: revert, data: revertIface.encodeFunctionData('emitEvent', ['one']) },
      ]);
      const r = await receipt(url, hash);
      const topic0 = revertIface.getEvent('Emitted')!.topicHash;
      const logs = await ok(url, 'eth_getLogs', [
        { fromBlock: '0x0', toBlock: 'latest', address: revert, topics: [topic0] },
      ]);
      expect(logs).toEqual(r.logs);
      expect(await ok(url, 'eth_getLogs', [{ blockHash: r.blockHash }])).toEqual(r.logs);
      const senderTopic = `0x${'0'.repeat(24)}${a.slice(2)}`;
      expect(await ok(url, 'eth_getLogs', [{ fromBlock: r.blockNumber, topics: [null, senderTopic] }])).toEqual(r.logs);
      expect(
        await ok(url, 'eth_getLogs', [
          { fromBlock: r.blockNumber, topics: [[topic0, `0x${'1'.repeat(64)}`], [], null] },
        ]),
      ).toEqual(r.logs);
      expect(
        await ok(url, 'eth_getLogs', [{ fromBlock: r.blockNumber, topics: [null, `0x${'0'.repeat(64)}`] }]),
      ).toEqual([]);
      expect(await ok(url, 'eth_getLogs', [{ fromBlock: r.blockNumber, address: [b, counter] }])).toEqual([]);

      const future = await rpc(url, 'eth_getLogs', [{ fromBlock: '0x1', toBlock: '0xffff' }]);
      expect(future.error).toEqual({ code: -32602, message: 'block range extends beyond current head block' });
      const reversed = await rpc(url, 'eth_getLogs', [{ fromBlock: '0x3', toBlock: '0x2' }]);
      expect(reversed.error).toEqual({ code: -32602, message: 'invalid block range params' });
      const both = await rpc(url, 'eth_getLogs', [{ blockHash: r.blockHash, fromBlock: '0x1' }]);
      expect(both.error).toEqual({
        code: -32602,
        message: 'invalid argument 0: cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other',
      });
      expect((await rpc(url, 'eth_getLogs', [{ topics: [null, null, null, null, null] }])).error.code).toBe(-32602);
    });

    it('block, pending-transaction and log filters report changes once', async () => {
      const blockFilter = await ok(url, 'eth_newBlockFilter');
      const txFilter = await ok(url, 'eth_newPendingTransactionFilter');
      const logFilter = await ok(url, 'eth_newFilter', [{ address: revert }]);
      expect(blockFilter).toMatch(/^0x[0-9a-f]{32}$/);
      const hash = await ok(url, 'eth_sendTransaction', [
        { from: a, to: revert, data: revertIface.encodeFunctionData('emitEvent', ['two']) },
      ]);
      const r = await receipt(url, hash);
      expect(await ok(url, 'eth_getFilterChanges', [blockFilter])).toEqual([r.blockHash]);
      expect(await ok(url, 'eth_getFilterChanges', [blockFilter])).toEqual([]);
      expect(await ok(url, 'eth_getFilterChanges', [txFilter])).toEqual([hash]);
      expect(await ok(url, 'eth_getFilterChanges', [logFilter])).toEqual(r.logs);
      expect(await ok(url, 'eth_getFilterChanges', [logFilter])).toEqual([]);
      // No fromBlock/toBlock: geth's default range is the latest block.
      expect(await ok(url, 'eth_getFilterLogs', [logFilter])).toEqual(r.logs);
      const ranged = await ok(url, 'eth_newFilter', [{ address: revert, fromBlock: '0x0' }]);
      const all = await ok(url, 'eth_getFilterLogs', [ranged]);
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect(all[all.length - 1]).toEqual(r.logs[0]);
      expect(await ok(url, 'eth_uninstallFilter', [blockFilter])).toBe(true);
      expect(await ok(url, 'eth_uninstallFilter', [blockFilter])).toBe(false);
      expect((await rpc(url, 'eth_getFilterChanges', [blockFilter])).error).toEqual({
        code: -32000,
        message: 'filter not found',
      });
      expect((await rpc(url, 'eth_getFilterLogs', [blockFilter])).error).toEqual({
        code: -32000,
        message: 'filter not found',
      });
    });

    it('limits the number of filters (-32005)', async () => {
      const ids: string[] = [];
      let err: any;
      for (let i = 0; i < 60 && err === undefined; i++) {
        const r = await rpc(url, 'eth_newBlockFilter');
        if (r.error !== undefined) err = r.error;
        else ids.push(r.result);
      }
      expect(err).toEqual({ code: -32005, message: 'too many filters (limit 50)' });
      for (const id of ids) await ok(url, 'eth_uninstallFilter', [id]);
      expect(typeof (await ok(url, 'eth_newBlockFilter'))).toBe('string');
    });
  });

  describe('subscriptions', () => {
    it('newHeads, logs (with filter) and newPendingTransactions (hashes and full)', async () => {
      const ws = await WsClient.connect(net.wsUrl);
      wsClients.push(ws);
      const heads = (await ws.request('eth_subscribe', ['newHeads'])).result;
      const logs = (
        await ws.request('eth_subscribe', [
          'logs',
          { address: revert, topics: [revertIface.getEvent('Emitted')!.topicHash] },
        ])
      ).result;
      const pending = (await ws.request('eth_subscribe', ['newPendingTransactions'])).result;
      expect(heads).toMatch(/^0x[0-9a-f]{32}$/);
      const over = await ws.request('eth_subscribe', ['newPendingTransactions', true]);
      expect(over.error).toEqual({ code: -32005, message: 'too many subscriptions on this connection (limit 3)' });

      const hash = await ok(url, 'eth_sendTransaction', [
        { from: a, to: revert, data: revertIface.encodeFunctionData('emitEvent', ['ws']) },
      ]);
      const r = await receipt(url, hash);
      const of = (id: string) => (m: any) => m.method === 'eth_subscription' && m.params.subscription === id;
      const p = await ws.next(of(pending));
      expect(p).toEqual({
        jsonrpc: '2.0',
        method: 'eth_subscription',
        params: { subscription: pending, result: hash },
      });
      const h = await ws.next(of(heads));
      expect(h.params.result.hash).toBe(r.blockHash);
      expect(h.params.result).not.toHaveProperty('transactions');
      const l = await ws.next(of(logs));
      expect(l.params.result).toEqual(r.logs[0]);

      expect((await ws.request('eth_unsubscribe', [pending])).result).toBe(true);
      expect((await ws.request('eth_unsubscribe', [pending])).error).toEqual({
        code: -32000,
        message: 'subscription not found',
      });
      const full = (await ws.request('eth_subscribe', ['newPendingTransactions', true])).result;
      const hash2 = await ok(url, 'eth_sendTransaction', [{ from: a, to: b, value: '0x1' }]);
      const f = await ws.next(of(full));
      expect(f.params.result).toMatchObject({ hash: hash2, from: a, to: b, value: '0x1' });
      await receipt(url, hash2);
    });

    it('answers subscriptions over HTTP and unknown kinds with errors', async () => {
      expect((await rpc(url, 'eth_subscribe', ['newHeads'])).error).toEqual({
        code: -32601,
        message: 'notifications not supported',
      });
      const ws = await WsClient.connect(net.wsUrl);
      wsClients.push(ws);
      expect((await ws.request('eth_subscribe', ['nope'])).error.code).toBe(-32602);
    });

    it('drops the subscriptions of a closed connection', async () => {
      const ws = await WsClient.connect(net.wsUrl);
      await ws.request('eth_subscribe', ['newHeads']);
      await ws.close();
      const hash = await ok(url, 'eth_sendTransaction', [{ from: a, to: b, value: '0x2' }]);
      await receipt(url, hash);
      const again = await WsClient.connect(net.wsUrl);
      wsClients.push(again);
      expect((await again.request('eth_subscribe', ['newHeads'])).result).toMatch(/^0x/);
    });
  });
});

describe('rpc / integration / methods (no mining)', () => {
  let net: Devnet;
  let url: string;
  beforeAll(async () => {
    net = await startDevnet({ automine: false, rpc: { filterTimeoutMs: 200 } });
    url = net.url;
  });
  afterAll(async () => {
    await net?.close();
  });

  it('pending transactions: by hash with null block fields, pending nonce, txpool_*', async () => {
    const h0 = await ok(url, 'eth_sendTransaction', [{ from: a, to: b, value: '0x10' }]);
    const h1 = await ok(url, 'eth_sendTransaction', [{ from: a, to: b, value: '0x11' }]);
    const wallet = new Wallet(B.privateKey);
    const queued = await wallet.signTransaction({
      type: 0,
      chainId: 31337,
      nonce: 5,
      to: a,
      gasLimit: 21_000,
      gasPrice: 10_000_000_000n,
    });
    const hq = await ok(url, 'eth_sendRawTransaction', [queued]);

    expect(await ok(url, 'eth_getTransactionCount', [a, 'pending'])).toBe('0x2');
    expect(await ok(url, 'eth_getTransactionCount', [a, 'latest'])).toBe('0x0');
    const tx = await ok(url, 'eth_getTransactionByHash', [h1]);
    expect(tx).toMatchObject({
      hash: h1,
      blockHash: null,
      blockNumber: null,
      blockTimestamp: null,
      transactionIndex: null,
      nonce: '0x1',
    });
    expect(tx.gasPrice).toBe(tx.maxFeePerGas);
    expect(await ok(url, 'eth_getTransactionReceipt', [h1])).toBeNull();

    expect(await ok(url, 'txpool_status')).toEqual({ pending: '0x2', queued: '0x1' });
    const content = await ok(url, 'txpool_content');
    expect(Object.keys(content.pending)).toEqual([A.address]);
    expect(Object.keys(content.pending[A.address])).toEqual(['0', '1']);
    expect(content.pending[A.address]['0'].hash).toBe(h0);
    expect(content.queued[B.address]['5'].hash).toBe(hq);
    expect(await ok(url, 'txpool_contentFrom', [b])).toEqual({
      pending: {},
      queued: { '5': content.queued[B.address]['5'] },
    });
    const inspect = await ok(url, 'txpool_inspect');
    expect(inspect.pending[A.address]['0']).toMatch(new RegExp(`^${B.address}: 16 wei \\+ 21000 gas × \\d+ wei$`));
    expect(inspect.queued[B.address]['5']).toBe(`${A.address}: 0 wei + 21000 gas × 10000000000 wei`);

    await net.mine();
    expect((await ok(url, 'eth_getTransactionReceipt', [h0])).status).toBe('0x1');
    expect(await ok(url, 'txpool_status')).toEqual({ pending: '0x0', queued: '0x1' });
  });

  it('filters expire when unused', async () => {
    const id = await ok(url, 'eth_newBlockFilter');
    expect(await ok(url, 'eth_getFilterChanges', [id])).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    expect((await rpc(url, 'eth_getFilterChanges', [id])).error).toEqual({ code: -32000, message: 'filter not found' });
  });

  it('keeps serving after bad input of every kind', async () => {
    for (const body of [
      '{',
      '[]',
      '7',
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [1] }),
    ]) {
      const r = await post(url, body);
      expect(r.json.error.code).toBeLessThan(0);
    }
    expect(await ok(url, 'eth_chainId')).toBe('0x7a69');
  });
});

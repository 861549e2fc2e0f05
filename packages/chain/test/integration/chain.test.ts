import { afterEach, describe, expect, it } from '@jest/globals';
import { type Block, createBlock } from '@ethereumjs/block';
import { bytesToHex, hexToBytes } from '@ethereumjs/util';
import type { BuiltBlock } from '@basalt/execution';
import { ChainErrorCode, type ChainEvents, type StoredLog } from '../../src/index.ts';
import { build, type OpenChain, openChain, tempDir, testGenesis } from '../helpers/devChain.ts';
import { DEV_ADDRESS, DEV_KEY_1, RECIPIENT, transfer } from '../helpers/keys.ts';
import { LOG_CONTRACT_INITCODE, LOG_TOPIC, logContractAddress, word } from '../helpers/logContract.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function open(opts: Parameters<typeof openChain>[0] = {}): Promise<OpenChain> {
  const c = await openChain(opts);
  closers.push(() => c.close());
  return c;
}

function record(c: OpenChain) {
  const seen = { newHead: [] as Block[], logs: [] as StoredLog[][], reorg: [] as ChainEvents['reorg'][0][] };
  c.chain.events.on('newHead', (b) => seen.newHead.push(b));
  c.chain.events.on('logs', (l) => seen.logs.push(l));
  c.chain.events.on('reorg', (e) => seen.reorg.push(e));
  return seen;
}

/** Three blocks: a log-contract deployment, two transfers, two log calls. */
async function buildThree(c: OpenChain): Promise<BuiltBlock[]> {
  const common = c.chain.common;
  const contract = logContractAddress(DEV_ADDRESS, 0n);
  const out: BuiltBlock[] = [];
  let parent = c.chain.head();
  const plans = [
    [transfer(common, 0n, { create: true, data: LOG_CONTRACT_INITCODE, gasLimit: 200_000n, value: 0n })],
    [transfer(common, 1n, { value: 5n }), transfer(common, 0n, { value: 7n, key: DEV_KEY_1 })],
    [
      transfer(common, 2n, { to: contract, data: word(1), gasLimit: 100_000n, value: 0n }),
      transfer(common, 3n, { to: contract, data: word(2), gasLimit: 100_000n, value: 0n }),
    ],
  ];
  for (const txs of plans) {
    const built = await build(c, parent, txs);
    expect(await c.chain.commitBuiltBlock(built)).toBe('canonical');
    parent = built.block;
    out.push(built);
  }
  return out;
}

describe('chain / facade', () => {
  it('stores built blocks and serves blocks, receipts, transactions, TD and state', async () => {
    const c = await open();
    const seen = record(c);
    const blocks = await buildThree(c);
    const { chain } = c;
    expect(chain.head().header.number).toBe(3n);
    expect(seen.newHead.map((b) => b.header.number)).toEqual([1n, 2n, 3n]);
    for (const [i, { block }] of blocks.entries()) {
      expect(bytesToHex((await chain.getBlock(BigInt(i + 1)))!.hash())).toBe(bytesToHex(block.hash()));
      expect(bytesToHex((await chain.getCanonicalHash(BigInt(i + 1)))!)).toBe(bytesToHex(block.hash()));
    }
    expect((await chain.getBlock('earliest'))!.header.number).toBe(0n);
    expect((await chain.getBlock('latest'))!.header.number).toBe(3n);
    expect((await chain.getBlock('safe'))!.header.number).toBe(3n);
    expect((await chain.getBlock('finalized'))!.header.number).toBe(3n);
    expect(await chain.getBlock(4n)).toBeUndefined();
    // Post-merge blocks have difficulty 0: TD stays the genesis difficulty (0).
    expect(await chain.getTotalDifficulty(blocks[2]!.block.hash())).toBe(0n);

    const deploy = await chain.getReceipt(blocks[0]!.block.transactions[0]!.hash());
    expect(deploy!.contractAddress!.toString()).toBe(logContractAddress(DEV_ADDRESS, 0n).toString());
    expect(deploy!.to).toBeUndefined();
    expect(deploy!.status).toBe(1);

    const t = blocks[1]!.block.transactions[1]!;
    const r = await chain.getReceipt(t.hash());
    expect(r!.from.toString()).toBe(t.getSenderAddress().toString());
    expect(r!.to!.toString()).toBe(RECIPIENT.toString());
    expect(r!.gasUsed).toBe(21_000n);
    expect(r!.cumulativeGasUsed).toBe(42_000n);
    expect(r!.txIndex).toBe(1);
    expect(r!.blockNumber).toBe(2n);
    expect(r!.effectiveGasPrice).toBe(blocks[1]!.block.header.baseFeePerGas! + 1_000_000_000n);
    const loc = await chain.getTransaction(t.hash());
    expect(loc!.index).toBe(1);
    expect(loc!.block.header.number).toBe(2n);

    const logsReceipts = await chain.getReceipts(blocks[2]!.block.hash());
    expect(logsReceipts!.map((x) => x.logs.map((l) => [l.logIndex, l.txIndex]))).toEqual([[[0, 0]], [[1, 1]]]);
    expect(seen.logs.flat().map((l) => bytesToHex(l.topics[1]!))).toEqual([bytesToHex(word(1)), bytesToHex(word(2))]);

    const raw = await chain.getRawReceipts(blocks[2]!.block.hash());
    expect(raw!.length).toBe(2);
    expect(raw![0]![0]).toBe(2);

    const state = await chain.stateAt(chain.head());
    expect((await state.getAccount(RECIPIENT))!.balance).toBe(12n);
    const early = await chain.stateAt(blocks[0]!.block);
    expect(await early.getAccount(RECIPIENT)).toBeUndefined();
  });

  it('moves the head and the pool in the same tick: a visible receipt never has a stale pending nonce', async () => {
    const c = await open();
    const { chain } = c;
    const deploy = transfer(chain.common, 0n, {
      create: true,
      data: LOG_CONTRACT_INITCODE,
      gasLimit: 200_000n,
      value: 0n,
    });
    await chain.commitBuiltBlock(await build(c, chain.head(), [deploy]));
    const call = transfer(chain.common, 1n, {
      to: logContractAddress(DEV_ADDRESS, 0n),
      data: word(9),
      gasLimit: 100_000n,
      value: 0n,
    });
    await chain.txPool.add(call);
    expect(await chain.txPool.pendingNonce(DEV_ADDRESS)).toBe(2n);
    // The block's logs are announced only after a store read; by then the receipt is readable,
    // so the pool must already answer for the new head.
    const atLogs = new Promise<{ nonce: bigint; head: bigint }>((resolve) => {
      chain.events.once('logs', () => {
        void chain.txPool
          .pendingNonce(DEV_ADDRESS)
          .then((nonce) => resolve({ nonce, head: chain.head().header.number }));
      });
    });
    const seenHeads: bigint[] = [];
    chain.events.on('newHead', (b) => seenHeads.push(b.header.number));
    const committing = chain.commitBuiltBlock(await build(c, chain.head(), [call]));
    const whenLogs = await atLogs;
    await committing;
    expect(whenLogs).toEqual({ nonce: 2n, head: 2n });
    expect(seenHeads).toEqual([2n]);
    expect(chain.txPool.status()).toEqual({ pending: 0, queued: 0 });
  });

  it('imports the same blocks into a second chain via importBlock', async () => {
    const a = await open();
    const blocks = await buildThree(a);
    const b = await open();
    const seen = record(b);
    for (const { block } of blocks) expect(await b.chain.importBlock(block)).toBe('canonical');
    expect(bytesToHex(b.chain.head().hash())).toBe(bytesToHex(blocks[2]!.block.hash()));
    expect(seen.newHead.length).toBe(3);
    expect(seen.logs.flat().length).toBe(2);
    expect(await b.chain.importBlock(blocks[1]!.block)).toBe('known');
    const r = await b.chain.getReceipt(blocks[2]!.block.transactions[1]!.hash());
    expect(r!.logs[0]!.logIndex).toBe(1);
    expect((await (await b.chain.stateAt(b.chain.head())).getAccount(RECIPIENT))!.balance).toBe(12n);
  });

  it('rejects UNKNOWN_PARENT', async () => {
    const a = await open();
    const blocks = await buildThree(a);
    const b = await open();
    await expect(b.chain.importBlock(blocks[1]!.block)).rejects.toMatchObject({
      code: ChainErrorCode.UNKNOWN_PARENT,
      type: { number: 2n },
    });
  });

  it('rejects a block with a bad state root as INVALID_BLOCK and stores nothing', async () => {
    const a = await open();
    const [first] = await buildThree(a);
    const good = first!.block;
    const bad = createBlock(
      {
        header: { ...good.header.toJSON(), stateRoot: hexToBytes(`0x${'ab'.repeat(32)}`) },
        transactions: good.transactions,
        withdrawals: [],
      },
      { common: good.common },
    );
    const b = await open();
    const seen = record(b);
    const err = await b.chain.importBlock(bad).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ChainErrorCode.INVALID_BLOCK, type: { number: 1n } });
    expect((err as { type: { reason: string } }).type.reason).toMatch(/state root/i);
    expect(b.chain.head().header.number).toBe(0n);
    expect(await b.chain.getBlock(bad.hash())).toBeUndefined();
    expect(await b.chain.getReceipts(bad.hash())).toBeUndefined();
    expect(await b.chain.getTotalDifficulty(bad.hash())).toBeUndefined();
    expect(await b.chain.getTransaction(good.transactions[0]!.hash())).toBeUndefined();
    expect(await b.chain.getBlock(1n)).toBeUndefined();
    expect(seen.newHead.length).toBe(0);
    expect(b.states.pendingWrites).toBe(0);
    // The good block still imports afterwards.
    expect(await b.chain.importBlock(good)).toBe('canonical');
  });

  it('reorg: a longer side branch wins; events, canonical index, tx index and removed logs', async () => {
    const c = await open();
    const { chain } = c;
    const common = chain.common;
    const genesis = chain.head();
    const contract = logContractAddress(DEV_ADDRESS, 0n);
    const deploy = () =>
      transfer(common, 0n, { create: true, data: LOG_CONTRACT_INITCODE, gasLimit: 200_000n, value: 0n });
    const call = (nonce: bigint, w: number) =>
      transfer(common, nonce, { to: contract, data: word(w), gasLimit: 100_000n, value: 0n });

    // Branch A: a1 (deploy), a2 (log word 0xaa, transfer from account 1).
    const a1 = await build(c, genesis, [deploy()]);
    expect(await chain.commitBuiltBlock(a1)).toBe('canonical');
    const onlyA = transfer(common, 0n, { value: 3n, key: DEV_KEY_1 });
    const a2 = await build(c, a1.block, [call(1n, 0xaa), onlyA]);
    expect(await chain.commitBuiltBlock(a2)).toBe('canonical');
    const seen = record(c);

    // Branch B from genesis, other timestamps: b1 (deploy), b2 (log word 0xbb), b3 (transfer).
    const b1 = await build(c, genesis, [deploy()], { timestamp: genesis.header.timestamp + 5n });
    expect(await chain.commitBuiltBlock(b1)).toBe('side');
    const b2 = await build(c, b1.block, [call(1n, 0xbb)]);
    expect(await chain.commitBuiltBlock(b2)).toBe('side'); // same height as a2: tie keeps the head
    expect(bytesToHex(chain.head().hash())).toBe(bytesToHex(a2.block.hash()));
    expect(seen.newHead.length).toBe(0);
    const b3 = await build(c, b2.block, [transfer(common, 2n, { value: 9n })]);
    expect(await chain.commitBuiltBlock(b3)).toBe('canonical');

    expect(bytesToHex(chain.head().hash())).toBe(bytesToHex(b3.block.hash()));
    expect(seen.reorg.length).toBe(1);
    const ev = seen.reorg[0]!;
    expect(ev.commonAncestor.header.number).toBe(0n);
    expect(ev.dropped.map((b) => bytesToHex(b.hash()))).toEqual([a1, a2].map((b) => bytesToHex(b.block.hash())));
    expect(ev.added.map((b) => bytesToHex(b.hash()))).toEqual([b1, b2, b3].map((b) => bytesToHex(b.block.hash())));
    expect(bytesToHex(ev.oldHead.hash())).toBe(bytesToHex(a2.block.hash()));
    expect(seen.newHead.map((b) => bytesToHex(b.hash()))).toEqual([bytesToHex(b3.block.hash())]);

    // logs: first the removed copies of branch A's, then branch B's.
    expect(seen.logs.length).toBe(2);
    expect(seen.logs[0]!.map((l) => [l.removed, bytesToHex(l.topics[1]!), bytesToHex(l.blockHash)])).toEqual([
      [true, bytesToHex(word(0xaa)), bytesToHex(a2.block.hash())],
    ]);
    expect(seen.logs[1]!.map((l) => [l.removed, bytesToHex(l.topics[1]!)])).toEqual([[false, bytesToHex(word(0xbb))]]);

    // canonical index and tx index follow branch B
    for (const [n, b] of [b1, b2, b3].entries()) {
      expect(bytesToHex((await chain.getCanonicalHash(BigInt(n + 1)))!)).toBe(bytesToHex(b.block.hash()));
    }
    expect(await chain.getTransaction(onlyA.hash())).toBeUndefined();
    expect(await chain.getReceipt(onlyA.hash())).toBeUndefined();
    const deployB = await chain.getTransaction(b1.block.transactions[0]!.hash());
    expect(bytesToHex(deployB!.block.hash())).toBe(bytesToHex(b1.block.hash()));
    // The dropped blocks stay readable by hash.
    expect((await chain.getBlock(a2.block.hash()))!.header.number).toBe(2n);

    // getLogs sees branch B only.
    const logs = await chain.getLogs({
      fromBlock: 0n,
      toBlock: 3n,
      addresses: [contract.bytes],
      topics: [[LOG_TOPIC]],
    });
    expect(logs.map((l) => bytesToHex(l.topics[1]!))).toEqual([bytesToHex(word(0xbb))]);
    // Back to A: one block longer than B.
    const a3 = await build(c, a2.block, []);
    expect(await chain.commitBuiltBlock(a3)).toBe('side');
    const a4 = await build(c, a3.block, []);
    expect(await chain.commitBuiltBlock(a4)).toBe('canonical');
    expect(await chain.getTransaction(b3.block.transactions[0]!.hash())).toBeUndefined();
    expect((await chain.getTransaction(onlyA.hash()))!.block.header.number).toBe(2n);
    expect(await chain.getCanonicalHash(4n)).toBeDefined();
    const logs2 = await chain.getLogs({ fromBlock: 0n, toBlock: 4n, addresses: [], topics: [] });
    expect(logs2.map((l) => bytesToHex(l.topics[1]!))).toEqual([bytesToHex(word(0xaa))]);
  });

  it('pre-merge: a heavier but shorter branch wins and the canonical entries above it go', async () => {
    const c = await open({ genesis: testGenesis({ hardfork: 'london' }) });
    const { chain } = c;
    const genesis = chain.head();
    expect(await chain.getTotalDifficulty(genesis.hash())).toBe(1n);
    const a1 = await build(c, genesis, [], { difficulty: 1n });
    expect(await chain.commitBuiltBlock(a1)).toBe('canonical');
    const a2 = await build(c, a1.block, [transfer(chain.common, 0n)], { difficulty: 1n });
    expect(await chain.commitBuiltBlock(a2)).toBe('canonical');
    expect(await chain.getTotalDifficulty(a2.block.hash())).toBe(3n);
    const b1 = await build(c, genesis, [], { difficulty: 5n, timestamp: 3n });
    expect(await chain.commitBuiltBlock(b1)).toBe('canonical');
    expect(chain.head().header.number).toBe(1n);
    expect(await chain.getCanonicalHash(2n)).toBeUndefined();
    expect(await chain.getBlock(2n)).toBeUndefined();
    expect(await chain.getTransaction(a2.block.transactions[0]!.hash())).toBeUndefined();
    expect(await chain.getTotalDifficulty(b1.block.hash())).toBe(6n);
  });

  it('logs: address, topic, range, block hash filters and their errors', async () => {
    const c = await open({ chainOpts: { maxLogsRange: 3, maxLogsResults: 1 } });
    const blocks = await buildThree(c);
    const { chain } = c;
    const contract = logContractAddress(DEV_ADDRESS, 0n);
    const q = (f: Partial<Parameters<typeof chain.getLogs>[0]>) =>
      chain.getLogs({ fromBlock: 1n, toBlock: 3n, addresses: [], topics: [], ...f });
    await expect(q({})).rejects.toMatchObject({ code: ChainErrorCode.LOGS_TOO_MANY_RESULTS });
    expect((await q({ topics: [null, [word(2)]] })).map((l) => l.logIndex)).toEqual([1]);
    expect((await q({ topics: [[LOG_TOPIC], [word(9), word(1)]] })).map((l) => l.logIndex)).toEqual([0]);
    expect(await q({ topics: [[word(1)]] })).toEqual([]);
    expect(await q({ addresses: [RECIPIENT.bytes] })).toEqual([]);
    expect(await q({ addresses: [contract.bytes], topics: [null, null, null] })).toEqual([]);
    expect(await q({ fromBlock: 1n, toBlock: 2n, addresses: [contract.bytes] })).toEqual([]);
    expect(
      (await q({ blockHash: blocks[2]!.block.hash(), topics: [null, [word(1)]] })).map((l) => bytesToHex(l.txHash)),
    ).toEqual([bytesToHex(blocks[2]!.block.transactions[0]!.hash())]);
    await expect(q({ fromBlock: 0n })).rejects.toMatchObject({ code: ChainErrorCode.LOGS_RANGE_TOO_LARGE });
    await expect(q({ fromBlock: 3n, toBlock: 2n })).rejects.toMatchObject({ code: ChainErrorCode.INVALID_LOGS_RANGE });
    await expect(q({ toBlock: 4n })).rejects.toMatchObject({ code: ChainErrorCode.LOGS_RANGE_BEYOND_HEAD });
    await expect(q({ blockHash: new Uint8Array(32) })).rejects.toMatchObject({ code: ChainErrorCode.UNKNOWN_BLOCK });
  });

  it('restart: head, receipts, state, safe and finalized survive; a different genesis is refused', async () => {
    const dir = await tempDir();
    closers.push(() => dir.remove());
    const first = await openChain({ path: dir.path });
    const blocks = await buildThree(first);
    await first.chain.setSafeAndFinalized(blocks[1]!.block.hash(), blocks[0]!.block.hash());
    await first.close();

    const again = await open({ path: dir.path });
    expect(again.chain.head().header.number).toBe(3n);
    expect((await again.chain.getBlock('safe'))!.header.number).toBe(2n);
    expect((await again.chain.getBlock('finalized'))!.header.number).toBe(1n);
    expect((await again.chain.getReceipt(blocks[2]!.block.transactions[1]!.hash()))!.logs[0]!.logIndex).toBe(1);
    expect((await (await again.chain.stateAt(again.chain.head())).getAccount(RECIPIENT))!.balance).toBe(12n);
    // The chain keeps growing after the restart.
    const next = await build(again, again.chain.head(), [transfer(again.chain.common, 4n)]);
    expect(await again.chain.commitBuiltBlock(next)).toBe('canonical');
    await again.close();
    closers.pop();

    const noGenesis = await open({ path: dir.path, noGenesis: true });
    expect(noGenesis.chain.head().header.number).toBe(4n);
    await noGenesis.close();
    closers.pop();

    await expect(openChain({ path: dir.path, genesis: testGenesis({ chainId: 999 }) })).rejects.toMatchObject({
      code: ChainErrorCode.GENESIS_MISMATCH,
      type: { field: 'chainId', stored: '31337', configured: '999' },
    });
    await expect(openChain({ path: dir.path, genesis: testGenesis({ balance: 1n }) })).rejects.toMatchObject({
      code: ChainErrorCode.GENESIS_MISMATCH,
      type: { field: 'hash' },
    });
  });

  it('an empty database without a genesis is refused', async () => {
    await expect(openChain({ noGenesis: true })).rejects.toMatchObject({ code: ChainErrorCode.INVALID_GENESIS });
  });

  it('setSafeAndFinalized refuses UNKNOWN_BLOCK', async () => {
    const c = await open();
    await expect(c.chain.setSafeAndFinalized(new Uint8Array(32), c.chain.head().hash())).rejects.toMatchObject({
      code: ChainErrorCode.UNKNOWN_BLOCK,
    });
  });
});

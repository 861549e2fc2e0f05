import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { type Address, bytesToHex, createAddressFromString, utf8ToBytes } from '@ethereumjs/util';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createMiner, type Miner, MinerErrorCode, type MinerOpts } from '../../src/miner/index.ts';
import { createTxPool, type TxPool } from '../../src/txpool/index.ts';
import { accountOf, createDevSetup, DEV_ADDRESSES, type DevSetup, GWEI, shuffle, transfer } from '../txpool/helpers.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await (closers.pop() as () => Promise<void>)();
});

interface Rig {
  s: DevSetup;
  pool: TxPool;
  miner: Miner;
  mined: Block[];
}

async function rig(opts: MinerOpts = {}, o: { wirePool?: boolean; start?: boolean } = {}): Promise<Rig> {
  const s = await createDevSetup();
  closers.push(s.close);
  // The facade's pool follows the head; an unwired one shows what the miner does on its own.
  const pool =
    o.wirePool === false
      ? createTxPool({
          executor: s.executor,
          head: () => s.chain.head(),
          getAccount: async (address, head) => {
            const a = await accountOf(s, address, head);
            return { nonce: a.nonce, balance: a.balance };
          },
        })
      : s.chain.txPool;
  const miner = createMiner({ chain: s.chain, executor: s.executor, pool }, opts);
  const mined: Block[] = [];
  miner.events.on('blockMined', (block) => mined.push(block));
  miner.events.on('miningFailed', (err) => {
    throw err;
  });
  if (o.start !== false) await miner.start();
  closers.push(() => miner.stop());
  return { s, pool, miner, mined };
}

/** Resolves once `n` transactions were mined in total (bounded by `ms`). */
function minedTxs(r: Rig, n: number, ms = 30_000): Promise<void> {
  const count = () => r.mined.reduce((sum, b) => sum + b.transactions.length, 0);
  if (count() >= n) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${count()} of ${n} transactions mined after ${ms} ms`)), ms);
    const on = () => {
      if (count() >= n) {
        clearTimeout(timer);
        r.miner.events.off('blockMined', on);
        resolve();
      }
    };
    r.miner.events.on('blockMined', on);
  });
}

/** Resolves once `n` blocks were mined in total (bounded by `ms`). */
function minedBlocks(r: Rig, n: number, ms = 10_000): Promise<void> {
  if (r.mined.length >= n) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${r.mined.length} of ${n} blocks after ${ms} ms`)), ms);
    const on = () => {
      if (r.mined.length >= n) {
        clearTimeout(timer);
        r.miner.events.off('blockMined', on);
        resolve();
      }
    };
    r.miner.events.on('blockMined', on);
  });
}

function expectIncreasingTimestamps(blocks: Block[]): void {
  for (let i = 1; i < blocks.length; i++) {
    const [a, b] = [blocks[i - 1] as Block, blocks[i] as Block];
    expect([b.header.number, b.header.timestamp > a.header.timestamp]).toEqual([b.header.number, true]);
  }
}

describe('chain / miner / instant', () => {
  it('mines a transaction sent alone in its own block, at once', async () => {
    const r = await rig();
    const tx = transfer(r.s.common, 0, { nonce: 0 });
    await r.pool.add(tx);
    await minedTxs(r, 1);
    await r.miner.idle();
    expect(r.mined.length).toBe(1);
    const block = r.mined[0] as Block;
    expect(block.header.number).toBe(1n);
    expect(block.transactions.map((t) => bytesToHex(t.hash()))).toEqual([bytesToHex(tx.hash())]);
    expect(r.pool.status()).toEqual({ pending: 0, queued: 0 });
    await r.pool.add(transfer(r.s.common, 0, { nonce: 1 }));
    await minedTxs(r, 2);
    expect(r.mined.map((b) => b.transactions.length)).toEqual([1, 1]);
    expect(r.s.chain.head().header.number).toBe(2n);
  });

  it('awaitInstantBlock: transactions added in one turn of the event loop share a block, stored when it resolves', async () => {
    const r = await rig();
    await expect(r.miner.awaitInstantBlock()).resolves.toBeUndefined(); // idle: at once
    // Eight senders' transactions arrive together (as eight requests read in one poll phase).
    const txs = Array.from({ length: 8 }, (_, i) => transfer(r.s.common, i, { nonce: 0 }));
    const sent = await Promise.all(
      txs.map(async (tx) => {
        await r.pool.add(tx);
        await r.miner.awaitInstantBlock();
        // Resolved only once the block taking it is the head: its receipt can be read now.
        return r.s.chain.getReceipt(tx.hash());
      }),
    );
    expect(sent.every((receipt) => receipt !== undefined)).toBe(true);
    expect(r.mined.map((b) => b.transactions.length)).toEqual([8]);
    // A queued transaction (nonce gap) does not wait for a block that cannot take it.
    await r.pool.add(transfer(r.s.common, 0, { nonce: 5 }));
    await r.miner.awaitInstantBlock();
    expect(r.mined.length).toBe(1);
    // Automine off: nothing to wait for.
    r.miner.setAutomine(false);
    await r.pool.add(transfer(r.s.common, 1, { nonce: 1 }));
    await r.miner.awaitInstantBlock();
    expect(r.mined.length).toBe(1);
  });

  it('queues a nonce that arrives early and mines it when the gap fills', async () => {
    const r = await rig();
    await r.pool.add(transfer(r.s.common, 1, { nonce: 1 }));
    await r.miner.idle();
    expect(r.mined.length).toBe(0);
    expect(r.pool.status()).toEqual({ pending: 0, queued: 1 });
    await r.pool.add(transfer(r.s.common, 1, { nonce: 0 }));
    await minedTxs(r, 2);
    expect(r.pool.status()).toEqual({ pending: 0, queued: 0 });
    expect((await accountOf(r.s, DEV_ADDRESSES[1] as Address, r.s.chain.head())).nonce).toBe(2n);
  });

  it('mines a burst of 2,000 transfers from 10 senders (shuffled nonces) in fewer blocks, losing none', async () => {
    const r = await rig();
    const perSender = 200;
    const t0 = Date.now();
    const bySender: TypedTransaction[][] = [];
    for (let from = 0; from < 10; from++) {
      const txs: TypedTransaction[] = [];
      for (let nonce = 0; nonce < perSender; nonce++) txs.push(transfer(r.s.common, from, { nonce }));
      bySender.push(shuffle(txs, from + 1));
    }
    const signedMs = Date.now() - t0;
    // Interleave the senders: one tx of each in turn, every sender's nonces in shuffled order.
    const all: TypedTransaction[] = [];
    for (let i = 0; i < perSender; i++) for (const txs of bySender) all.push(txs[i] as TypedTransaction);
    const t1 = Date.now();
    const results = await Promise.allSettled(all.map((tx) => r.pool.add(tx)));
    expect(results.filter((x) => x.status === 'rejected')).toEqual([]);
    await minedTxs(r, all.length, 60_000);
    await r.miner.idle();
    const ms = Date.now() - t1;
    const minedHashes = new Set(r.mined.flatMap((b) => b.transactions.map((t) => bytesToHex(t.hash()))));
    expect(minedHashes.size).toBe(all.length);
    for (const tx of all) expect(minedHashes.has(bytesToHex(tx.hash()))).toBe(true);
    expect(r.mined.length).toBeLessThan(all.length);
    expect(r.pool.status()).toEqual({ pending: 0, queued: 0 });
    for (let from = 0; from < 10; from++) {
      expect([from, (await accountOf(r.s, DEV_ADDRESSES[from] as Address, r.s.chain.head())).nonce]).toEqual([
        from,
        BigInt(perSender),
      ]);
    }
    expectIncreasingTimestamps(r.mined);
    console.log(
      `burst: ${all.length} txs in ${r.mined.length} blocks (largest ${Math.max(...r.mined.map((b) => b.transactions.length))}), ` +
        `${ms} ms from first add to last block (${Math.round((all.length * 1000) / ms)} tx/s); signing took ${signedMs} ms`,
    );
  });
  it('keeps up with 64 transactions in flight: blocks grow, none lost', async () => {
    const r = await rig();
    const perSender = 100;
    const queue: TypedTransaction[] = [];
    const bySender = Array.from({ length: 10 }, (_, from) =>
      shuffle(
        Array.from({ length: perSender }, (_, nonce) => transfer(r.s.common, from, { nonce })),
        from + 11,
      ),
    );
    for (let i = 0; i < perSender; i++) for (const txs of bySender) queue.push(txs[i] as TypedTransaction);
    const t0 = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < queue.length) await r.pool.add(queue[next++] as TypedTransaction);
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    await minedTxs(r, queue.length);
    await r.miner.idle();
    const ms = Date.now() - t0;
    expect(r.pool.status()).toEqual({ pending: 0, queued: 0 });
    expect(r.mined.length).toBeLessThan(queue.length);
    const sizes = r.mined.map((b) => b.transactions.length);
    console.log(
      `64 in flight: ${queue.length} txs in ${r.mined.length} blocks (largest ${Math.max(...sizes)}), ${ms} ms (${Math.round((queue.length * 1000) / ms)} tx/s)`,
    );
  });
});

describe('chain / miner / interval', () => {
  it('groups the transactions of one interval into one block, and mines empty blocks too', async () => {
    const r = await rig({ blockTime: 0.4 });
    expect(r.miner.getAutomine()).toBe(false);
    expect(r.miner.getIntervalMining()).toBe(0.4);
    for (let i = 0; i < 20; i++) await r.pool.add(transfer(r.s.common, i % 5, { nonce: Math.floor(i / 5) }));
    await minedTxs(r, 20);
    expect(r.mined.filter((b) => b.transactions.length > 0).map((b) => b.transactions.length)).toEqual([20]);
    await minedBlocks(r, r.mined.length + 1);
    expect((r.mined[r.mined.length - 1] as Block).transactions.length).toBe(0);
    expectIncreasingTimestamps(r.mined);
  });

  it('switches between modes at run time', async () => {
    const r = await rig({ automine: false });
    await r.pool.add(transfer(r.s.common, 0, { nonce: 0 }));
    await r.miner.idle();
    expect(r.mined.length).toBe(0);
    r.miner.setAutomine(true);
    await minedTxs(r, 1);
    r.miner.setAutomine(false);
    r.miner.setIntervalMining(0.2);
    await minedBlocks(r, 3);
    r.miner.setIntervalMining(0);
    await r.miner.idle();
    const n = r.mined.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.mined.length).toBe(n);
  });
});

describe('chain / miner / on demand', () => {
  it('mines count blocks with what is pending, timestamps strictly increasing within one second', async () => {
    const r = await rig({ automine: false });
    await r.pool.add(transfer(r.s.common, 0, { nonce: 0 }));
    await r.pool.add(transfer(r.s.common, 0, { nonce: 1 }));
    const blocks = await r.miner.mine({ count: 20 });
    expect(blocks.map((b) => b.transactions.length)).toEqual([2, ...new Array(19).fill(0)]);
    expect(blocks.map((b) => b.header.number)).toEqual(blocks.map((_, i) => BigInt(i + 1)));
    expectIncreasingTimestamps([r.s.genesis, ...blocks]);
  });

  it('honours timestamp overrides and refuses TIMESTAMP_NOT_AFTER_PARENT', async () => {
    const r = await rig({ automine: false });
    const head = () => r.s.chain.head().header.timestamp;
    const err = await r.miner.mine({ timestamp: head() }).catch((e: unknown) => e as { code: string });
    expect((err as { code: string }).code).toBe(MinerErrorCode.TIMESTAMP_NOT_AFTER_PARENT);
    expect(() => r.miner.setNextBlockTimestamp(head())).toThrow('lower than or equal to previous block');
    const t = head() + 1_000n;
    r.miner.setNextBlockTimestamp(t);
    expect((await r.miner.mine())[0]?.header.timestamp).toBe(t);
    // Time continues from the fixed timestamp, not from the wall clock.
    const next = (await r.miner.mine())[0]?.header.timestamp as bigint;
    expect(next >= t + 1n && next <= t + 2n).toBe(true);
    const withInterval = await r.miner.mine({ count: 3, timestamp: head() + 10n, interval: 5n });
    expect(withInterval.map((b) => b.header.timestamp - next)).toEqual([10n, 15n, 20n]);
    r.miner.clock.setTimestampInterval(7);
    const spaced = await r.miner.mine({ count: 2 });
    expect(spaced.map((b) => b.header.timestamp - next)).toEqual([27n, 34n]);
    expect(r.miner.clock.removeTimestampInterval()).toBe(true);
    const before = r.miner.clock.now();
    const offset = r.miner.clock.offset();
    expect(r.miner.clock.increaseTime(3_600)).toBe(offset + 3_600n);
    expect(r.miner.clock.now() - before >= 3_600n).toBe(true);
  });

  it('applies coinbase, gas limit, extra data and a one-off base fee', async () => {
    const r = await rig({ automine: false });
    const coinbase = createAddressFromString('0x00000000000000000000000000000000000000c0');
    r.miner.setCoinbase(coinbase);
    r.miner.setGasLimit(20_000_000n);
    r.miner.setExtraData(utf8ToBytes('basalt'));
    r.miner.setNextBaseFee(7n * GWEI);
    await r.pool.add(transfer(r.s.common, 0, { nonce: 0, maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 2n * GWEI }));
    const [first, second] = await r.miner.mine({ count: 2 });
    expect(first?.header.coinbase.equals(coinbase)).toBe(true);
    expect(first?.header.gasLimit).toBe(20_000_000n);
    expect(bytesToHex(first?.header.extraData as Uint8Array)).toBe(bytesToHex(utf8ToBytes('basalt')));
    expect(first?.header.baseFeePerGas).toBe(7n * GWEI);
    expect(first?.transactions.length).toBe(1);
    expect(second?.header.baseFeePerGas).toBe(first?.header.calcNextBaseFee());
    expect((await accountOf(r.s, coinbase, r.s.chain.head())).balance).toBe(21_000n * 2n * GWEI);
  });

  it('drops from the pool a transaction the builder skips as nonce too low, and keeps others', async () => {
    const r = await rig({ automine: false }, { wirePool: false });
    await r.pool.add(transfer(r.s.common, 0, { nonce: 0 }));
    await r.pool.add(transfer(r.s.common, 1, { nonce: 5 }));
    await r.miner.mine();
    // The pool was not told about the head, so it still offers the mined transaction.
    expect(r.pool.status()).toEqual({ pending: 1, queued: 1 });
    const dropped: string[] = [];
    r.pool.events.on('txDropped', (_tx, reason) => dropped.push(reason));
    const [block] = await r.miner.mine();
    expect(block?.transactions.length).toBe(0);
    expect(dropped).toEqual(['nonce too low']);
    expect(r.pool.status()).toEqual({ pending: 0, queued: 1 });
  });
});

describe('chain / miner / lifecycle', () => {
  it('stop() finishes the block in flight and stops mining; start() and stop() are idempotent', async () => {
    const r = await rig({ blockTime: 60 }, { start: false });
    r.miner.setAutomine(true);
    await r.miner.start();
    await r.miner.start();
    await r.pool.add(transfer(r.s.common, 0, { nonce: 0 }));
    await r.miner.stop();
    await r.miner.stop();
    expect(r.miner.isStarted()).toBe(false);
    expect(r.mined.map((b) => b.transactions.length)).toEqual([1]);
    await r.pool.add(transfer(r.s.common, 0, { nonce: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.mined.length).toBe(1);
    // mine() works while stopped.
    expect((await r.miner.mine())[0]?.transactions.length).toBe(1);
  });
});

import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { type Address, bytesToHex } from '@ethereumjs/util';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type TxPool, TxPoolErrorCode, type TxPoolOpts } from '../../src/txpool/index.ts';
import { createDevSetup, DEV_ADDRESSES, type DevSetup, ETHER, GWEI, transfer } from './helpers.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await (closers.pop() as () => Promise<void>)();
});

async function setup(opts: TxPoolOpts = {}, dev: { balance?: bigint } = {}): Promise<{ s: DevSetup; pool: TxPool }> {
  const s = await createDevSetup({ ...dev, chainOpts: { txPool: opts } });
  closers.push(s.close);
  return { s, pool: s.chain.txPool };
}

/** Builds a block on the head from `txs` (in that order) and commits it; awaits the pool's re-check. */
async function mine(s: DevSetup, pool: TxPool, txs: TypedTransaction[]): Promise<Block> {
  const parent = s.chain.head();
  const built = await s.executor.buildBlock({
    parent,
    txs,
    template: { timestamp: parent.header.timestamp + 1n, coinbase: DEV_ADDRESSES[0] },
  });
  await s.chain.commitBuiltBlock(built);
  await pool.onNewHead(built.block);
  return built.block;
}

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

const A = 0;
const B = 1;
const C = 2;

describe('chain / txpool / add', () => {
  it('adds a transaction as pending and reports it everywhere', async () => {
    const { s, pool } = await setup();
    const added: string[] = [];
    pool.events.on('txAdded', (tx) => added.push(bytesToHex(tx.hash())));
    const tx = transfer(s.common, A, { nonce: 0 });
    const hash = await pool.add(tx);
    expect(bytesToHex(hash)).toBe(bytesToHex(tx.hash()));
    expect(added).toEqual([bytesToHex(tx.hash())]);
    expect(pool.getByHash(hash)).toBe(tx);
    expect(pool.status()).toEqual({ pending: 1, queued: 0 });
    expect(await pool.pendingNonce(DEV_ADDRESSES[A])).toBe(1n);
    expect(await pool.pendingNonce(DEV_ADDRESSES[B])).toBe(0n);
    const content = pool.content();
    expect([...(content.pending.get(DEV_ADDRESSES[A].toString()) ?? [])]).toEqual([[0n, tx]]);
    expect(content.queued.size).toBe(0);
  });

  it('rejects ALREADY_KNOWN for the same hash, also when sent concurrently', async () => {
    const { s, pool } = await setup();
    const tx = transfer(s.common, A, { nonce: 0 });
    const results = await Promise.allSettled([pool.add(tx), pool.add(tx)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const err = await rejection(pool.add(tx));
    expect(err.code).toBe(TxPoolErrorCode.ALREADY_KNOWN);
    expect(err.message).toBe('already known');
    expect(pool.status()).toEqual({ pending: 1, queued: 0 });
  });

  it("passes execution's rejections through (nonce too low, max fee below base fee)", async () => {
    const { s, pool } = await setup();
    await mine(s, pool, [transfer(s.common, A, { nonce: 0 })]);
    expect((await rejection(pool.add(transfer(s.common, A, { nonce: 0, value: 2n })))).message).toMatch(
      /^nonce too low/,
    );
    const cheap = transfer(s.common, A, { nonce: 1, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n });
    expect((await rejection(pool.add(cheap))).message).toMatch(/^max fee per gas less than block base fee/);
    expect(pool.status()).toEqual({ pending: 0, queued: 0 });
  });

  it('rejects UNDERPRICED below minTip, except local transactions', async () => {
    const { s, pool } = await setup({ minTip: 2n * GWEI });
    const err = await rejection(pool.add(transfer(s.common, A, { nonce: 0, maxPriorityFeePerGas: GWEI })));
    expect(err.code).toBe(TxPoolErrorCode.UNDERPRICED);
    expect(err.message).toBe('transaction underpriced');
    await pool.add(transfer(s.common, A, { nonce: 0, maxPriorityFeePerGas: GWEI }), { local: true });
    await pool.add(transfer(s.common, B, { nonce: 0, maxPriorityFeePerGas: 2n * GWEI }));
    expect(pool.status()).toEqual({ pending: 2, queued: 0 });
  });
});

describe('chain / txpool / replacement', () => {
  it('rejects REPLACEMENT_UNDERPRICED unless both fee caps rise by 10%', async () => {
    const { s, pool } = await setup();
    const dropped: Array<[string, string]> = [];
    pool.events.on('txDropped', (tx, reason) => dropped.push([bytesToHex(tx.hash()), reason]));
    const old = transfer(s.common, A, { nonce: 0, maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: 10n * GWEI });
    await pool.add(old);
    const attempts: Array<[bigint, bigint]> = [
      [109n * GWEI, 11n * GWEI], // fee cap +9%
      [110n * GWEI, 10n * GWEI], // tip unchanged
      [200n * GWEI, 10n * GWEI + 1n], // tip +0.00...1%
      [100n * GWEI, 20n * GWEI], // fee cap unchanged
    ];
    for (const [maxFeePerGas, maxPriorityFeePerGas] of attempts) {
      const err = await rejection(
        pool.add(transfer(s.common, A, { nonce: 0, maxFeePerGas, maxPriorityFeePerGas, value: 2n })),
      );
      expect([err.code, err.message, maxFeePerGas, maxPriorityFeePerGas]).toEqual([
        TxPoolErrorCode.REPLACEMENT_UNDERPRICED,
        'replacement transaction underpriced',
        maxFeePerGas,
        maxPriorityFeePerGas,
      ]);
    }
    const replacement = transfer(s.common, A, {
      nonce: 0,
      maxFeePerGas: 110n * GWEI,
      maxPriorityFeePerGas: 11n * GWEI,
      value: 3n,
    });
    await pool.add(replacement);
    expect(pool.getByHash(old.hash())).toBeUndefined();
    expect(pool.getByHash(replacement.hash())).toBe(replacement);
    expect(dropped).toEqual([[bytesToHex(old.hash()), 'replaced']]);
    expect(pool.status()).toEqual({ pending: 1, queued: 0 });
  });

  it('applies the bump to gasPrice for legacy transactions, pending or queued', async () => {
    const { s, pool } = await setup();
    await pool.add(transfer(s.common, A, { nonce: 0, gasPrice: 10n * GWEI }));
    await pool.add(transfer(s.common, A, { nonce: 5, gasPrice: 10n * GWEI }));
    for (const nonce of [0, 5]) {
      const err = await rejection(pool.add(transfer(s.common, A, { nonce, gasPrice: 10n * GWEI + 1n })));
      expect(err.code).toBe(TxPoolErrorCode.REPLACEMENT_UNDERPRICED);
      await pool.add(transfer(s.common, A, { nonce, gasPrice: 11n * GWEI }));
    }
    expect(pool.status()).toEqual({ pending: 1, queued: 1 });
  });
});

describe('chain / txpool / nonces', () => {
  it('queues a nonce gap and promotes the run when the gap fills', async () => {
    const { s, pool } = await setup();
    let executable = 0;
    pool.events.on('executable', () => executable++);
    await pool.add(transfer(s.common, A, { nonce: 2 }));
    await pool.add(transfer(s.common, A, { nonce: 1 }));
    await pool.add(transfer(s.common, A, { nonce: 4 }));
    expect(pool.status()).toEqual({ pending: 0, queued: 3 });
    expect(await pool.pendingNonce(DEV_ADDRESSES[A])).toBe(0n);
    expect(pool.pendingForBlock(GWEI)).toEqual([]);
    expect(executable).toBe(0);
    await pool.add(transfer(s.common, A, { nonce: 0 }));
    expect(pool.status()).toEqual({ pending: 3, queued: 1 });
    expect(executable).toBe(1);
    expect(await pool.pendingNonce(DEV_ADDRESSES[A])).toBe(3n);
    expect(pool.pendingForBlock(GWEI).map((tx) => tx.nonce)).toEqual([0n, 1n, 2n]);
    const content = pool.content();
    const key = DEV_ADDRESSES[A].toString();
    expect([...(content.pending.get(key) as Map<bigint, unknown>).keys()]).toEqual([0n, 1n, 2n]);
    expect([...(content.queued.get(key) as Map<bigint, unknown>).keys()]).toEqual([4n]);
  });

  it('turns later transactions into queued ones when one is removed, and clears', async () => {
    const { s, pool } = await setup();
    const txs = [0, 1, 2].map((nonce) => transfer(s.common, A, { nonce }));
    for (const tx of txs) await pool.add(tx);
    const dropped: string[] = [];
    pool.events.on('txDropped', (_tx, reason) => dropped.push(reason));
    expect(pool.remove((txs[1] as TypedTransaction).hash(), 'by test')).toBe(true);
    expect(pool.remove((txs[1] as TypedTransaction).hash(), 'by test')).toBe(false);
    expect(pool.status()).toEqual({ pending: 1, queued: 1 });
    pool.clear('cleared');
    expect(pool.status()).toEqual({ pending: 0, queued: 0 });
    expect(dropped).toEqual(['by test', 'cleared', 'cleared']);
    expect(await pool.pendingNonce(DEV_ADDRESSES[A])).toBe(0n);
  });
});

describe('chain / txpool / limits', () => {
  it('rejects ACCOUNT_LIMIT beyond maxPerSender, but still takes replacements', async () => {
    const { s, pool } = await setup({ maxPerSender: 2 });
    await pool.add(transfer(s.common, A, { nonce: 0 }));
    await pool.add(transfer(s.common, A, { nonce: 1 }));
    const err = await rejection(pool.add(transfer(s.common, A, { nonce: 2 })));
    expect([err.code, err.message]).toEqual([TxPoolErrorCode.ACCOUNT_LIMIT, 'account limit exceeded']);
    await pool.add(transfer(s.common, A, { nonce: 1, maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 2n * GWEI }));
    await pool.add(transfer(s.common, B, { nonce: 0 }));
    expect(pool.status()).toEqual({ pending: 3, queued: 0 });
  });

  it('evicts the cheapest when full, and rejects POOL_FULL a newcomer that pays no more', async () => {
    const { s, pool } = await setup({ maxTxs: 3 });
    const dropped: Array<[string, string]> = [];
    pool.events.on('txDropped', (tx, reason) => dropped.push([bytesToHex(tx.hash()), reason]));
    const cheap = transfer(s.common, A, { nonce: 0, maxPriorityFeePerGas: 1n * GWEI });
    await pool.add(cheap);
    await pool.add(transfer(s.common, B, { nonce: 0, maxPriorityFeePerGas: 3n * GWEI }));
    await pool.add(transfer(s.common, B, { nonce: 1, maxPriorityFeePerGas: 3n * GWEI }));
    const same = await rejection(pool.add(transfer(s.common, C, { nonce: 0, maxPriorityFeePerGas: 1n * GWEI })));
    expect([same.code, same.message]).toEqual([TxPoolErrorCode.POOL_FULL, 'txpool is full']);
    const richer = transfer(s.common, C, { nonce: 0, maxPriorityFeePerGas: 2n * GWEI });
    await pool.add(richer);
    expect(dropped).toEqual([[bytesToHex(cheap.hash()), 'evicted']]);
    expect(pool.getByHash(richer.hash())).toBe(richer);
    expect(pool.status()).toEqual({ pending: 3, queued: 0 });
    // Now the cheapest is C's at 2 gwei; a 2 gwei newcomer is refused, the pool is unchanged.
    const tie = await rejection(pool.add(transfer(s.common, A, { nonce: 0, maxPriorityFeePerGas: 2n * GWEI })));
    expect(tie.code).toBe(TxPoolErrorCode.POOL_FULL);
    expect(pool.status()).toEqual({ pending: 3, queued: 0 });
  });

  it('evicts by effective tip under the base fee, the highest nonce of a sender first', async () => {
    const { s, pool } = await setup({ maxTxs: 3 });
    // Tip 5 gwei but fee cap 2 gwei: effective tip under a ~1 gwei base fee is ~1 gwei.
    const capped = [0, 1].map((nonce) =>
      transfer(s.common, A, { nonce, maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: 2n * GWEI }),
    );
    for (const tx of capped) await pool.add(tx);
    await pool.add(transfer(s.common, B, { nonce: 0, maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: 3n * GWEI }));
    const dropped: string[] = [];
    pool.events.on('txDropped', (tx) => dropped.push(bytesToHex(tx.hash())));
    await pool.add(transfer(s.common, C, { nonce: 0, maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: 3n * GWEI }));
    expect(dropped).toEqual([bytesToHex((capped[1] as TypedTransaction).hash())]);
    expect(pool.status()).toEqual({ pending: 3, queued: 0 });
  });

  it("evicts the sender's own cheaper transaction, leaving the newcomer queued behind the gap", async () => {
    const { s, pool } = await setup({ maxTxs: 1 });
    const cheap = transfer(s.common, A, { nonce: 0, maxPriorityFeePerGas: GWEI });
    await pool.add(cheap);
    const richer = transfer(s.common, A, { nonce: 1, maxPriorityFeePerGas: 2n * GWEI });
    await pool.add(richer);
    expect(pool.getByHash(cheap.hash())).toBeUndefined();
    expect(pool.status()).toEqual({ pending: 0, queued: 1 });
    expect([...(pool.content().queued.get(DEV_ADDRESSES[A].toString())?.keys() ?? [])]).toEqual([1n]);
    // The gap filled again (now evicting the queued one, which pays less than 3 gwei), it is pending.
    await pool.add(transfer(s.common, A, { nonce: 0, maxPriorityFeePerGas: 3n * GWEI }));
    expect(pool.status()).toEqual({ pending: 1, queued: 0 });
  });

  it('rejects POOL_FULL a future nonce when the queue is full', async () => {
    const { s, pool } = await setup({ maxQueued: 1 });
    await pool.add(transfer(s.common, A, { nonce: 3 }));
    const err = await rejection(pool.add(transfer(s.common, B, { nonce: 3 })));
    expect(err.code).toBe(TxPoolErrorCode.POOL_FULL);
    await pool.add(transfer(s.common, B, { nonce: 0 }));
    expect(pool.status()).toEqual({ pending: 1, queued: 1 });
  });

  it('rejects INSUFFICIENT_FUNDS when the sender cannot pay all its pooled transactions', async () => {
    const { s, pool } = await setup({}, { balance: ETHER });
    // Each costs 21000 * 10 gwei + value = 0.00021 ETH + value.
    await pool.add(transfer(s.common, A, { nonce: 0, value: ETHER / 2n }));
    await pool.add(transfer(s.common, A, { nonce: 2, value: ETHER / 4n }));
    const err = await rejection(pool.add(transfer(s.common, A, { nonce: 1, value: ETHER / 4n })));
    expect(err.code).toBe(TxPoolErrorCode.INSUFFICIENT_FUNDS);
    expect(err.message.startsWith('insufficient funds for gas * price + value: balance 1000000000000000000')).toBe(
      true,
    );
    // A replacement is charged only its bump.
    await pool.add(
      transfer(s.common, A, { nonce: 2, value: ETHER / 8n, maxFeePerGas: 11n * GWEI, maxPriorityFeePerGas: 2n * GWEI }),
    );
    await pool.add(transfer(s.common, A, { nonce: 1, value: ETHER / 4n }));
    expect(pool.status()).toEqual({ pending: 3, queued: 0 });
  });
});

describe('chain / txpool / new head', () => {
  it('drops mined transactions silently, promotes, and re-checks nonce and balance', async () => {
    const { s, pool } = await setup({}, { balance: ETHER });
    const dropped: Array<[bigint, string]> = [];
    pool.events.on('txDropped', (tx, reason) => dropped.push([tx.nonce, reason]));
    // A: nonce 0 and 1 pooled; a different nonce-0 transfer of 0.9 ETH gets mined instead.
    await pool.add(transfer(s.common, A, { nonce: 0, value: ETHER / 2n }));
    await pool.add(transfer(s.common, A, { nonce: 1, value: ETHER / 4n }));
    // B: nonce 0 pooled and mined; nonce 2 queued becomes pending once nonce 1 is mined too.
    const b0 = transfer(s.common, B, { nonce: 0 });
    await pool.add(b0);
    await pool.add(transfer(s.common, B, { nonce: 2 }));
    expect(pool.status()).toEqual({ pending: 3, queued: 1 });
    const a0 = transfer(s.common, A, {
      nonce: 0,
      value: (ETHER * 9n) / 10n,
      maxFeePerGas: 20n * GWEI,
      maxPriorityFeePerGas: 2n * GWEI,
    });
    const block = await mine(s, pool, [a0, b0, transfer(s.common, B, { nonce: 1 })]);
    expect(block.transactions.length).toBe(3);
    expect(dropped).toEqual([
      [0n, 'nonce too low'],
      [1n, 'insufficient funds for gas * price + value'],
    ]);
    expect(pool.status()).toEqual({ pending: 1, queued: 0 });
    expect(pool.getByHash(b0.hash())).toBeUndefined();
    expect(await pool.pendingNonce(DEV_ADDRESSES[B])).toBe(3n);
    expect(await pool.pendingNonce(DEV_ADDRESSES[A])).toBe(1n);
  });
});

describe('chain / txpool / pendingForBlock', () => {
  it('orders by effective tip across senders and by nonce within one, skipping what cannot pay the base fee', async () => {
    const { s, pool } = await setup();
    const baseFee = 5n * GWEI;
    // A: tip 1 gwei. B: tip 4 gwei, but fee cap 7 gwei: effective 2 gwei at base fee 5. C: tip 3 gwei, then nonce 1 at tip 10.
    await pool.add(transfer(s.common, A, { nonce: 0, maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 1n * GWEI }));
    await pool.add(transfer(s.common, B, { nonce: 0, maxFeePerGas: 7n * GWEI, maxPriorityFeePerGas: 4n * GWEI }));
    await pool.add(transfer(s.common, B, { nonce: 1, maxFeePerGas: 4n * GWEI, maxPriorityFeePerGas: 4n * GWEI }));
    await pool.add(transfer(s.common, C, { nonce: 1, maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 10n * GWEI }));
    await pool.add(transfer(s.common, C, { nonce: 0, maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 3n * GWEI }));
    const order = (txs: TypedTransaction[]) =>
      txs.map((tx) => `${DEV_ADDRESSES.findIndex((a) => a.equals(tx.getSenderAddress()))}:${tx.nonce}`);
    // C0 (3), then C1 (10), B0 (2), A0 (1); B1 cannot pay 5 gwei.
    expect(order(pool.pendingForBlock(baseFee))).toEqual(['2:0', '2:1', '1:0', '0:0']);
    expect(order(pool.pendingForBlock(baseFee, { maxTxs: 2 }))).toEqual(['2:0', '2:1']);
    // With no base fee, tips alone: B0 (4), B1 (4), C0 (3), C1 (10), A0 (1).
    expect(order(pool.pendingForBlock(undefined))).toEqual(['1:0', '1:1', '2:0', '2:1', '0:0']);
  });
});

describe('chain / txpool / reorg', () => {
  it('re-adds the transactions of dropped blocks that the new branch lacks', async () => {
    const x = await setup();
    const tx = transfer(x.s.common, A, { nonce: 0 });
    const mined = await mine(x.s, x.pool, [tx]);
    expect(x.pool.status()).toEqual({ pending: 0, queued: 0 });
    // A longer branch from the genesis without the transaction.
    const parent = x.s.genesis;
    const b1 = await x.s.executor.buildBlock({
      parent,
      txs: [],
      template: { timestamp: parent.header.timestamp + 5n, coinbase: DEV_ADDRESSES[1] as Address },
    });
    expect(await x.s.chain.importBlock(b1.block)).toBe('side');
    const b2 = await x.s.executor.buildBlock({
      parent: b1.block,
      txs: [],
      template: { timestamp: parent.header.timestamp + 6n, coinbase: DEV_ADDRESSES[1] as Address },
    });
    const readded = new Promise<TypedTransaction>((resolve) => x.pool.events.once('txAdded', resolve));
    expect(await x.s.chain.importBlock(b2.block)).toBe('canonical');
    expect(bytesToHex((await readded).hash())).toBe(bytesToHex(tx.hash()));
    expect(bytesToHex(x.s.chain.head().hash())).not.toBe(bytesToHex(mined.hash()));
    expect(x.pool.status()).toEqual({ pending: 1, queued: 0 });
  });
});

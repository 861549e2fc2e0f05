import { afterEach, describe, expect, it } from '@jest/globals';
import type { TypedTransaction } from '@ethereumjs/tx';
import { bytesToHex } from '@ethereumjs/util';
import type { SyncProgress } from '../src/index.ts';
import { startNode, type TestNode, transfer, until } from './helpers/net.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

async function node(opts: Parameters<typeof startNode>[0] = {}): Promise<TestNode> {
  const n = await startNode(opts);
  stops.push(() => n.stop());
  return n;
}

describe('p2p / sync', () => {
  it('a node that starts behind downloads every block in batches, shows progress, then follows gossip', async () => {
    const producer = await node({ maxBlocksPerRequest: 64 });
    for (let i = 0n; i < 5n; i++) await producer.chain.txPool.add(transfer(producer.chain, i));
    await producer.miner.mine({ count: 300 });
    // Senders recovered ahead of each import (apps/node does it on a worker thread; here in-thread).
    let asked = 0;
    const recovered: string[] = [];
    const recoverSenders = async (txs: readonly TypedTransaction[]) => {
      asked++;
      for (const tx of txs) recovered.push(bytesToHex(tx.getSenderAddress().bytes));
    };
    const follower = await node({
      bootnodes: [producer.p2p.listenAddrs()[0] ?? ''],
      syncBatchSize: 50,
      recoverSenders,
    });
    const progress: SyncProgress[] = [];
    follower.p2p.events.on('syncProgress', (p) => progress.push(p));
    let sawSyncing = false;
    await until(
      () => {
        if (follower.p2p.syncStatus() !== false) sawSyncing = true;
        return follower.chain.head().header.number === 300n;
      },
      30_000,
      'sync to 300',
    );
    expect(bytesToHex(follower.chain.head().hash())).toBe(bytesToHex(producer.chain.head().hash()));
    expect(progress.length).toBeGreaterThanOrEqual(6);
    expect(progress.at(-1)?.highestBlock).toBe(300n);
    expect(progress.at(-1)?.blocksPerSecond).toBeGreaterThan(0);
    expect(sawSyncing).toBe(true);
    expect(follower.p2p.syncStatus()).toBe(false);
    expect(asked).toBeGreaterThanOrEqual(300);
    expect(recovered.length).toBeGreaterThanOrEqual(5);
    // Then it follows by gossip.
    const [next] = await producer.miner.mine();
    await until(
      () => bytesToHex(follower.chain.head().hash()) === bytesToHex(next?.hash() ?? new Uint8Array()),
      10_000,
      'gossiped block',
    );
  });

  it('a node on a shorter branch reorganises to the longer one it is told of', async () => {
    const a = await node();
    const b = await node();
    await a.miner.mine({ count: 3 });
    await b.miner.mine({ count: 6 });
    const bHead = bytesToHex(b.chain.head().hash());
    await a.p2p.addPeer(b.p2p.listenAddrs()[0] ?? '');
    await until(() => bytesToHex(a.chain.head().hash()) === bHead, 20_000, 'reorg to the longer branch');
    expect(a.chain.head().header.number).toBe(6n);
  });
});

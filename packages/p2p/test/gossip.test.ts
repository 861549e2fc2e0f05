import { afterEach, describe, expect, it } from '@jest/globals';
import { createBlock } from '@ethereumjs/block';
import { bytesToHex } from '@ethereumjs/util';
import { multiaddr } from '@multiformats/multiaddr';
import { blocksByRangeProtocol, gossipTopics, STATUS_PROTOCOL } from '../src/index.ts';
import { createRogueHost } from '../src/testing.ts';
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

/** A bare libp2p host speaking gossipsub with Basalt's settings: it plays the misbehaving peer. */
async function rogue() {
  const host = await createRogueHost();
  stops.push(() => host.stop());
  return host;
}

describe('p2p / gossip', () => {
  it('a mined block reaches a follower, which imports and forwards it; a tx sent to any node reaches every pool', async () => {
    const producer = await node();
    const addr = producer.p2p.listenAddrs()[0] ?? '';
    const a = await node({ bootnodes: [addr] });
    const b = await node({ bootnodes: [addr] });
    await until(() => producer.p2p.peerCount() === 2, 10_000, 'peers');
    // A transaction added at follower a reaches the producer (and, forwarded, follower b).
    const tx = transfer(a.chain, 0n);
    await a.chain.txPool.add(tx);
    const hash = bytesToHex(tx.hash());
    await until(
      () =>
        producer.chain.txPool.getByHash(tx.hash()) !== undefined && b.chain.txPool.getByHash(tx.hash()) !== undefined,
      10_000,
      `tx ${hash} in every pool`,
    );
    const [block] = await producer.miner.mine();
    const head = bytesToHex(block?.hash() ?? new Uint8Array());
    await until(
      () => bytesToHex(a.chain.head().hash()) === head && bytesToHex(b.chain.head().hash()) === head,
      10_000,
      'followers at the producer head',
    );
    expect((await b.chain.getReceipt(tx.hash()))?.status).toBe(1);
    // Mined transactions left the followers' pools with the new head.
    await until(() => a.chain.txPool.getByHash(tx.hash()) === undefined, 5_000, 'pool cleared');
  });

  it('rejects a block with a bad state root, penalises the sender, keeps the chain', async () => {
    const honest = await node();
    await honest.miner.mine();
    const good = honest.chain.head();
    const host = await rogue();
    await host.dial(multiaddr(honest.p2p.listenAddrs()[0] ?? ''));
    const topics = gossipTopics(honest.chain.chainId, honest.chain.genesis.hash());
    host.services.pubsub.subscribe(topics.blocks);
    await until(() => host.services.pubsub.getSubscribers(topics.blocks).length === 1, 10_000, 'subscription');
    // A child of the head whose header claims a state root that execution will not produce.
    const bad = createBlock(
      {
        header: {
          ...good.header.toJSON(),
          number: good.header.number + 1n,
          parentHash: good.hash(),
          timestamp: good.header.timestamp + 1n,
          stateRoot: new Uint8Array(32).fill(7),
          gasUsed: 0n,
          baseFeePerGas: good.header.calcNextBaseFee(),
        },
      },
      { common: good.common },
    );
    await host.services.pubsub.publish(topics.blocks, bad.serialize());
    const rogueId = host.peerId.toString();
    await until(() => (honest.p2p.peerScore(rogueId) ?? 0) < 0, 10_000, 'penalty');
    expect(bytesToHex(honest.chain.head().hash())).toBe(bytesToHex(good.hash()));
    expect(await honest.chain.getBlock(bad.hash())).toBeUndefined();
    const line = honest.logger.records.find((r) => r.message === 'peer penalised');
    expect(String(line?.context.reason)).toMatch(/state root|invalid block/);
  });

  it('penalises garbage on gossip, on status and on request-response', async () => {
    const honest = await node();
    const host = await rogue();
    await host.dial(multiaddr(honest.p2p.listenAddrs()[0] ?? ''));
    const rogueId = host.peerId.toString();
    const topics = gossipTopics(honest.chain.chainId, honest.chain.genesis.hash());
    host.services.pubsub.subscribe(topics.txs);
    await until(() => host.services.pubsub.getSubscribers(topics.txs).length === 1, 10_000, 'subscription');
    await host.services.pubsub.publish(topics.txs, new Uint8Array([1, 2, 3, 4]));
    await until(() => (honest.p2p.peerScore(rogueId) ?? 0) <= -10, 10_000, 'tx garbage penalty');

    const honestId = multiaddr(honest.p2p.listenAddrs()[0] ?? '');
    const junk = new Uint8Array([5, 0xde, 0xad, 0xbe, 0xef, 0x00]);
    for (const protocol of [blocksByRangeProtocol(honest.chain.chainId), STATUS_PROTOCOL]) {
      const before = honest.p2p.peerScore(rogueId) ?? 0;
      await host.dial(honestId);
      const stream = await host.dialProtocol(honestId, protocol);
      stream.send(junk);
      await stream.close().catch(() => undefined);
      await until(() => (honest.p2p.peerScore(rogueId) ?? 0) < before, 10_000, `penalty for ${protocol}`);
    }
    expect(honest.chain.head().header.number).toBe(0n);
  });
});

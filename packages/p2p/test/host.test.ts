import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createP2PNode, loadOrCreatePeerKey, PEER_KEY_FILE, P2PErrorCode } from '../src/index.ts';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { startNode, type TestNode, until } from './helpers/net.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

async function node(opts: Parameters<typeof startNode>[0] = {}): Promise<TestNode> {
  const n = await startNode(opts);
  stops.push(() => n.stop());
  return n;
}

describe('p2p / host', () => {
  it('keeps its peer key in the data directory across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'basalt-p2p-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const a = peerIdFromPrivateKey(await loadOrCreatePeerKey(dir)).toString();
    const b = peerIdFromPrivateKey(await loadOrCreatePeerKey(dir)).toString();
    expect(b).toBe(a);
    expect((await readFile(join(dir, PEER_KEY_FILE), 'utf8')).trim()).toMatch(/^[0-9a-f]+$/);
    const n = await node({ dataDir: dir });
    expect(n.p2p.peerId()).toBe(a);
  });

  it('rejects a bootnode that is not a multiaddr', async () => {
    const n = await node();
    await expect(createP2PNode({ chain: n.chain }, { bootnodes: ['not an address'] })).rejects.toMatchObject({
      code: P2PErrorCode.INVALID_CONFIG,
    });
  });

  it('listens on 127.0.0.1 and completes the status handshake with a peer of the same chain', async () => {
    const a = await node();
    expect(a.p2p.isListening()).toBe(true);
    const addr = a.p2p.listenAddrs()[0] ?? '';
    expect(addr).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//);
    const b = await node({ bootnodes: [addr] });
    await until(() => a.p2p.peerCount() === 1 && b.p2p.peerCount() === 1, 10_000, 'handshake');
    const peer = b.p2p.peers()[0];
    expect(peer?.id).toBe(a.p2p.peerId());
    expect(peer?.static).toBe(true);
    expect(peer?.status?.chainId).toBe(31337n);
    expect(a.p2p.nodeInfo().genesisHash).toEqual(a.chain.genesis.hash());
  });

  it('drops a peer of another chain with a logged reason', async () => {
    const a = await node();
    const other = await node({ chainId: 999, bootnodes: [a.p2p.listenAddrs()[0] ?? ''] });
    await until(
      () => a.logger.records.some((r) => r.message === 'peer is on another chain'),
      10_000,
      'the other-chain log line',
    );
    const line = a.logger.records.find((r) => r.message === 'peer is on another chain');
    expect(String(line?.context.reason)).toContain('chain id 999');
    await until(() => a.p2p.peers().length === 0 && other.p2p.peers().length === 0, 10_000, 'disconnect');
    expect(a.p2p.peerCount()).toBe(0);
  });

  it('admin: addPeer dials, removePeer hangs up and forgets', async () => {
    const a = await node();
    const b = await node();
    expect(await b.p2p.addPeer('garbage')).toBe(false);
    expect(await b.p2p.addPeer(a.p2p.listenAddrs()[0] ?? '')).toBe(true);
    await until(() => b.p2p.peerCount() === 1, 10_000, 'added peer');
    expect(await b.p2p.removePeer(a.p2p.peerId())).toBe(true);
    await until(() => b.p2p.peers().length === 0, 10_000, 'removed peer');
  });
});

// A network of real `basalt` processes on 127.0.0.1: one producer (`basalt dev --p2p-port 0`) and
// followers (`basalt start`) that sync from it, gossip transactions to it and check every block.
// A bare libp2p host inside Jest plays a rogue peer. Every process is stopped in afterAll. About 40 s on 2 cores.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createChainConfig, parseGenesis } from '@basalt/chain';
import { blocksByRangeProtocol, gossipTopics } from '@basalt/p2p';
import { createRogueHost } from '@basalt/p2p/testing';
import { createBlock, createBlockFromRLP } from '@ethereumjs/block';
import { bytesToHex, hexToBytes } from '@ethereumjs/util';
import { multiaddr } from '@multiformats/multiaddr';
import { rpc, type SpawnedNode, spawnNode } from './helpers/spawnNode.ts';
import { DevTransfers } from './helpers/transfers.ts';

interface Head {
  number: string;
  hash: string;
}

let dir = '';
let genesisFile = '';
let bootnode = '';
let producer: SpawnedNode;
/** followers[i] may be replaced by a restarted process. */
const followers: SpawnedNode[] = [];
const stops: (() => Promise<unknown>)[] = [];
const transfers = new DevTransfers(4, '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');

/** Resolves when `cond()` holds, polling every 25 ms; rejects after `ms`. */
async function until(cond: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** One JSON-RPC batch over HTTP: the results in request order (errors as thrown). */
async function batch<T>(url: string, calls: [string, unknown[]][]): Promise<T[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params }))),
  });
  const body = (await res.json()) as { id: number; result?: T; error?: { message: string } }[];
  return body
    .sort((a, b) => a.id - b.id)
    .map((r) => {
      if (r.error) throw new Error(r.error.message);
      return r.result as T;
    });
}

const head = (n: SpawnedNode) => rpc<Head>(n.url, 'eth_getBlockByNumber', ['latest', false]);
const receipts = <T>(n: SpawnedNode, hashes: string[]) =>
  batch<T>(
    n.url,
    hashes.map((h) => ['eth_getTransactionReceipt', [h]]),
  );

function startFollower(name: string): Promise<SpawnedNode> {
  return spawnNode(
    ['--data-dir', join(dir, name), '--genesis', genesisFile, '--bootnodes', bootnode, '--p2p-port', '0'],
    { command: ['start', '--rpc-port', '0'], timeoutMs: 30_000 },
  );
}

/** The value printed on a banner line such as `Peer id:  12D3...`. */
function bannerValue(out: string, label: string): string {
  const m = new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(out);
  if (m?.[1] === undefined) throw new Error(`no ${label} line in:\n${out}`);
  return m[1];
}

/** A signed transfer from sender `i` with its next nonce. */
function transfer(i: number): Promise<string> {
  return transfers.sign(i);
}

async function waitForHead(nodes: SpawnedNode[], hash: string, ms: number): Promise<void> {
  await until(
    async () => (await Promise.all(nodes.map(head))).every((h) => h.hash === hash),
    ms,
    `every node at ${hash}`,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'basalt-p2p-'));
  genesisFile = join(dir, 'genesis.json');
  producer = await spawnNode(['--p2p-port', '0', '--silent', '--write-genesis', genesisFile]);
  stops.push(() => producer.stop());
  bootnode = bannerValue(producer.output(), 'P2P');
  const started = await Promise.all(['f1', 'f2', 'f3'].map(startFollower));
  followers.push(...started);
  stops.push(() => Promise.all(followers.map((f) => f.stop())));
  await until(
    async () => Number(await rpc<string>(producer.url, 'net_peerCount')) === 3,
    20_000,
    'three followers connected to the producer',
  );
}, 60_000);

afterAll(async () => {
  while (stops.length > 0) await stops.pop()?.();
  await rm(dir, { recursive: true, force: true });
});

describe('node / p2p network (real processes)', () => {
  it('200 transactions sent round-robin to four nodes: same head within 2 s of the last block, every receipt everywhere', async () => {
    const all = [producer, ...followers];
    // Watch every node's head and remember when each hash was first seen there. One loop per node, so
    // a slow answer from one (a loaded machine) does not delay when the others' heads are seen.
    const seen = all.map(() => new Map<string, number>());
    let watching = true;
    const watcher = Promise.all(
      all.map(async (node, i) => {
        while (watching) {
          const h = await head(node);
          if (!seen[i]?.has(h.hash)) seen[i]?.set(h.hash, Date.now());
          await new Promise((r) => setTimeout(r, 20));
        }
      }),
    );

    const hashes: string[] = [];
    for (let round = 0; round < 50; round++) {
      const sent = await Promise.all(
        all.map(async (node, i) => rpc<string>(node.url, 'eth_sendRawTransaction', [await transfer(i)])),
      );
      hashes.push(...sent);
    }
    expect(hashes).toHaveLength(200);
    await until(
      async () => (await receipts(producer, hashes)).every((r) => r !== null),
      30_000,
      'every receipt on the producer',
    );
    const last = await head(producer);
    await waitForHead(followers, last.hash, 10_000);
    // The watcher polls on its own schedule: let it record the head on every node before it stops.
    await until(async () => seen.every((s) => s.has(last.hash)), 5_000, 'the watcher saw the last head everywhere');
    watching = false;
    await watcher;
    const producedAt = seen[0]?.get(last.hash) ?? 0;
    // How long after the producer each follower first showed the last block (ms; the issue allows 2 s).
    const lags = seen.slice(1).map((s) => (s.get(last.hash) ?? Number.POSITIVE_INFINITY) - producedAt);
    expect(Math.max(...lags)).toBeLessThanOrEqual(2000);
    type Receipt = { blockHash: string; status: string } | null;
    const reference = await receipts<Receipt>(producer, hashes);
    for (const f of followers) {
      const got = await receipts<Receipt>(f, hashes);
      expect(got.map((r) => [r?.blockHash, r?.status])).toEqual(reference.map((r) => [r?.blockHash, '0x1']));
    }
    // The followers report their peers and that they are in sync.
    expect(Number(await rpc<string>(followers[0]!.url, 'net_peerCount'))).toBeGreaterThanOrEqual(1);
    expect(await rpc(followers[0]!.url, 'net_listening')).toBe(true);
    expect(await rpc(followers[0]!.url, 'eth_syncing')).toBe(false);
  }, 90_000);

  it('a follower killed with SIGKILL and restarted catches up, keeps its peer id and agrees', async () => {
    const victim = followers[2] as SpawnedNode;
    const peerId = bannerValue(victim.output(), 'Peer id');
    await victim.kill();
    await rpc(producer.url, 'anvil_mine', ['0x20']);
    await rpc(producer.url, 'eth_sendRawTransaction', [await transfer(0)]);
    const target = await head(producer);
    const restarted = await startFollower('f3');
    followers[2] = restarted;
    expect(bannerValue(restarted.output(), 'Peer id')).toBe(peerId);
    await waitForHead([restarted, ...followers], target.hash, 20_000);
    expect(Number(target.number)).toBeGreaterThanOrEqual(0x20);
  }, 60_000);

  it('a rogue peer sending a block with a bad state root, and garbage, is penalised; honest nodes keep their chain', async () => {
    const honest = followers[0] as SpawnedNode;
    await rpc(producer.url, 'anvil_mine', ['0x1']);
    const good = await head(producer);
    await waitForHead([honest], good.hash, 10_000);

    const genesis = parseGenesis(JSON.parse(await readFile(genesisFile, 'utf8')));
    const { common } = createChainConfig(genesis);
    const raw = await rpc<string>(honest.url, 'debug_getRawBlock', [good.number]);
    const parent = createBlockFromRLP(hexToBytes(raw as `0x${string}`), { common, setHardfork: true });
    const bad = createBlock(
      {
        header: {
          ...parent.header.toJSON(),
          number: parent.header.number + 1n,
          parentHash: parent.hash(),
          timestamp: parent.header.timestamp + 1n,
          stateRoot: new Uint8Array(32).fill(7),
          gasUsed: 0n,
          baseFeePerGas: parent.header.calcNextBaseFee(),
        },
      },
      { common: parent.common },
    );

    const host = await createRogueHost();
    stops.push(() => host.stop());
    const honestAddr = multiaddr(bannerValue(honest.output(), 'P2P'));
    await host.dial(honestAddr);
    const rogueId = host.peerId.toString();
    const topics = gossipTopics(31337n, hexToBytes(bannerValue(honest.output(), 'Genesis') as `0x${string}`));
    host.services.pubsub.subscribe(topics.blocks);
    host.services.pubsub.subscribe(topics.txs);
    await until(() => host.services.pubsub.getSubscribers(topics.blocks).length === 1, 10_000, 'subscription');
    const score = async () => {
      const peers = await rpc<{ id: string; score: number }[]>(honest.url, 'admin_peers');
      return peers.find((p) => p.id === rogueId)?.score ?? 0;
    };

    await host.services.pubsub.publish(topics.blocks, bad.serialize());
    await until(async () => (await score()) <= -10, 10_000, 'penalty for the bad block');
    await host.services.pubsub.publish(topics.txs, new Uint8Array([1, 2, 3, 4]));
    await until(async () => (await score()) <= -20, 10_000, 'penalty for a garbage transaction');
    const stream = await host.dialProtocol(honestAddr, blocksByRangeProtocol(31337n));
    stream.send(new Uint8Array([5, 0xde, 0xad, 0xbe, 0xef, 0x00]));
    await stream.close().catch(() => undefined);
    await until(async () => (await score()) <= -30, 10_000, 'penalty for a garbage request');
    expect(honest.output()).toMatch(/peer penalised/);
    expect(honest.output()).toMatch(/state root/);

    // The bad block is nowhere; the honest chain moves on and every node agrees.
    for (const n of [producer, ...followers]) {
      expect(await rpc(n.url, 'eth_getBlockByHash', [bytesToHex(bad.hash()), false])).toBeNull();
    }
    await rpc(producer.url, 'anvil_mine', ['0x1']);
    const next = await head(producer);
    await waitForHead(followers, next.hash, 10_000);
  }, 60_000);

  it('a follower started after 1,000 more blocks syncs them all, showing its progress', async () => {
    // Two followers have done their part; fewer processes leave the two cores to mining and sync.
    await Promise.all(followers.slice(1).map((f) => f.stop()));
    await rpc(producer.url, 'anvil_mine', ['0x3e8']);
    const target = await head(producer);
    expect(Number(target.number)).toBeGreaterThan(1000);
    const late = await startFollower('f4');
    stops.push(() => late.stop());
    await waitForHead([late], target.hash, 90_000);
    expect(late.output()).toMatch(/syncing block \d+\/\d+, \d+\/\d+ blocks, [\d.]+ blocks\/s/);
    // The line is printed once the sync loop ends, which can be after the RPC already shows the head,
    // and reaches us through a pipe: wait for it (a CI run read the output a moment too early).
    const synced = new RegExp(`synced to block ${Number(target.number)}`);
    await until(() => synced.test(late.output()), 10_000, 'the "synced to block" line');
    await waitForHead([followers[0] as SpawnedNode], target.hash, 30_000);
  }, 150_000);
});

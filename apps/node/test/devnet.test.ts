// `basalt devnet` with real processes on 127.0.0.1: 4 nodes, 3 Clique validators, 1 s blocks.
// The devnet's control port injects the faults (SIGKILL and restart, a 2|2 partition and its
// healing); a bare libp2p host inside Jest plays a validator that equivocates and a non-validator
// that seals, with real keys; votes add a fourth validator and drop one. The devnet (and every
// node it started) is stopped in afterAll.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CliqueSigner, createChainConfig, parseGenesis } from '@basalt/chain';
import { gossipTopics } from '@basalt/p2p';
import { createRogueHost } from '@basalt/p2p/testing';
import {
  type Block,
  createBlockFromBytesArray,
  createBlockFromRLP,
  createBlockHeaderFromBytesArray,
} from '@ethereumjs/block';
import { bytesToHex, hexToBytes } from '@ethereumjs/util';
import { multiaddr } from '@multiformats/multiaddr';
import { decryptKeystoreJson } from 'ethers';
import { type DevnetNodeInfo, freePortRange, type SpawnedDevnet, spawnDevnet } from './helpers/devnet.ts';
import { rpc } from './helpers/spawnNode.ts';
import { DevTransfers } from './helpers/transfers.ts';

interface Head {
  number: string;
  hash: string;
  difficulty: string;
  transactions: string[];
}
interface Receipt {
  blockHash: string;
  blockNumber: string;
  status: string;
}

let dir = '';
let base = 0;
let devnet: SpawnedDevnet;
let nodes: DevnetNodeInfo[] = [];
const stops: (() => Promise<unknown>)[] = [];
const transfers = new DevTransfers(6, '0x000000000000000000000000000000000000bEEF');
const senders = transfers.senders;

async function until(cond: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const url = (i: number) => nodes[i]!.rpcUrl;
const head = (i: number) => rpc<Head>(url(i), 'eth_getBlockByNumber', ['latest', false]);
const blockAt = (i: number, n: number | string) =>
  rpc<Head | null>(url(i), 'eth_getBlockByNumber', [typeof n === 'number' ? `0x${n.toString(16)}` : n, false]);
const receipt = (i: number, hash: string) => rpc<Receipt | null>(url(i), 'eth_getTransactionReceipt', [hash]);
const addr = (i: number) => nodes[i]!.address!;

/** The signer of block `n` as node `i` sees it (Clique snapshot's recents). */
async function signerOf(i: number, n: number): Promise<string> {
  const snap = await rpc<{ recents: Record<string, string> }>(url(i), 'clique_getSnapshot', [`0x${n.toString(16)}`]);
  return snap.recents[String(n)] ?? '';
}

/** Signers of blocks from..to (inclusive) on node i. */
async function signers(i: number, from: number, to: number): Promise<string[]> {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(await signerOf(i, n));
  return out;
}

/** A signed transfer from sender `s` with its next nonce. */
function transfer(s: number): Promise<string> {
  return transfers.sign(s);
}

async function send(i: number, s: number): Promise<string> {
  return rpc<string>(url(i), 'eth_sendRawTransaction', [await transfer(s)]);
}

/** Every node in `which` has the same block at the height of `target`'s head (or above it). */
async function converged(which: number[], ms: number): Promise<Head> {
  let agreed: Head | undefined;
  await until(
    async () => {
      const heads = await Promise.all(which.map(head));
      const low = heads.reduce((a, b) => (Number(a.number) <= Number(b.number) ? a : b));
      const atLow = await Promise.all(which.map((i) => blockAt(i, Number(low.number))));
      if (atLow.every((b) => b?.hash === low.hash)) agreed = low;
      return agreed !== undefined;
    },
    ms,
    `nodes ${which.join(',')} on one chain`,
  );
  return agreed!;
}

async function validatorKey(i: number): Promise<CliqueSigner> {
  const password = (await readFile(join(dir, 'keys', 'password'), 'utf8')).trim();
  const json = await readFile(join(dir, 'keys', `node${i}.json`), 'utf8');
  const { privateKey } = await decryptKeystoreJson(json, password);
  return new CliqueSigner(hexToBytes(privateKey as `0x${string}`));
}

/** `block` with another vanity, sealed again by `signer`: same parent, same contents, another hash. */
function resealed(block: Block, signer: CliqueSigner, vanity: number): Block {
  const raw = block.raw();
  const header = [...raw[0]] as Uint8Array[];
  const extra = new Uint8Array(header[12]!);
  extra.fill(vanity, 0, 32);
  header[12] = extra;
  const opts = { common: block.common, skipConsensusFormatValidation: true, freeze: false } as const;
  header[12] = signer.sealExtraData(createBlockHeaderFromBytesArray(header, opts));
  return createBlockFromBytesArray([header, ...raw.slice(1)] as typeof raw, opts);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'basalt-devnet-'));
  // Fixed ports for RPC (node i on base + i, control on base - 1): a range free right now.
  base = await freePortRange(5);
  devnet = await spawnDevnet([
    '--nodes',
    '4',
    '--validators',
    '3',
    '--rpc-port-base',
    String(base),
    '--p2p-port-base',
    '0',
    '--dir',
    dir,
    '--period',
    '1',
  ]);
  stops.push(() => devnet.stop());
  nodes = await devnet.status();
}, 60_000);

afterAll(async () => {
  while (stops.length > 0) await stops.pop()?.();
  if (process.env.KEEP_DEVNET === undefined) await rm(dir, { recursive: true, force: true });
});

describe('node / basalt devnet (4 real processes, 3 Clique validators, 1 s blocks)', () => {
  it('prints each node and its role; RPC of node i on base + i; control on base - 1', async () => {
    expect(nodes.map((n) => [n.index, n.role, n.rpcUrl, n.running])).toEqual([
      [0, 'validator', `http://127.0.0.1:${base}`, true],
      [1, 'validator', `http://127.0.0.1:${base + 1}`, true],
      [2, 'validator', `http://127.0.0.1:${base + 2}`, true],
      [3, 'follower', `http://127.0.0.1:${base + 3}`, true],
    ]);
    expect(devnet.controlUrl).toBe(`http://127.0.0.1:${base - 1}`);
    for (const n of nodes) expect(devnet.output()).toContain(n.rpcUrl);
    const validators = nodes.slice(0, 3).map((n) => n.address);
    expect(await rpc<string[]>(url(3), 'clique_getSigners', ['latest'])).toEqual([...validators].sort());
    expect(await rpc(url(0), 'eth_chainId')).toBe('0x7a69');
    // The dev accounts are funded.
    expect(BigInt(await rpc<string>(url(3), 'eth_getBalance', [senders[0]!.address, 'latest']))).toBe(10n ** 22n);
  });

  it('every node has each new head within 2 s; a transaction sent to the non-validator is mined and seen everywhere', async () => {
    await until(async () => Number((await head(3)).number) >= 2, 15_000, 'block 2');
    // One watcher loop per node, so a slow answer from one (a loaded machine) does not delay when the
    // others' heads are seen.
    const seen = nodes.map(() => new Map<string, number>());
    let watching = true;
    const watcher = Promise.all(
      nodes.map(async (_, i) => {
        while (watching) {
          const h = await head(i);
          if (!seen[i]!.has(h.hash)) seen[i]!.set(h.hash, Date.now());
          await new Promise((r) => setTimeout(r, 20));
        }
      }),
    );
    const start = Number((await head(3)).number);
    const tx = await send(3, 0);
    await until(
      async () => (await Promise.all(nodes.map((_, i) => receipt(i, tx)))).every((r) => r !== null),
      10_000,
      'the receipt on every node',
    );
    await until(async () => Number((await head(3)).number) >= start + 4, 10_000, 'four more blocks');
    watching = false;
    await watcher;
    const receipts = await Promise.all(nodes.map((_, i) => receipt(i, tx)));
    expect(new Set(receipts.map((r) => `${r?.blockHash}:${r?.status}`)).size).toBe(1);
    expect(receipts[0]?.status).toBe('0x1');
    // Every canonical block of the window reached every node within 2 s of the first node.
    const end = Number((await converged([0, 1, 2, 3], 5_000)).number);
    for (let n = start + 1; n <= end; n++) {
      const hash = (await blockAt(3, n))!.hash;
      const times = seen.map((s) => s.get(hash));
      if (times.some((t) => t === undefined)) continue; // superseded within one poll on some node
      const lag = Math.max(...(times as number[])) - Math.min(...(times as number[]));
      expect({ block: n, lagUnder2s: lag <= 2000 }).toEqual({ block: n, lagUnder2s: true });
    }
  }, 40_000);

  it('a validator killed with SIGKILL: the other two keep sealing; restarted, it catches up and seals in turn again', async () => {
    const victim = 1;
    await devnet.control('devnet_kill', [victim]);
    expect((await devnet.status())[victim]!.running).toBe(false);
    // A block it sealed just before dying may still be on its way (however slow the machine): its
    // number is at most one above the highest head of the others now, so counting starts after that.
    const heads = await Promise.all([0, 2, 3].map(async (i) => Number((await head(i)).number)));
    const from = Math.max(...heads) + 1;
    await until(async () => Number((await head(3)).number) >= from + 4, 15_000, 'four blocks without node 1');
    const sealedMeanwhile = await signers(3, from + 1, from + 4);
    expect(sealedMeanwhile.every((s) => s === addr(0) || s === addr(2))).toBe(true);

    const restarted = await devnet.control<DevnetNodeInfo>('devnet_restart', [victim]);
    expect(restarted.running).toBe(true);
    expect(restarted.peerId).toBe(nodes[victim]!.peerId);
    const back = Number((await head(3)).number);
    await converged([0, 1, 2, 3], 10_000);
    // It seals again: a block after its restart signed by it, in turn (difficulty 2).
    await until(
      async () => {
        const top = Number((await head(3)).number);
        for (let n = back + 1; n <= top; n++) {
          if ((await signerOf(3, n)) === addr(victim) && (await blockAt(3, n))?.difficulty === '0x2') return true;
        }
        return false;
      },
      12_000,
      'an in-turn block by the restarted validator',
    );
  }, 45_000);

  it('a 2|2 partition: one chain wins everywhere, nothing in it is lost, the losing branch’s transactions are mined', async () => {
    // Node 2 (validator) and node 3 (follower) on one side, validators 0 and 1 on the other. Node
    // 2 is stopped while the cut is made and restarted inside it, so it has signed none of the
    // recent blocks and can seal one on its side (with three signers it may seal one of two).
    await devnet.control('devnet_stop', [2]);
    const status = await devnet.control<DevnetNodeInfo[]>('devnet_partition', [
      [
        [0, 1],
        [2, 3],
      ],
    ]);
    expect(status.map((n) => n.group)).toEqual([0, 0, 1, 1]);
    const txB = await send(3, 1); // waits in node 3's pool: no peer
    await devnet.control('devnet_restart', [2]);
    const txA = await send(0, 2);
    // Side B: node 2 seals one block with txB, then may seal no more.
    let bBlock: Receipt | null = null;
    await until(
      async () => {
        bBlock = await receipt(3, txB);
        return bBlock !== null;
      },
      10_000,
      'txB mined on the small side',
    );
    const aReceipt = await (async () => {
      let r: Receipt | null = null;
      await until(
        async () => {
          r = await receipt(0, txA);
          return r !== null;
        },
        10_000,
        'txA mined on the big side',
      );
      return r as unknown as Receipt;
    })();
    const losing = bBlock as unknown as Receipt;
    // The sides really diverged: neither knows the other's transaction.
    expect(await receipt(3, txA)).toBeNull();
    expect(await receipt(0, txB)).toBeNull();
    // Let side A grow past side B (two signers alternate; side B is stuck after one block).
    const aBefore = Number((await head(0)).number);
    await until(async () => Number((await head(0)).number) >= aBefore + 2, 8_000, 'side A growing');
    const aHead = await head(0);

    await devnet.control('devnet_heal');
    // One chain on every node; side A's blocks are all in it.
    await until(
      async () => {
        const got = await Promise.all(nodes.map((_, i) => blockAt(i, Number(aHead.number))));
        return got.every((b) => b?.hash === aHead.hash);
      },
      15_000,
      'side A’s head canonical everywhere',
    );
    for (let i = 0; i < 4; i++) {
      expect((await receipt(i, txA))?.blockHash).toBe(aReceipt.blockHash);
      // The losing block is no longer canonical anywhere.
      expect((await blockAt(i, Number(losing.blockNumber)))?.hash).not.toBe(losing.blockHash);
    }
    // txB went back to the pools and is mined on the winning chain, on every node.
    await until(
      async () => {
        const rs = await Promise.all(nodes.map((_, i) => receipt(i, txB)));
        return rs.every((r) => r !== null && r.blockHash !== losing.blockHash && r.blockHash === rs[0]?.blockHash);
      },
      15_000,
      'txB mined again on the winning chain',
    );
    await converged([0, 1, 2, 3], 5_000);
  }, 60_000);

  it('a validator sealing two blocks on one parent, and a non-validator sealing, are rejected by every honest node', async () => {
    const top = await converged([0, 1, 2, 3], 10_000);
    const n = Number(top.number) - 1;
    const genesis = parseGenesis(JSON.parse(await readFile(join(dir, 'genesis.json'), 'utf8')));
    const { common } = createChainConfig(genesis);
    const raw = await rpc<string>(url(3), 'debug_getRawBlock', [`0x${n.toString(16)}`]);
    const honest = createBlockFromRLP(hexToBytes(raw as `0x${string}`), { common, setHardfork: true });
    const sealer = await signerOf(3, n);
    const sealerIndex = nodes.findIndex((x) => x.address === sealer);
    expect(sealerIndex).toBeGreaterThanOrEqual(0);
    // The same validator's key signs a second block on the same parent; node 3's key is no validator's.
    const equivocation = resealed(honest, await validatorKey(sealerIndex), 0x11);
    const outsider = resealed(honest, await validatorKey(3), 0x22);
    expect(bytesToHex(equivocation.hash())).not.toBe(bytesToHex(honest.hash()));

    const host = await createRogueHost();
    stops.push(() => host.stop());
    const topics = gossipTopics(31337n, hexToBytes((await blockAt(0, 0))!.hash as `0x${string}`));
    host.services.pubsub.subscribe(topics.blocks);
    for (const x of nodes) await host.dial(multiaddr(x.p2p));
    await until(
      () => host.services.pubsub.getSubscribers(topics.blocks).length === 4,
      10_000,
      'the rogue in every node’s mesh',
    );
    const rogueId = host.peerId.toString();
    const score = async (i: number) =>
      (await rpc<{ id: string; score: number }[]>(url(i), 'admin_peers')).find((p) => p.id === rogueId)?.score ?? 0;

    await host.services.pubsub.publish(topics.blocks, equivocation.serialize());
    await host.services.pubsub.publish(topics.blocks, outsider.serialize());
    await until(
      async () => (await Promise.all(nodes.map((_, i) => score(i)))).every((s) => s <= -20),
      10_000,
      'every node penalising the rogue for both blocks',
    );
    for (let i = 0; i < 4; i++) {
      expect(await rpc(url(i), 'eth_getBlockByHash', [bytesToHex(equivocation.hash()), false])).toBeNull();
      expect(await rpc(url(i), 'eth_getBlockByHash', [bytesToHex(outsider.hash()), false])).toBeNull();
      expect((await blockAt(i, n))?.hash).toBe(bytesToHex(honest.hash()));
    }
    const logs = await Promise.all(nodes.map((x) => readFile(x.logFile, 'utf8')));
    for (const log of logs) {
      expect(log).toMatch(/equivocation/);
      expect(log).toMatch(/unauthorized signer/);
    }
    await host.stop();
    // The honest chain goes on.
    const before = Number((await head(3)).number);
    await until(async () => Number((await head(3)).number) >= before + 2, 8_000, 'two more blocks');
  }, 45_000);

  it('voting a fourth validator in and one out changes who seals (EIP-225)', async () => {
    // In: node 3's key, by two of three validators (more than half).
    for (const i of [0, 1]) expect(await rpc(url(i), 'clique_propose', [addr(3), true])).toBeNull();
    await until(
      async () => (await rpc<string[]>(url(3), 'clique_getSigners', ['latest'])).includes(addr(3)),
      15_000,
      'node 3 voted in',
    );
    const inAt = Number((await head(3)).number);
    await until(
      async () => {
        const top = Number((await head(3)).number);
        return (await signers(3, inAt + 1, top)).includes(addr(3));
      },
      12_000,
      'a block sealed by node 3',
    );
    // Out: node 2, by three of four.
    for (const i of [0, 1, 3]) expect(await rpc(url(i), 'clique_propose', [addr(2), false])).toBeNull();
    await until(
      async () => !(await rpc<string[]>(url(0), 'clique_getSigners', ['latest'])).includes(addr(2)),
      20_000,
      'node 2 voted out',
    );
    const outAt = Number((await head(0)).number);
    // Node 2 learns of its removal from the block that carries the last vote: wait for it to arrive.
    await until(
      async () => !(await rpc<string[]>(url(2), 'clique_getSigners', ['latest'])).includes(addr(2)),
      5_000,
      'node 2 sees itself voted out',
    );
    expect((await rpc<string[]>(url(2), 'clique_getSigners', ['latest'])).sort()).toEqual(
      [addr(0), addr(1), addr(3)].sort(),
    );
    await until(async () => Number((await head(0)).number) >= outAt + 5, 12_000, 'five blocks after the vote');
    const after = await signers(0, outAt + 1, outAt + 5);
    expect(after).not.toContain(addr(2));
    expect(after.every((s) => [addr(0), addr(1), addr(3)].includes(s))).toBe(true);
    for (const i of [0, 1, 3]) await rpc(url(i), 'clique_discard', [addr(2)]);
    for (const i of [0, 1]) await rpc(url(i), 'clique_discard', [addr(3)]);
  }, 60_000);

  it('devnet_isolate cuts one node off (no peers, its head stops); devnet_heal brings it back in step', async () => {
    // Node 2, voted out above, seals no more: cut off, its head stops.
    await devnet.control('devnet_isolate', [2]);
    expect(Number(await rpc<string>(url(2), 'net_peerCount'))).toBe(0);
    const stuck = Number((await head(2)).number);
    const others = Number((await head(0)).number);
    await until(async () => Number((await head(0)).number) >= others + 2, 8_000, 'the others going on');
    expect(Number((await head(2)).number)).toBe(stuck);
    expect(Number(await rpc<string>(url(0), 'net_peerCount'))).toBe(2);
    await devnet.control('devnet_heal');
    const target = Number((await head(0)).number);
    await until(async () => Number(await rpc<string>(url(2), 'net_peerCount')) === 3, 10_000, 'node 2 reconnected');
    await until(async () => Number((await head(2)).number) >= target, 10_000, 'node 2 caught up');
    await converged([0, 1, 2, 3], 10_000);
  }, 30_000);

  it('no key appears in any output: not the devnet’s, not a node’s log', async () => {
    const keys = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const password = (await readFile(join(dir, 'keys', 'password'), 'utf8')).trim();
        const json = await readFile(join(dir, 'keys', `node${i}.json`), 'utf8');
        return (await decryptKeystoreJson(json, password)).privateKey.slice(2).toLowerCase();
      }),
    );
    const password = (await readFile(join(dir, 'keys', 'password'), 'utf8')).trim();
    const logs = await Promise.all(
      (await readdir(dir)).filter((f) => f.endsWith('.log')).map((f) => readFile(join(dir, f), 'utf8')),
    );
    expect(logs).toHaveLength(4);
    for (const text of [devnet.output(), ...logs]) {
      const lower = text.toLowerCase();
      for (const k of keys) expect(lower.includes(k)).toBe(false);
      expect(lower.includes(password)).toBe(false);
    }
  });

  it('SIGTERM stops the devnet and every node it started', async () => {
    const pids = (await devnet.status()).flatMap((n) => (n.pid === undefined ? [] : [n.pid]));
    expect(pids).toHaveLength(4);
    expect(await devnet.stop()).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(devnet.output()).toMatch(/stopping the devnet/);
  }, 30_000);
});

// A devnet: N `basalt start` processes on 127.0.0.1 sharing one Clique genesis, the first M
// sealing with their validator keys, wired into a full mesh; and the faults a user can inject:
// kill (SIGKILL), stop, restart, partition into groups and heal.
//
// Wiring: node 0 starts first; the others start together with node 0 as their bootnode, then
// each node j adds every node i < j with admin_addPeer. Every node keeps its ports and peer id
// across restarts (a restarted node binds the ports it had; the p2p key is in its data dir), so
// the addresses its peers remember stay right.
//
// A partition is made with admin_removePeer on both ends of every link that crosses groups
// (which forgets the static address and hangs up). Nothing dials the other side afterwards:
// Basalt has no peer discovery beyond static peers, so a node only ever dials addresses it was
// given. It is a cut at the peer level, not a firewall: an admin_addPeer ends it. Healing
// re-adds those links.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@basalt/common';
import { NodeError, NodeErrorCode } from '../errors.ts';
import { type RunningChild, spawnChild } from './child.ts';
import type { DevnetFiles } from './setup.ts';

/** Settings of {@link createDevnet}. */
export interface DevnetOpts {
  dir: string;
  nodes: number;
  /** The built `basalt` CLI the children run (`dist/cli.js`). */
  cli: string;
  /** RPC of node i (from 0) on rpcPortBase + i; 0: each node any free port. */
  rpcPortBase: number;
  /** p2p TCP port of node i on p2pPortBase + i; 0: each node any free port. */
  p2pPortBase: number;
  /** Log level of the children (their output goes to `<dir>/node<i>.log`). */
  logLevel: string;
  logger: Logger;
}

/** One node as devnet_status shows it. */
export interface DevnetNodeStatus {
  index: number;
  role: 'validator' | 'follower';
  /** The address of the node's key (it seals while it is in the validator set). */
  address?: string;
  running: boolean;
  pid?: number;
  rpcUrl: string;
  peerId: string;
  p2p: string;
  dataDir: string;
  logFile: string;
  /** The partition group it is in (undefined when the network is whole). */
  group?: number;
}

interface NodeSlot {
  index: number;
  dataDir: string;
  logFile: string;
  keyFile: string | undefined;
  address: string | undefined;
  /** A validator in the genesis (every node has a key, so one voted in later seals too). */
  validator: boolean;
  rpcPort: number;
  p2pPort: number;
  peerId: string;
  p2pAddr: string;
  child: RunningChild | undefined;
}

function invalid(field: string, message: string): NodeError {
  return new NodeError({ code: NodeErrorCode.INVALID_CONFIG, field }, message);
}

/** One JSON-RPC call to a node. */
async function callNode<T>(port: number, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw invalid('devnet', `${method} on port ${port}: ${body.error.message}`);
  return body.result as T;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Devnet {
  private readonly slots: NodeSlot[];
  /** Partition groups (node indices), or undefined when the network is whole. */
  private groups: number[][] | undefined;
  /** Serialises control operations (a restart during a partition, ...). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly opts: DevnetOpts,
    private readonly files: DevnetFiles,
  ) {
    this.slots = Array.from({ length: opts.nodes }, (_, index) => ({
      index,
      dataDir: join(opts.dir, `node${index}`),
      logFile: join(opts.dir, `node${index}.log`),
      keyFile: files.keys[index]?.keyFile,
      address: files.keys[index]?.address,
      validator: index < files.validators,
      rpcPort: opts.rpcPortBase === 0 ? 0 : opts.rpcPortBase + index,
      p2pPort: opts.p2pPortBase === 0 ? 0 : opts.p2pPortBase + index,
      peerId: '',
      p2pAddr: '',
      child: undefined,
    }));
  }

  /** Starts every node and wires the mesh. */
  async start(): Promise<void> {
    for (const s of this.slots) await mkdir(s.dataDir, { recursive: true });
    const [first, ...rest] = this.slots;
    if (first === undefined) return;
    await this.spawn(first, []);
    await Promise.all(rest.map((s) => this.spawn(s, [first.p2pAddr])));
    // Full mesh: node j dials every node i < j (node 0 is already everyone's bootnode).
    await Promise.all(
      rest.flatMap((b) =>
        this.slots
          .filter((a) => a.index > 0 && a.index < b.index)
          .map((a) => callNode(b.rpcPort, 'admin_addPeer', [a.p2pAddr])),
      ),
    );
  }

  /** Stops every node (SIGTERM, SIGKILL after 10 s). */
  async stop(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.child?.stop()));
  }

  status(): DevnetNodeStatus[] {
    return this.slots.map((s) => {
      const group = this.groups?.findIndex((g) => g.includes(s.index));
      const pid = s.child?.isRunning() ? s.child.proc.pid : undefined;
      return {
        index: s.index,
        role: s.validator ? 'validator' : 'follower',
        ...(s.address !== undefined ? { address: s.address.toLowerCase() } : {}),
        running: s.child?.isRunning() ?? false,
        ...(pid !== undefined ? { pid } : {}),
        rpcUrl: `http://127.0.0.1:${s.rpcPort}`,
        peerId: s.peerId,
        p2p: s.p2pAddr,
        dataDir: s.dataDir,
        logFile: s.logFile,
        ...(group !== undefined && group >= 0 ? { group } : {}),
      };
    });
  }

  /** SIGKILL a node (no shutdown: it restarts on its last whole block). */
  kill(index: number): Promise<DevnetNodeStatus> {
    return this.serial(async () => {
      await this.slot(index).child?.kill();
      return this.status()[index]!;
    });
  }

  /** SIGTERM a node (a clean shutdown). */
  stopNode(index: number): Promise<DevnetNodeStatus> {
    return this.serial(async () => {
      await this.slot(index).child?.stop();
      return this.status()[index]!;
    });
  }

  /** Stops a node if it runs, starts it again with its data dir, ports and peers (its group's, in a partition). */
  restart(index: number): Promise<DevnetNodeStatus> {
    return this.serial(async () => {
      const s = this.slot(index);
      await s.child?.stop();
      const peers = this.slots.filter((o) => o.index !== index && this.sameSide(index, o.index));
      await this.spawn(
        s,
        peers.map((o) => o.p2pAddr),
      );
      // Peers whose static list lost it (a partition healed while it was down) dial it again.
      await Promise.all(
        peers
          .filter((o) => o.child?.isRunning())
          .map((o) => callNode(o.rpcPort, 'admin_addPeer', [s.p2pAddr]).catch(() => false)),
      );
      return this.status()[index]!;
    });
  }

  /**
   * Cuts every link between different groups (admin_removePeer, by peer id, on every running
   * node for every node on the other side), then checks for up to 5 s that no node has a peer
   * outside its group, cutting again any link that came back (a static peer re-dialled while the
   * cut was in flight). Nodes in no group form one group each. A node restarted during a
   * partition gets its own group's bootnodes only.
   */
  partition(groups: number[][]): Promise<DevnetNodeStatus[]> {
    return this.serial(async () => {
      const seen = new Set<number>();
      for (const g of groups) {
        for (const i of g) {
          this.slot(i);
          if (seen.has(i)) throw invalid('groups', `node ${i} is in two groups`);
          seen.add(i);
        }
      }
      const full = [
        ...groups.map((g) => [...g]),
        ...this.slots.filter((s) => !seen.has(s.index)).map((s) => [s.index]),
      ];
      this.groups = full;
      // Every running node forgets every node on the other side (static address and connection),
      // down ones included: they come back with their own group's bootnodes only.
      await Promise.all(
        this.slots
          .filter((a) => a.child?.isRunning())
          .flatMap((a) =>
            this.slots
              .filter((b) => b.index !== a.index && !this.sameSide(a.index, b.index) && b.peerId !== '')
              .map((b) => callNode(a.rpcPort, 'admin_removePeer', [b.peerId]).catch(() => false)),
          ),
      );
      const deadline = Date.now() + 5_000;
      for (;;) {
        const crossing = await this.crossingLinks();
        if (crossing.length === 0) break;
        if (Date.now() > deadline)
          throw invalid('groups', `links across the partition remain: ${JSON.stringify(crossing)}`);
        await Promise.all(
          crossing.map(([a, b]) =>
            callNode(this.slot(a).rpcPort, 'admin_removePeer', [this.slot(b).peerId]).catch(() => false),
          ),
        );
        await sleep(250);
      }
      // A node that was down during the cut still has the others as static peers; a short settle
      // catches redials from nodes that had not yet heard of the removal.
      await sleep(500);
      for (const [a, b] of await this.crossingLinks()) {
        await callNode(this.slot(a).rpcPort, 'admin_removePeer', [this.slot(b).peerId]).catch(() => false);
      }
      return this.status();
    });
  }

  /** Re-adds every link the partition cut (admin_addPeer); the nodes then sync and converge. */
  heal(): Promise<DevnetNodeStatus[]> {
    return this.serial(async () => {
      this.groups = undefined;
      await Promise.all(
        this.slots.flatMap((b) =>
          this.slots
            .filter((a) => a.index < b.index && b.child?.isRunning())
            .map((a) => callNode(b.rpcPort, 'admin_addPeer', [a.p2pAddr]).catch(() => false)),
        ),
      );
      return this.status();
    });
  }

  // ---- internals ----

  private slot(index: number): NodeSlot {
    const s = Number.isInteger(index) ? this.slots[index] : undefined;
    if (s === undefined) throw invalid('node', `no node ${index} (nodes are 0-${this.slots.length - 1})`);
    return s;
  }

  private sameSide(a: number, b: number): boolean {
    if (this.groups === undefined) return true;
    return this.groups.some((g) => g.includes(a) && g.includes(b));
  }

  /** Pairs [a, b] where running node a has a connected peer b on the other side of the partition. */
  private async crossingLinks(): Promise<[number, number][]> {
    const byId = new Map(this.slots.map((s) => [s.peerId, s.index]));
    const out: [number, number][] = [];
    await Promise.all(
      this.slots
        .filter((s) => s.child?.isRunning())
        .map(async (s) => {
          const peers = await callNode<{ id: string }[]>(s.rpcPort, 'admin_peers', []).catch(() => []);
          for (const p of peers) {
            const other = byId.get(p.id);
            if (other !== undefined && !this.sameSide(s.index, other)) out.push([s.index, other]);
          }
        }),
    );
    return out;
  }

  private async spawn(s: NodeSlot, bootnodes: string[]): Promise<void> {
    const args = [
      '--data-dir',
      s.dataDir,
      '--genesis',
      this.files.genesisFile,
      '--rpc-port',
      String(s.rpcPort),
      '--p2p-port',
      String(s.p2pPort),
      '--log-level',
      this.opts.logLevel,
      ...(bootnodes.length > 0 ? ['--bootnodes', bootnodes.join(',')] : []),
      ...(s.keyFile !== undefined ? ['--validator-key', s.keyFile, '--password-file', this.files.passwordFile] : []),
    ];
    const child = await spawnChild(this.opts.cli, args, { logFile: s.logFile });
    s.child = child;
    // Later restarts bind the same ports, so peers' remembered addresses stay valid.
    s.rpcPort = child.banner.rpcPort;
    s.p2pPort = child.banner.p2pPort;
    s.peerId = child.banner.peerId;
    s.p2pAddr = child.banner.p2pAddr;
    void child.exited.then((code) => {
      if (s.child === child) this.opts.logger.info('devnet node exited', { node: s.index, code });
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Builds (but does not start) a devnet over prepared files. */
export function createDevnet(opts: DevnetOpts, files: DevnetFiles): Devnet {
  if (opts.nodes < 1) throw invalid('nodes', 'a devnet needs at least one node');
  if (files.keys.length !== opts.nodes) throw invalid('nodes', `${files.keys.length} keys for ${opts.nodes} nodes`);
  return new Devnet(opts, files);
}

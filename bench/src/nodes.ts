// Starts each node under test as its own process on 127.0.0.1, times spawn -> first eth_chainId
// answer, reads its peak resident memory from /proc, and stops it by pid (SIGTERM, then SIGKILL).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRpcClient } from './client.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type NodeKind = 'basalt' | 'anvil' | 'hardhat' | 'null';

export interface StartOpts {
  /** Seconds between blocks; undefined = instant (auto) mining. */
  blockTime?: number;
  gasLimit: bigint;
  /** Keep the chain on disk here (Basalt's --data-dir); only Basalt uses it. */
  dataDir?: string;
  /** Give up on start-up after this long. */
  timeoutMs?: number;
}

export interface RunningNode {
  kind: NodeKind;
  url: string;
  pid: number;
  /** Spawn to the first successful eth_chainId, in ms. */
  startupMs: number;
  /** Peak resident set (VmHWM) so far, in MB. */
  peakRssMb(): number;
  /** Current resident set (VmRSS), in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

export function anvilBinary(): string | undefined {
  const bin = join(REPO, 'node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil');
  return existsSync(bin) ? bin : undefined;
}

/** The built CLI; BENCH_BASALT_CLI runs another build (e.g. a copy of main's) for a before/after in one command. */
export function basaltCli(): string {
  return process.env.BENCH_BASALT_CLI ?? join(REPO, 'apps/node/dist/cli.js');
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = a && typeof a === 'object' ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface Hardhat {
  node: string;
  nodePath: string;
  cli: string;
}

let hardhatCache: Hardhat | undefined;
/** Hardhat 3 under Node 22 from npm, the way contracts/scripts/hardhat.mjs runs it. */
async function hardhat(): Promise<Hardhat> {
  if (hardhatCache) return hardhatCache;
  const n22 = (await import(pathToFileURL(join(REPO, 'contracts/scripts/node22.mjs')).href)) as {
    ensureNode22(o: { quiet: boolean }): { node: string; nodePath: string };
  };
  const hh = (await import(pathToFileURL(join(REPO, 'contracts/scripts/hardhat.mjs')).href)) as {
    hardhatCli(): { cli: string };
  };
  const { node, nodePath } = n22.ensureNode22({ quiet: true });
  hardhatCache = { node, nodePath, cli: hh.hardhatCli().cli };
  return hardhatCache;
}

export async function hardhatAvailable(): Promise<boolean> {
  try {
    await hardhat();
    return true;
  } catch {
    return false;
  }
}

async function command(
  kind: NodeKind,
  port: number,
  o: StartOpts,
): Promise<{ cmd: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string }> {
  switch (kind) {
    case 'basalt': {
      // BENCH_BASALT_NODE_ARGS: extra flags for Node itself, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
      const nodeArgs = (process.env.BENCH_BASALT_NODE_ARGS ?? '').split(' ').filter(Boolean);
      const args = [...nodeArgs, basaltCli(), 'dev', '--port', String(port), '--silent', '--log-level', 'warn'];
      args.push('--gas-limit', o.gasLimit.toString());
      if (o.blockTime !== undefined) args.push('--block-time', String(o.blockTime));
      if (o.dataDir !== undefined) args.push('--data-dir', o.dataDir);
      return { cmd: process.execPath, args };
    }
    case 'anvil': {
      const bin = anvilBinary();
      if (!bin) throw new Error('anvil is not installed (@foundry-rs/anvil-linux-amd64)');
      const args = ['--port', String(port), '--host', '127.0.0.1', '--silent', '--gas-limit', o.gasLimit.toString()];
      if (o.blockTime !== undefined) args.push('--block-time', String(o.blockTime));
      return { cmd: bin, args };
    }
    case 'hardhat': {
      const h = await hardhat();
      const dir = join(REPO, 'bench/hardhat');
      return {
        cmd: h.node,
        args: [
          h.cli,
          '--config',
          join(dir, 'hardhat.config.mjs'),
          'node',
          '--hostname',
          '127.0.0.1',
          '--port',
          String(port),
        ],
        cwd: dir,
        env: {
          ...process.env,
          HARDHAT_DISABLE_TELEMETRY: 'true',
          NODE_PATH: h.nodePath,
          BENCH_GAS_LIMIT: o.gasLimit.toString(),
          BENCH_HARDHAT_DIR: join(tmpdir(), 'basalt-bench-hardhat'),
          ...(o.blockTime !== undefined ? { BENCH_BLOCK_TIME: String(o.blockTime) } : {}),
        },
      };
    }
    case 'null':
      return { cmd: process.execPath, args: [join(REPO, 'bench/dist/nullServer.js'), String(port)] };
  }
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((res) => {
    const t = setTimeout(() => res(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      res(true);
    });
  });
}

export async function startNode(kind: NodeKind, o: StartOpts): Promise<RunningNode> {
  const port = await freePort();
  const { cmd, args, env, cwd } = await command(kind, port, o);
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: env ?? process.env, cwd: cwd ?? REPO });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString('utf8');
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${kind}: spawn failed`);
  const client = createRpcClient(url, { connections: 1, timeoutMs: 5_000 });
  const deadline = t0 + (o.timeoutMs ?? 60_000);
  let startupMs = Number.NaN;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${kind} exited (${child.exitCode}) before answering: ${stderr}`);
      try {
        await client.request('eth_chainId');
        startupMs = performance.now() - t0;
        break;
      } catch {
        if (performance.now() > deadline) throw new Error(`${kind} did not answer eth_chainId in time: ${stderr}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    if (kind === 'hardhat') await client.request('hardhat_setLoggingEnabled', [false]);
  } catch (err) {
    child.kill('SIGKILL');
    await client.close();
    throw err;
  }
  await client.close();
  return {
    kind,
    url,
    pid,
    startupMs,
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    rssMb: () => procStatusMb(pid, 'VmRSS'),
    async stop() {
      process.kill(pid, 'SIGTERM');
      if (!(await waitExit(child, 10_000))) {
        process.kill(pid, 'SIGKILL');
        await waitExit(child, 5_000);
      }
    },
  };
}

/** A temporary directory for --data-dir, removed by the returned function. */
export async function tempDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'basalt-bench-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

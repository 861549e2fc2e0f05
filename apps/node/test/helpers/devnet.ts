// Starts the built `basalt devnet` as a real process, reads its banner, calls its control port,
// and stops it (and, should it have died, every node it started, by pid).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { cliPath, repoRoot, rpc } from './spawnNode.ts';

export interface DevnetNodeInfo {
  index: number;
  role: 'validator' | 'follower';
  address?: string;
  running: boolean;
  pid?: number;
  rpcUrl: string;
  peerId: string;
  p2p: string;
  dataDir: string;
  logFile: string;
  group?: number;
}

export interface SpawnedDevnet {
  proc: ChildProcess;
  controlUrl: string;
  output(): string;
  control<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  status(): Promise<DevnetNodeInfo[]>;
  /** SIGTERM the devnet (it stops its nodes), SIGKILL after the timeout, then any node left by pid. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export async function spawnDevnet(args: string[], opts: { timeoutMs?: number } = {}): Promise<SpawnedDevnet> {
  const proc = spawn(process.execPath, [cliPath, 'devnet', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (b: Buffer) => {
    out += b.toString();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  let pids: number[] = [];
  const stop = async (timeoutMs = 20_000): Promise<number | null> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(t);
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return proc.exitCode;
  };
  let controlUrl = '';
  try {
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`devnet did not start in time:\n${out}`)), opts.timeoutMs ?? 60_000);
      const check = () => {
        const m = /^Control:\s+(http:\/\/\S+)/m.exec(out);
        if (m?.[1] !== undefined && out.includes('Devnet ready')) {
          clearTimeout(timer);
          controlUrl = m[1];
          res();
        }
      };
      proc.stdout!.on('data', check);
      void exited.then((code) => {
        clearTimeout(timer);
        rej(new Error(`devnet exited with ${code} before it was ready:\n${out}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const control = <T>(method: string, params: unknown[] = []) => rpc<T>(controlUrl, method, params);
  const status = async () => {
    const nodes = await control<DevnetNodeInfo[]>('devnet_status');
    pids = [...new Set([...pids, ...nodes.flatMap((n) => (n.pid === undefined ? [] : [n.pid]))])];
    return nodes;
  };
  await status();
  return { proc, controlUrl, output: () => out, control, status, stop };
}

/**
 * A base port P with P-1 .. P+count-1 free on 127.0.0.1 right now (each bound and released).
 * Racy by nature: another process may take one before the devnet binds it; the ports are drawn
 * at random from 20000-59999 to make that unlikely.
 */
export async function freePortRange(count: number): Promise<number> {
  const listen = (port: number) =>
    new Promise<Server | undefined>((res) => {
      const s = createServer();
      s.once('error', () => res(undefined));
      s.listen(port, '127.0.0.1', () => res(s));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const servers: Server[] = [];
    let ok = true;
    for (let p = base - 1; p < base + count; p++) {
      const s = await listen(p);
      if (s === undefined) {
        ok = false;
        break;
      }
      servers.push(s);
    }
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    if (ok) return base;
  }
  throw new Error('no free port range found');
}

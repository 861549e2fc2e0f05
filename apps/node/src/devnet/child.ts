// One `basalt start` child process of a devnet: spawned with its flags, its output appended to a
// log file, its banner read for the RPC port, peer id and p2p address; stopped by pid.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { NodeError, NodeErrorCode } from '../errors.ts';

/** What a started node printed. */
export interface ChildBanner {
  rpcPort: number;
  peerId: string;
  /** The p2p multiaddr with /p2p/<id> (the first `P2P:` line). */
  p2pAddr: string;
  p2pPort: number;
}

export interface RunningChild {
  readonly proc: ChildProcess;
  readonly banner: ChildBanner;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
  isRunning(): boolean;
  /** SIGTERM, SIGKILL after `timeoutMs`; resolves when it has exited. */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL; resolves when it has exited. */
  kill(): Promise<void>;
}

/** Spawns `node <cli> start <args>`, appending stdout and stderr to `logFile`; resolves once it listens. */
export async function spawnChild(
  cli: string,
  args: string[],
  opts: { logFile: string; timeoutMs?: number },
): Promise<RunningChild> {
  const proc = spawn(process.execPath, [cli, 'start', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  let head = '';
  let reading = true;
  const onData = (b: Buffer) => {
    log.write(b);
    if (reading) head += b.toString();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    proc.once('exit', (code, signal) => {
      reading = false;
      log.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const failed = (why: string) =>
    new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: 'devnet' },
      `a devnet node ${why} (see ${opts.logFile}):\n${head.slice(-2000)}`,
    );
  const banner = await new Promise<ChildBanner>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(failed('did not start in time'));
    }, opts.timeoutMs ?? 60_000);
    const check = () => {
      const listening = /^Listening on [^\n]*:(\d+)$/m.exec(head);
      if (listening === null) return;
      const peerId = /^Peer id:\s+(\S+)/m.exec(head)?.[1];
      const p2pAddr = /^P2P:\s+(\S+)/m.exec(head)?.[1];
      const p2pPort = /\/tcp\/(\d+)\//.exec(p2pAddr ?? '')?.[1];
      clearTimeout(timer);
      proc.stdout!.off('data', check);
      reading = false;
      if (peerId === undefined || p2pAddr === undefined || p2pPort === undefined) {
        reject(failed('printed no p2p address'));
        return;
      }
      resolve({ rpcPort: Number(listening[1]), peerId, p2pAddr, p2pPort: Number(p2pPort) });
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(failed(`exited (${code}) before listening`));
    });
  });
  const isRunning = () => proc.exitCode === null && proc.signalCode === null;
  return {
    proc,
    banner,
    exited,
    isRunning,
    async stop(timeoutMs = 10_000) {
      if (!isRunning()) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!isRunning()) return;
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

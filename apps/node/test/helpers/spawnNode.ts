// Starts the built `basalt` command as a real child process on 127.0.0.1 and port 0,
// reads the bound port from its `Listening on` line, and stops it by pid.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const cliPath = join(repoRoot, 'apps/node/dist/cli.js');

export interface SpawnedNode {
  proc: ChildProcess;
  url: string;
  wsUrl: string;
  port: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then wait for exit (SIGKILL after the timeout). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL, then wait for exit. */
  kill(): Promise<void>;
}

export async function spawnNode(
  args: string[],
  opts: {
    timeoutMs?: number;
    /** The subcommand and its first flags; default `['dev', '--port', '0']` (`basalt start` in the p2p tests). */
    command?: string[];
  } = {},
): Promise<SpawnedNode> {
  const command = opts.command ?? ['dev', '--port', '0'];
  const proc = spawn(process.execPath, [cliPath, ...command, '--log-level', 'warn', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  proc.stderr!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));

  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`node did not start in time:\n${out}`)), opts.timeoutMs ?? 20_000);
    const check = () => {
      const m = /Listening on [\d.]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        res(Number(m[1]));
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`node exited with ${code} before listening:\n${out}`));
    });
  });

  const stop = async (timeoutMs = 10_000): Promise<number | null> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(t);
    return code;
  };
  const kill = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGKILL');
    await exited;
  };
  return {
    proc,
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    output: () => out,
    stop,
    kill,
  };
}

/** One JSON-RPC call over HTTP with fetch. */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.result as T;
}

/** The well-known first dev keys of the default mnemonic. */
export const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
] as const;

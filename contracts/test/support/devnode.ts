// A live `basalt dev` for the workflow tests: the built command (apps/node/dist/cli.js, which `npm test` builds)
// as a child process on 127.0.0.1, port 0; the port is read from its `Listening on` line. Each test stops the
// node it started (SIGTERM, SIGKILL after a bounded wait).
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractsRoot } from './tools.ts';

export const repoRoot = join(contractsRoot, '..');
const cli = join(repoRoot, 'apps', 'node', 'dist', 'cli.js');

/** Account 0 of the dev mnemonic (public knowledge: dev only). */
export const DEV_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const DEV_ADDRESS_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const DEV_ADDRESS_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

export interface DevNode {
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

export async function startDevNode(args: string[] = [], timeoutMs = 30_000): Promise<DevNode> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const proc: ChildProcess = spawn(
    process.execPath,
    [cli, 'dev', '--port', '0', '--silent', '--log-level', 'warn', ...args],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  proc.stderr!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  try {
    const port = await new Promise<number>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`basalt dev did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const check = () => {
        const m = /Listening on [\d.]+:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          res(Number(m[1]));
        }
      };
      proc.stdout!.on('data', check);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`basalt dev exited with ${code}:\n${out}`));
      });
    });
    return { url: `http://127.0.0.1:${port}`, port, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Runs `fn` while holding a lock shared by every test process (a directory in the temp dir), so two Jest
 * workers never run Hardhat in the same project at once (both would write artifacts-hardhat/ and cache-hardhat/).
 * Waits at most `timeoutMs`; a lock older than that is taken as abandoned.
 */
export async function withLock<T>(name: string, fn: () => Promise<T> | T, timeoutMs = 600_000): Promise<T> {
  const id = createHash('sha256').update(contractsRoot).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `basalt-test-lock-${name}-${id}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      break;
    } catch {
      if (existsSync(dir) && Date.now() - statSync(dir).mtimeMs > timeoutMs) rmSync(dir, { recursive: true });
      if (Date.now() > deadline) throw new Error(`lock ${dir} not released in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createStateStore, openDatabase, sublevel } from '@basalt/state';
import { bytesToHex, createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { Closers, tempDir } from '../helpers/index.ts';

const closers = new Closers();
afterEach(() => closers.closeAll());

const CHILD = fileURLToPath(new URL('./fixtures/commitThenKill.mjs', import.meta.url));
const REGISTER = new URL('./fixtures/registerTs.mjs', import.meta.url).href;

/** Runs the child to its end; resolves with its stdout, exit code and signal. */
function runChild(
  dir: string,
): Promise<{ stdout: string; stderr: string; code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', REGISTER, CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
  });
}

describe('state / persistence / crash', () => {
  it('a batch committed just before SIGKILL is on disk: the root and the meta key read back', async () => {
    const dir = await tempDir(closers);
    const result = await runChild(dir);
    expect(result.stderr).toBe('');
    expect(result.signal).toBe('SIGKILL');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('committed');
    const root = hexToBytes(lines[1] as `0x${string}`);

    const db = await openDatabase({ path: dir });
    closers.push(() => db.close());
    const meta = await sublevel(db, 'meta').get(new TextEncoder().encode('head'));
    expect(bytesToHex(meta as Uint8Array)).toBe(bytesToHex(root));
    const store = await createStateStore({ db });
    expect(await store.hasRoot(root)).toBe(true);
    const sm = await store.openAt(root);
    const account = await sm.getAccount(createAddressFromString('0x00000000000000000000000000000000000a11ce'));
    expect(account?.balance).toBe(12345n);
  });
});

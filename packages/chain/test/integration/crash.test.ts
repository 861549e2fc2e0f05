import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bytesToHex } from '@ethereumjs/util';
import { devGenesis } from '../../src/index.ts';
import { openChain, tempDir } from '../helpers/devChain.ts';
import { DEV_ADDRESS, RECIPIENT } from '../helpers/keys.ts';

const here = dirname(fileURLToPath(import.meta.url));
const PKG = join(here, '..', '..');
const WRITER = join(here, '..', 'fixtures', 'crashWriter.mjs');
const TXS_PER_BLOCK = 50;
/** The writer's genesis (fixtures/crashWriter.mjs). */
const GENESIS = devGenesis({ accounts: [DEV_ADDRESS.toString()], gasLimit: 60_000_000n });

/**
 * Runs the writer until it has printed `commits` commits, then SIGKILLs it `delayMs` later; with
 * `onWriting`, kills it `delayMs` after the next "writing" line, i.e. while that block's batch is
 * being written.
 */
function runAndKill(
  dir: string,
  commits: number,
  delayMs: number,
  onWriting: boolean,
): Promise<{ lastPrinted: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [WRITER, dir, String(TXS_PER_BLOCK)], {
      cwd: PKG,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let lastPrinted = -1;
    let seen = 0;
    let killing = false;
    /** The last block printed as committed when the signal was sent. */
    let atKill = -1;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer made no progress: ${err || out}`));
    }, 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const m of out.matchAll(/committed (\d+)/g)) lastPrinted = Math.max(lastPrinted, Number(m[1]));
      seen = [...out.matchAll(/committed/g)].length;
      const writingAfter = onWriting && new RegExp(`writing ${lastPrinted + 1}\\b`).test(out);
      if (seen >= commits && !killing && (!onWriting || writingAfter)) {
        killing = true;
        setTimeout(() => {
          atKill = lastPrinted;
          child.kill('SIGKILL');
        }, delayMs);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}: ${err}`));
      else resolve({ lastPrinted: atKill, signal });
    });
  });
}

describe('chain / crash safety', () => {
  const dirs: { remove(): Promise<void> }[] = [];
  beforeAll(() => {
    // The writer runs the built packages: build chain and what it references (incremental).
    spawnSync('npx', ['tsc', '-b', join(PKG, 'tsconfig.json')], { cwd: PKG, stdio: 'ignore' });
    expect(existsSync(join(PKG, 'dist', 'index.js'))).toBe(true);
  }, 180_000);
  afterAll(async () => {
    for (const d of dirs) await d.remove();
  });

  it('SIGKILL while blocks stream in: on reopen the head is the last whole block, with receipts and state', async () => {
    const dir = await tempDir('basalt-crash-');
    dirs.push(dir);
    // Kills at different moments, several of them while a block's batch is being written; the
    // writer resumes from the stored head each time.
    const plan: [delayMs: number, onWriting: boolean][] = [
      [7, false],
      [0, true],
      [1, true],
      [2, true],
      [23, false],
      [0, true],
      [6, true],
      [15, true],
      [40, true],
    ];
    let inFlightLanded = 0;
    for (const [round, [delayMs, onWriting]] of plan.entries()) {
      const { lastPrinted } = await runAndKill(dir.path, 2, delayMs, onWriting);
      const c = await openChain({ path: dir.path, genesis: GENESIS });
      try {
        const head = c.chain.head();
        const n = head.header.number;
        // Every printed block is there; at most the block in flight beyond it, whole or not at all.
        expect([lastPrinted, lastPrinted + 1]).toContain(Number(n));
        if (Number(n) === lastPrinted + 1) inFlightLanded++;
        let txs = 0;
        for (let i = 1n; i <= n; i++) {
          const hash = await c.chain.getCanonicalHash(i);
          expect(hash).toBeDefined();
          const block = await c.chain.getBlock(hash!);
          expect(block!.transactions.length).toBe(TXS_PER_BLOCK);
          const receipts = await c.chain.getReceipts(hash!);
          expect(receipts!.length).toBe(TXS_PER_BLOCK);
          const last = block!.transactions[TXS_PER_BLOCK - 1]!;
          const r = await c.chain.getReceipt(last.hash());
          expect(bytesToHex(r!.blockHash)).toBe(bytesToHex(hash!));
          txs += block!.transactions.length;
        }
        expect(await c.chain.getCanonicalHash(n + 1n)).toBeUndefined();
        const state = await c.chain.stateAt(head);
        expect((await state.getAccount(DEV_ADDRESS))!.nonce).toBe(BigInt(txs));
        expect((await state.getAccount(RECIPIENT))!.balance).toBe(1000n * BigInt(txs));
        console.log(
          `round ${round}: killed ${delayMs} ms after ${onWriting ? `"writing ${lastPrinted + 1}"` : `"committed ${lastPrinted}"`}; reopened at head ${n} (${txs} txs)`,
        );
      } finally {
        await c.close();
      }
    }
    console.log(`the block in flight was on disk after ${inFlightLanded} of ${plan.length} kills`);
  }, 180_000);
});

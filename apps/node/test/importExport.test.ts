// `basalt init`, `basalt import` and `basalt export` as a user runs them (the built command, real
// processes, LevelDB in temp dirs) on the execution-apis conformance chain (54 blocks, PoW with
// ommers, the merge, withdrawals, blob and set-code transactions), then served by `basalt dev
// --data-dir --no-mining`.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { RLP } from '@ethereumjs/rlp';
import { ImportProgress } from '../src/commands/progress.ts';
import { cliPath, repoRoot, rpc, type SpawnedNode, spawnNode } from './helpers/spawnNode.ts';
import { conformanceDir } from '../../../test/support/conformance.ts';

const DATA = conformanceDir('execution-apis');
const HEAD = '0xd226371d0b1551adb03fb52b71f08e3e11247fe9b1af994768af8cdaa8e7dcd7';

function basalt(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [cliPath, ...args], { cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) => {
      res({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
    });
  });
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'basalt-import-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The blocks of chain.rlp, each as its own encoding. */
async function chainBlocks(): Promise<Uint8Array[]> {
  let rest: Uint8Array = await readFile(join(DATA, 'chain.rlp'));
  const out: Uint8Array[] = [];
  while (rest.length > 0) {
    const { remainder } = RLP.decode(rest, true);
    out.push(rest.subarray(0, rest.length - remainder.length));
    rest = remainder;
  }
  return out;
}

describe('node / basalt init, import, export', () => {
  it('imports chain.rlp, marks headfcu safe and finalized, exports it byte for byte, and serves it without mining', async () => {
    const dir = await tempDir();
    const init = await basalt(['init', '--genesis', join(DATA, 'genesis.json'), '--data-dir', dir]);
    expect(init.stdout).toContain('0x44fd89d504659cd58f48f4796b77a7e7012cf296a2409afa2f6c3cb99b5b3d99');
    expect(init.code).toBe(0);
    const imp = await basalt([
      'import',
      join(DATA, 'chain.rlp'),
      '--data-dir',
      dir,
      '--fcu',
      join(DATA, 'headfcu.json'),
    ]);
    expect(imp.stderr).toMatch(/imported blocks 54\/54, head #54, txs 249, [\d.]+ Mgas\/s/);
    expect(imp.stdout).toContain(`head #54 ${HEAD}`);
    expect(imp.code).toBe(0);

    // A second import of the same file finds every block known.
    const again = await basalt(['import', join(DATA, 'chain.rlp'), '--data-dir', dir]);
    expect(again.stdout).toContain('imported 0 blocks (54 already known)');

    const out = join(dir, 'export.rlp');
    const exp = await basalt(['export', out, '--data-dir', dir]);
    expect(exp.code).toBe(0);
    expect(Buffer.compare(await readFile(out), await readFile(join(DATA, 'chain.rlp')))).toBe(0);
    const part = join(dir, 'part.rlp');
    expect((await basalt(['export', part, '--data-dir', dir, '--from', '10', '--to', '12'])).code).toBe(0);
    const blocks = await chainBlocks();
    expect(Buffer.compare(await readFile(part), Buffer.concat(blocks.slice(9, 12)))).toBe(0);

    // The exported file imports into a fresh data dir.
    const dir2 = await tempDir();
    await basalt(['init', '--genesis', join(DATA, 'genesis.json'), '--data-dir', dir2]);
    const reimport = await basalt(['import', out, '--data-dir', dir2]);
    expect(reimport.stdout).toContain(`head #54 ${HEAD}`);

    const node: SpawnedNode = await spawnNode(['--data-dir', dir, '--no-mining', '--silent']);
    cleanup.push(() => node.kill());
    expect(await rpc(node.url, 'eth_blockNumber')).toBe('0x36');
    expect(await rpc<{ hash: string }>(node.url, 'eth_getBlockByNumber', ['finalized', false])).toMatchObject({
      hash: HEAD,
    });
    expect(await rpc(node.url, 'eth_syncing')).toBe(false);
  });

  it('stops at a bad block with its number and reason, exit code 1, keeping the blocks before it', async () => {
    const dir = await tempDir();
    await basalt(['init', '--genesis', join(DATA, 'genesis.json'), '--data-dir', dir]);
    const blocks = await chainBlocks();
    // Block 11 with a wrong state root: its header is well formed, its execution does not match.
    const bad = RLP.decode(blocks[10]!) as unknown as Uint8Array[][];
    bad[0]![3] = new Uint8Array(32).fill(0xab);
    const file = join(dir, 'bad.rlp');
    await writeFile(file, Buffer.concat([...blocks.slice(0, 10), RLP.encode(bad as never), ...blocks.slice(11)]));
    const imp = await basalt(['import', file, '--data-dir', dir]);
    expect(imp.code).toBe(1);
    expect(imp.stderr).toContain('import stopped at block 11');
    expect(imp.stderr).toMatch(/state root/i);
    expect(imp.stderr).toContain('10 blocks imported before it are kept');
    const out = join(dir, 'kept.rlp');
    expect((await basalt(['export', out, '--data-dir', dir])).stdout).toContain('exported 10 blocks');

    const truncated = join(dir, 'truncated.rlp');
    await writeFile(truncated, Buffer.concat([...blocks.slice(0, 12), blocks[12]!.subarray(0, 100)]));
    const t = await basalt(['import', truncated, '--data-dir', dir]);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('truncated item at the end of the file');
  });

  it('refuses to import into a data dir that was not initialised', async () => {
    const dir = await tempDir();
    const imp = await basalt(['import', join(DATA, 'chain.rlp'), '--data-dir', dir]);
    expect(imp.code).toBe(1);
    expect(imp.stderr).toContain('run `basalt init --genesis FILE');
  });
});

describe('node / import progress', () => {
  function sink(isTTY: boolean) {
    const lines: string[] = [];
    return { lines, stream: { isTTY, write: (s: string) => lines.push(s) > 0 } };
  }

  it('rewrites one line in place on a terminal, with blocks, txs, Mgas/s and time left', () => {
    let t = 0;
    const { lines, stream } = sink(true);
    const p = new ImportProgress({ stream, total: 4, now: () => t });
    for (let i = 1; i <= 3; i++) {
      t += 1000;
      p.block(BigInt(i), 2, 5_000_000n);
    }
    expect(lines.length).toBe(3);
    expect(lines[2]).toBe('\r\x1b[2Kimporting blocks 3/4, head #3, txs 6, 5.00 Mgas/s, elapsed 3s, eta 1s');
    p.print(true);
    expect(lines[3]!.endsWith('\n')).toBe(true);
  });

  it('writes plain lines at an interval when not on a terminal', () => {
    let t = 0;
    const { lines, stream } = sink(false);
    const p = new ImportProgress({ stream, logIntervalMs: 5000, now: () => t });
    for (let i = 1; i <= 10; i++) {
      t += 1000;
      p.block(BigInt(i), 1, 1_000_000n);
    }
    expect(lines).toEqual([
      'importing blocks 5, head #5, txs 5, 1.00 Mgas/s, elapsed 5s\n',
      'importing blocks 10, head #10, txs 10, 1.00 Mgas/s, elapsed 10s\n',
    ]);
  });
});

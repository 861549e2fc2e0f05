// `basalt keys new` and `basalt start --validator-key`, as real processes: the key file is a geth
// keystore that ethers decrypts, the command prints the address only, and a sealing node's whole
// output (debug logs included) never shows the private key.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cliqueGenesis, devGenesis } from '@basalt/chain';
import { decryptKeystoreJson } from 'ethers';
import { cliPath, repoRoot, rpc, spawnNode } from './helpers/spawnNode.ts';

const run = promisify(execFile);
let dir = '';
let passwordFile = '';

/** Runs `basalt <args>`; resolves with the exit code and output (never rejects). */
async function basalt(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], { cwd: repoRoot, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function until(cond: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Runs `basalt <args>` on a real pseudo-terminal (util-linux `script`), answering each prompt in
 * `answers` (by its text) with the given keys once it appears; resolves with exit code and output.
 */
async function onTerminal(
  args: string[],
  answers: [prompt: string, keys: string][],
  until: (out: string) => boolean = () => false,
): Promise<{ code: number | null; out: string }> {
  const command = [process.execPath, cliPath, ...args].map((a) => `'${a}'`).join(' ');
  const proc = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let next = 0;
  const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
  proc.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    const answer = answers[next];
    if (
      answer !== undefined &&
      out.split(answer[0]).length - 1 > answers.slice(0, next).filter((a) => a[0] === answer[0]).length
    ) {
      next++;
      proc.stdin!.write(answer[1]);
    }
    if (until(out)) proc.kill('SIGTERM');
  });
  const code = await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
  clearTimeout(timer);
  return { code, out };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'basalt-keys-'));
  passwordFile = join(dir, 'password');
  await writeFile(passwordFile, 'correct horse battery staple\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('node / keys new and start --validator-key', () => {
  it('keys new writes a geth keystore (mode 0600) that ethers decrypts, prints only the address, never overwrites', async () => {
    const out = join(dir, 'k1.json');
    const made = await basalt(['keys', 'new', '--out', out, '--password-file', passwordFile, '--light']);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^0x[0-9a-fA-F]{40}\n$/);
    const address = made.stdout.trim();
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const json = await readFile(out, 'utf8');
    const parsed = JSON.parse(json) as { version: number; address: string; Crypto: { kdf: string } };
    expect(parsed.version).toBe(3);
    expect(parsed.Crypto.kdf).toBe('scrypt');
    expect(`0x${parsed.address}`).toBe(address.toLowerCase());
    const account = await decryptKeystoreJson(json, 'correct horse battery staple');
    expect(account.address).toBe(address);
    expect(made.stdout + made.stderr).not.toContain(account.privateKey.slice(2));

    const again = await basalt(['keys', 'new', '--out', out, '--password-file', passwordFile, '--light']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists \(not overwritten\)/);
  });

  it('on a terminal, keys new asks twice without echo, and start asks once', async () => {
    const keyFile = join(dir, 'tty.json');
    const made = await onTerminal(
      ['keys', 'new', '--out', keyFile, '--light'],
      [
        ['Passphrase: ', 'typed secret\r'],
        ['Repeat passphrase: ', 'typed secret\r'],
      ],
    );
    expect(made.code).toBe(0);
    expect(made.out).not.toContain('typed secret');
    const address = /0x[0-9a-fA-F]{40}/.exec(made.out)?.[0];
    const account = await decryptKeystoreJson(await readFile(keyFile, 'utf8'), 'typed secret');
    expect(account.address).toBe(address);

    const mismatch = await onTerminal(
      ['keys', 'new', '--out', join(dir, 'tty2.json'), '--light'],
      [
        ['Passphrase: ', 'one\r'],
        ['Repeat passphrase: ', 'two\r'],
      ],
    );
    expect(mismatch.code).toBe(1);
    expect(mismatch.out).toMatch(/the passphrases do not match/);

    const genesisFile = join(dir, 'tty-genesis.json');
    await writeFile(genesisFile, JSON.stringify(cliqueGenesis({ signers: [address!], accounts: [], period: 1 })));
    const started = await onTerminal(
      [
        'start',
        '--data-dir',
        join(dir, 'tty-node'),
        '--genesis',
        genesisFile,
        '--validator-key',
        keyFile,
        '--p2p-port',
        '0',
        '--rpc-port',
        '0',
      ],
      [['Passphrase: ', 'typed secret\r']],
      (out) => /sealed block/.test(out),
    );
    expect(started.out).toMatch(new RegExp(`Validator:\\s+${address!.toLowerCase()}`));
    expect(started.out).toMatch(/sealed block/);
    expect(started.out).not.toContain('typed secret');
    expect(started.out.toLowerCase()).not.toContain(account.privateKey.slice(2).toLowerCase());
  }, 60_000);

  it('keys new without a terminal or --password-file refuses, naming the flag', async () => {
    const res = await basalt(['keys', 'new', '--out', join(dir, 'k2.json'), '--light']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/--password-file/);
  });

  it('start --validator-key seals a Clique chain, serves clique_, and no output shows the key', async () => {
    const keyFile = join(dir, 'v.json');
    const made = await basalt(['keys', 'new', '--out', keyFile, '--password-file', passwordFile, '--light']);
    const address = made.stdout.trim().toLowerCase();
    const { privateKey } = await decryptKeystoreJson(await readFile(keyFile, 'utf8'), 'correct horse battery staple');
    const genesisFile = join(dir, 'clique.json');
    await writeFile(genesisFile, JSON.stringify(cliqueGenesis({ signers: [address], accounts: [], period: 1 })));

    // A wrong passphrase: a one-line refusal, nothing started.
    const wrong = join(dir, 'wrong');
    await writeFile(wrong, 'nope\n');
    const refused = await basalt([
      'start',
      '--data-dir',
      join(dir, 'refused'),
      '--genesis',
      genesisFile,
      '--validator-key',
      keyFile,
      '--password-file',
      wrong,
      '--p2p-port',
      '0',
      '--rpc-port',
      '0',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/wrong passphrase or damaged file/);

    const node = await spawnNode(
      [
        '--data-dir',
        join(dir, 'sealer'),
        '--genesis',
        genesisFile,
        '--validator-key',
        keyFile,
        '--password-file',
        passwordFile,
        '--p2p-port',
        '0',
        '--log-level',
        'debug',
      ],
      { command: ['start', '--rpc-port', '0'], timeoutMs: 30_000 },
    );
    try {
      expect(node.output()).toMatch(/^Engine:\s+clique$/m);
      expect(node.output()).toMatch(new RegExp(`^Validator:\\s+${address}$`, 'm'));
      await until(async () => Number(await rpc<string>(node.url, 'eth_blockNumber')) >= 2, 10_000, 'two sealed blocks');
      expect(await rpc(node.url, 'clique_getSigners', ['latest'])).toEqual([address]);
      const status = await rpc<{ sealerActivity: Record<string, number> }>(node.url, 'clique_status');
      expect(status.sealerActivity[address]).toBeGreaterThanOrEqual(2);
    } finally {
      await node.stop();
    }
    const output = node.output();
    expect(output).toMatch(/sealed block/);
    expect(output.toLowerCase()).not.toContain(privateKey.slice(2).toLowerCase());
    expect(output).not.toContain('correct horse');
  }, 60_000);

  it('start --validator-key on a chain without Clique is refused', async () => {
    const keyFile = join(dir, 'k1.json');
    const genesisFile = join(dir, 'dev.json');
    await writeFile(genesisFile, JSON.stringify(devGenesis({ accounts: [] })));
    const res = await basalt([
      'start',
      '--data-dir',
      join(dir, 'dev'),
      '--genesis',
      genesisFile,
      '--validator-key',
      keyFile,
      '--password-file',
      passwordFile,
      '--p2p-port',
      '0',
      '--rpc-port',
      '0',
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/needs a Clique genesis/);
  });
});

// docs/network.md "Several machines", run as written on 127.0.0.1: three directories play the
// three validator machines; `basalt` on PATH is the built CLI. The test's only changes: 0.0.0.0
// becomes 127.0.0.1, ports 30303 and 8545 become 0 (any free port; the bootnode address gets A's),
// and $A_IP, $A_PEER_ID and the addresses come from the environment. Every process is stopped.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cliPath, repoRoot, rpc } from './helpers/spawnNode.ts';

const run = promisify(execFile);
let root = '';
let env: NodeJS.ProcessEnv = {};
const procs: ChildProcess[] = [];

/** The ```sh blocks of a section, continuation lines joined, comments dropped: one command per line. */
function sectionCommands(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = markdown.indexOf('\n## ', start + 4);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map(([, body]) =>
    body!
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
}

const local = (cmd: string) =>
  cmd
    .replaceAll('0.0.0.0', '127.0.0.1')
    .replaceAll('--p2p-port 30303', '--p2p-port 0')
    .replaceAll('--rpc-port 8545', '--rpc-port 0');

async function sh(script: string, cwd: string, extra: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run('sh', ['-c', script], { cwd, env: { ...env, ...extra }, timeout: 30_000 });
  return stdout;
}

/** Starts a long-running command (`exec`ed, so the pid is the node's) and waits for `Listening on`. */
async function startNode(cmd: string, cwd: string, extra: Record<string, string> = {}) {
  const proc = spawn('sh', ['-c', `exec ${cmd}`], {
    cwd,
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(proc);
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  proc.stderr!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no Listening line:\n${out}`)), 30_000);
    const check = () => {
      if (/Listening on/.test(out)) {
        clearTimeout(timer);
        res();
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`exited ${code}:\n${out}`));
    });
  });
  const value = (label: string) => new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '';
  return {
    url: value('RPC'),
    peerId: value('Peer id'),
    p2pPort: /\/tcp\/(\d+)\//.exec(value('P2P'))?.[1] ?? '',
    output: () => out,
  };
}

async function until(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'basalt-netdocs-'));
  const bin = join(root, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'basalt'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  await chmod(join(bin, 'basalt'), 0o755);
  env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
  for (const m of ['A', 'B', 'C']) await mkdir(join(root, m));
});

afterAll(async () => {
  for (const p of procs) {
    if (p.exitCode !== null || p.signalCode !== null) continue;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  }
  await rm(root, { recursive: true, force: true });
});

describe('docs/network.md: several machines, on 127.0.0.1', () => {
  it('keys, genesis, a first validator and two more with it as bootnode: all three seal one chain', async () => {
    const markdown = await readFile(join(repoRoot, 'docs/network.md'), 'utf8');
    const steps = sectionCommands(markdown, 'Several machines');
    expect(steps).toHaveLength(5);
    const [keys, genesis, first, others, check] = steps as [string[], string[], string[], string[], string[]];
    expect(first).toHaveLength(1);
    expect(others).toHaveLength(1);

    // 1. A key on each machine.
    const address: Record<string, string> = {};
    for (const m of ['A', 'B', 'C']) {
      const out = await sh(keys.join('\n'), join(root, m));
      address[m] = out.trim().split('\n').at(-1) ?? '';
      expect(address[m]).toMatch(/^0x[0-9a-fA-F]{40}$/);
    }
    // 2. The genesis on A, copied to B and C.
    const addrs = { A_ADDRESS: address.A!, B_ADDRESS: address.B!, C_ADDRESS: address.C! };
    await sh(genesis.join('\n'), join(root, 'A'), addrs);
    for (const m of ['B', 'C']) await copyFile(join(root, 'A', 'genesis.json'), join(root, m, 'genesis.json'));
    // 3. A; 4. B and C with A as bootnode.
    const a = await startNode(local(first[0]!), join(root, 'A'));
    const withA = { A_IP: '127.0.0.1', A_PEER_ID: a.peerId };
    const bootCmd = local(others[0]!).replace('/tcp/30303/', `/tcp/${a.p2pPort}/`);
    const [b, c] = await Promise.all(['B', 'C'].map((m) => startNode(bootCmd, join(root, m), withA)));
    const nodes = [a, b!, c!];
    // 5. clique_status (the curl of the docs, against A's port): every validator has sealed.
    const curl = check[0]!.replace('http://127.0.0.1:8545', a.url);
    const signers = Object.values(addrs).map((x) => x.toLowerCase());
    await until(
      async () => {
        const status = JSON.parse(await sh(curl, root)) as { result: { sealerActivity: Record<string, number> } };
        return signers.every((s) => (status.result.sealerActivity[s] ?? 0) >= 1);
      },
      30_000,
      'a block sealed by each validator',
    );
    // One chain: the lowest head is the same block on every node.
    await until(
      async () => {
        const heads = await Promise.all(
          nodes.map((n) => rpc<{ number: string }>(n.url, 'eth_getBlockByNumber', ['latest', false])),
        );
        const low = heads.map((h) => h.number).sort((x, y) => Number(x) - Number(y))[0]!;
        const at = await Promise.all(
          nodes.map((n) => rpc<{ hash: string }>(n.url, 'eth_getBlockByNumber', [low, false])),
        );
        return at.every((h) => h.hash === at[0]!.hash);
      },
      10_000,
      'one chain',
    );
    expect(await rpc(a.url, 'eth_chainId')).toBe('0x1092');
    expect(BigInt(await rpc<string>(c!.url, 'eth_getBalance', [address.A, 'latest']))).toBe(10_000n * 10n ** 18n);
    for (const n of nodes) expect(n.output()).toMatch(/^Validator:\s+0x/m);
  }, 60_000);
});

// Foundry's own tools, from npm, against a running `basalt dev`: `forge create` compiles offline
// through contracts/bin/solc (solc-js) and deploys; `cast` deploys precompiled bytecode, sends and reads.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BasaltToken } from '@basalt/contracts';
import { DEV_KEYS, repoRoot, type SpawnedNode, spawnNode } from './helpers/spawnNode.ts';

const run = promisify(execFile);
const forge = join(repoRoot, 'node_modules/@foundry-rs/forge-linux-amd64/bin/forge');
const cast = join(repoRoot, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast');
const contractsDir = join(repoRoot, 'contracts');
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const env = { ...process.env, FOUNDRY_DISABLE_NIGHTLY_WARNING: '1', NO_COLOR: '1' };

let node: SpawnedNode;
beforeAll(async () => {
  node = await spawnNode(['--silent']);
});
afterAll(async () => {
  await node?.stop();
});

async function castRun(...args: string[]): Promise<string> {
  const { stdout } = await run(cast, args, { env, timeout: 60_000 });
  return stdout.trim();
}

describe('node / foundry', () => {
  it('cast: chain id, deploy with --create, send, call', async () => {
    expect(await castRun('chain-id', '--rpc-url', node.url)).toBe('31337');
    const args = (
      await castRun(
        'abi-encode',
        'f(string,string,uint256,uint256,address)',
        'Cast',
        'CST',
        '1000000',
        '1000',
        '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      )
    ).slice(2);
    const deployed = JSON.parse(
      await castRun(
        'send',
        '--json',
        '--rpc-url',
        node.url,
        '--private-key',
        DEV_KEYS[0],
        '--create',
        `${BasaltToken.bytecode}${args}`,
      ),
    );
    expect(deployed.status).toBe('0x1');
    const token = deployed.contractAddress as string;
    const sent = JSON.parse(
      await castRun(
        'send',
        '--json',
        '--rpc-url',
        node.url,
        '--private-key',
        DEV_KEYS[0],
        token,
        'transfer(address,uint256)',
        BOB,
        '42',
      ),
    );
    expect(sent.status).toBe('0x1');
    expect(await castRun('call', '--rpc-url', node.url, token, 'balanceOf(address)(uint256)', BOB)).toBe('42');
    expect(await castRun('balance', '--rpc-url', node.url, BOB)).toMatch(/^\d+$/);
    expect(Number(await castRun('block-number', '--rpc-url', node.url))).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('forge create: compiles offline with solc-js and deploys', async () => {
    const { stdout } = await run(
      forge,
      [
        'create',
        'src/Counter.sol:Counter',
        '--root',
        contractsDir,
        '--use',
        join(contractsDir, 'bin/solc'),
        '--offline',
        '--rpc-url',
        node.url,
        '--private-key',
        DEV_KEYS[1],
        '--broadcast',
      ],
      { cwd: contractsDir, env, timeout: 120_000 },
    );
    const m = /Deployed to: (0x[0-9a-fA-F]{40})/.exec(stdout);
    expect(m).not.toBeNull();
    const code = await castRun('code', '--rpc-url', node.url, m![1]!);
    expect(code.length).toBeGreaterThan(100);
    expect(await castRun('call', '--rpc-url', node.url, m![1]!, 'number()(uint256)')).toBe('0');
  }, 180_000);
});

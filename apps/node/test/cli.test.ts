// `basalt dev` as a user runs it: a real process, its banner, clean shutdown on SIGTERM and SIGINT.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cliPath, rpc, type SpawnedNode, spawnNode } from './helpers/spawnNode.ts';

const started: SpawnedNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.kill()));
});

describe('node / basalt dev', () => {
  it('prints the help of every command, bigint defaults included', () => {
    const help = (args: string[]) => execFileSync(process.execPath, [cliPath, ...args, '--help'], { encoding: 'utf8' });
    expect(help([])).toContain('Usage: basalt');
    for (const cmd of ['dev', 'init', 'import', 'export', 'start', 'keys', 'devnet', 'genesis']) {
      expect(help([cmd])).toContain(`Usage: basalt ${cmd}`);
    }
    expect(help(['dev'])).toMatch(/--balance <eth>\s+balance of each dev account, in ether \(default:\s+10000\)/);
    expect(help(['genesis', 'clique'])).toMatch(/\(default:\s+30000000\)/);
  });

  it('prints the dev accounts and keys, listens on 127.0.0.1, and answers eth_chainId', async () => {
    const node = await spawnNode([]);
    started.push(node);
    const out = node.output();
    expect(out).toContain('(0) 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 (10000.0 ETH)');
    expect(out).toContain('(0) 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
    expect(out).toContain('(9) 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720');
    expect(out).toMatch(/Listening on 127\.0\.0\.1:\d+/);
    expect(await rpc(node.url, 'eth_chainId')).toBe('0x7a69');
    expect(await rpc(node.url, 'eth_blockNumber')).toBe('0x0');
    expect(await rpc<string[]>(node.url, 'eth_accounts')).toHaveLength(10);
    expect(await rpc(node.url, 'eth_getBalance', ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', 'latest'])).toBe(
      '0x21e19e0c9bab2400000',
    );
  });

  it('takes Anvil-named flags: chain id, accounts, balance, gas limit, base fee', async () => {
    const node = await spawnNode([
      '--chain-id',
      '1337',
      '--accounts',
      '2',
      '--balance',
      '5',
      '--gas-limit',
      '12000000',
      '--base-fee',
      '7',
    ]);
    started.push(node);
    expect(await rpc(node.url, 'eth_chainId')).toBe('0x539');
    expect(await rpc<string[]>(node.url, 'eth_accounts')).toHaveLength(2);
    expect(await rpc(node.url, 'eth_getBalance', ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 'latest'])).toBe(
      '0x4563918244f40000',
    );
    const block = await rpc<{ gasLimit: string; baseFeePerGas: string }>(node.url, 'eth_getBlockByNumber', [
      '0x0',
      false,
    ]);
    expect(block.gasLimit).toBe('0xb71b00');
    expect(block.baseFeePerGas).toBe('0x7');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('stops cleanly on %s (exit code 0)', async (signal) => {
    const node = await spawnNode(['--silent']);
    started.push(node);
    const exited = new Promise<number | null>((res) => node.proc.once('exit', (code) => res(code)));
    node.proc.kill(signal);
    expect(await exited).toBe(0);
  });

  it('rejects a bad flag with a clear message and exit code 1', async () => {
    await expect(spawnNode(['--port', 'nope'])).rejects.toThrow(/port must be an integer/);
  });
});

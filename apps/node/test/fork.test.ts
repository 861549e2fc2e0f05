// `basalt dev --fork-url`: a source devnet (a real `basalt dev` process) holds a deployed
// BasaltToken; forks of it (real processes too) read balances, code, storage and nonces from it at
// the fork block, take transactions that change only the fork, pin older blocks with
// --fork-block-number, and report a source that went away as an error, never as a zero.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BasaltToken } from '@basalt/contracts';
import { Contract, ContractFactory, JsonRpcProvider, parseEther, Wallet } from 'ethers';
import { DEV_KEYS, rpc, type SpawnedNode, spawnNode } from './helpers/spawnNode.ts';

const ALICE = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const CAROL = '0x00000000000000000000000000000000000ca201';
const DAVE = '0x00000000000000000000000000000000000da7e0';
const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';

const providers: JsonRpcProvider[] = [];
function provider(url: string): JsonRpcProvider {
  const p = new JsonRpcProvider(url, undefined, {
    staticNetwork: true,
    polling: true,
    pollingInterval: 50,
    cacheTimeout: -1,
  });
  providers.push(p);
  return p;
}

const nodes: SpawnedNode[] = [];
let source: SpawnedNode;
let fork: SpawnedNode;
let tokenAddress: string;
/** The source's block after the first transfer to Bob (100 tokens); the second (50 more) comes after it. */
let pinned: number;
let head: number;

async function spawn(args: string[]): Promise<SpawnedNode> {
  const node = await spawnNode(args);
  nodes.push(node);
  return node;
}

beforeAll(async () => {
  source = await spawn(['--silent']);
  const wallet = new Wallet(DEV_KEYS[0], provider(source.url));
  const factory = new ContractFactory(BasaltToken.abi, BasaltToken.bytecode, wallet);
  const token = (await factory.deploy('Basalt', 'BSLT', parseEther('1000000'), parseEther('1000'), ALICE)) as Contract;
  await token.waitForDeployment();
  tokenAddress = await token.getAddress();
  await (await token.getFunction('transfer')(BOB, parseEther('100'))).wait();
  await (await wallet.sendTransaction({ to: CAROL, value: parseEther('1.5') })).wait();
  pinned = Number(await rpc<string>(source.url, 'eth_blockNumber'));
  await (await token.getFunction('transfer')(BOB, parseEther('50'))).wait();
  head = Number(await rpc<string>(source.url, 'eth_blockNumber'));
  fork = await spawn(['--fork-url', source.url]);
}, 60_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  for (const n of nodes.reverse()) await n.stop();
});

const balanceOf = (url: string, who: string) =>
  new Contract(tokenAddress, BasaltToken.abi, provider(url)).getFunction('balanceOf')(who) as Promise<bigint>;

describe('node / fork', () => {
  it('starts at the source head with its chain id, and prints the fork in the banner', async () => {
    expect(await rpc(fork.url, 'eth_chainId')).toBe(await rpc(source.url, 'eth_chainId'));
    expect(Number(await rpc<string>(fork.url, 'eth_blockNumber'))).toBe(head);
    const srcHead = await rpc<{ timestamp: string; gasLimit: string; hash: string }>(
      source.url,
      'eth_getBlockByNumber',
      [`0x${head.toString(16)}`, false],
    );
    const forkHead = await rpc<{ number: string; timestamp: string; gasLimit: string; parentHash: string }>(
      fork.url,
      'eth_getBlockByNumber',
      ['latest', false],
    );
    expect(Number(forkHead.number)).toBe(head);
    expect(forkHead.timestamp).toBe(srcHead.timestamp);
    expect(forkHead.gasLimit).toBe(srcHead.gasLimit);
    expect(fork.output()).toContain(`Endpoint:       ${source.url}`);
    expect(fork.output()).toContain(`Block number:   ${head}`);
    expect(fork.output()).toContain(`Block hash:     ${srcHead.hash}`);
  });

  it('reads balances, code, storage and nonces of the source at the fork block', async () => {
    expect(await balanceOf(fork.url, BOB)).toBe(parseEther('150'));
    expect(await balanceOf(fork.url, ALICE)).toBe(parseEther('850'));
    expect(await rpc(fork.url, 'eth_getCode', [tokenAddress, 'latest'])).toBe(
      await rpc(source.url, 'eth_getCode', [tokenAddress, 'latest']),
    );
    let nonZero = 0;
    for (let slot = 0; slot < 10; slot++) {
      const key = `0x${slot.toString(16)}`;
      const value = await rpc<string>(fork.url, 'eth_getStorageAt', [tokenAddress, key, 'latest']);
      expect(value).toBe(await rpc(source.url, 'eth_getStorageAt', [tokenAddress, key, 'latest']));
      if (BigInt(value) !== 0n) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(0);
    expect(await rpc(fork.url, 'eth_getBalance', [CAROL, 'latest'])).toBe('0x14d1120d7b160000'); // 1.5 ether
    expect(await rpc(fork.url, 'eth_getBalance', [DAVE, 'latest'])).toBe('0x0');
    // Dev accounts keep the source's nonce and get the dev balance, as with Anvil.
    expect(await rpc(fork.url, 'eth_getTransactionCount', [ALICE, 'latest'])).toBe(
      await rpc(source.url, 'eth_getTransactionCount', [ALICE, 'latest']),
    );
    expect(await rpc(fork.url, 'eth_getBalance', [ALICE, 'latest'])).toBe('0x21e19e0c9bab2400000'); // 10 000 ether
  });

  it('a token transfer on the fork changes the fork only', async () => {
    const srcBlock = await rpc(source.url, 'eth_blockNumber');
    const token = new Contract(tokenAddress, BasaltToken.abi, new Wallet(DEV_KEYS[1], provider(fork.url)));
    const receipt = await (await token.getFunction('transfer')(DAVE, parseEther('10'))).wait();
    expect(receipt?.status).toBe(1);
    expect(receipt?.blockNumber).toBe(head + 1);
    const block = await rpc<{ parentHash: string }>(fork.url, 'eth_getBlockByNumber', [
      `0x${(head + 1).toString(16)}`,
      false,
    ]);
    const forkGenesis = await rpc<{ hash: string }>(fork.url, 'eth_getBlockByNumber', [
      `0x${head.toString(16)}`,
      false,
    ]);
    expect(block.parentHash).toBe(forkGenesis.hash);

    expect(await balanceOf(fork.url, DAVE)).toBe(parseEther('10'));
    expect(await balanceOf(fork.url, BOB)).toBe(parseEther('140'));
    expect(await rpc(fork.url, 'eth_getTransactionCount', [BOB, 'latest'])).toBe('0x1');
    // The fork block itself still reads the source's state.
    expect(
      await new Contract(tokenAddress, BasaltToken.abi, provider(fork.url)).getFunction('balanceOf')(BOB, {
        blockTag: head,
      }),
    ).toBe(parseEther('150'));

    expect(await balanceOf(source.url, DAVE)).toBe(0n);
    expect(await balanceOf(source.url, BOB)).toBe(parseEther('150'));
    expect(await rpc(source.url, 'eth_getTransactionCount', [BOB, 'latest'])).toBe('0x0');
    expect(await rpc(source.url, 'eth_blockNumber')).toBe(srcBlock);
  });

  it('hardhat_reset/anvil_reset with its own forking params go back to the fork block; another block is refused', async () => {
    // Test suites reset to the fork before each test, naming the URL and block they forked.
    const wallet = new Wallet(DEV_KEYS[2], provider(fork.url));
    await (await wallet.sendTransaction({ to: DAVE, value: 7n })).wait();
    expect(Number(await rpc(fork.url, 'eth_blockNumber'))).toBeGreaterThan(head);
    expect(
      await rpc(fork.url, 'hardhat_reset', [{ forking: { jsonRpcUrl: `${source.url}/`, blockNumber: head } }]),
    ).toBe(true);
    expect(Number(await rpc(fork.url, 'eth_blockNumber'))).toBe(head);
    expect(await rpc(fork.url, 'eth_getBalance', [DAVE, 'latest'])).toBe('0x0');
    expect(await balanceOf(fork.url, BOB)).toBe(parseEther('150'));
    expect(await rpc(fork.url, 'anvil_reset', [{ forking: { jsonRpcUrl: source.url } }])).toBe(null);
    // Forking another block needs a restart; nothing changed.
    await expect(
      rpc(fork.url, 'anvil_reset', [{ forking: { jsonRpcUrl: source.url, blockNumber: pinned } }]),
    ).rejects.toThrow(/restart with --fork-url and --fork-block-number/);
    await expect(rpc(fork.url, 'anvil_reset', [{ forking: 'yes' }])).rejects.toThrow(/forking takes an object/);
    expect(Number(await rpc(fork.url, 'eth_blockNumber'))).toBe(head);
    // A node that is not a fork refuses forking params.
    await expect(rpc(source.url, 'hardhat_reset', [{ forking: { jsonRpcUrl: source.url } }])).rejects.toThrow(
      /forking is not enabled/,
    );
  });

  // Before the test that stops the source; the source moves on here.
  it('--fork-url with --data-dir: restarted, the fork keeps its blocks at the same fork block, and needs --fork-url', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'basalt-fork-'));
    try {
      const first = await spawn(['--fork-url', source.url, '--data-dir', dir]);
      const forkBlock = Number(await rpc<string>(first.url, 'eth_blockNumber'));
      expect(forkBlock).toBe(Number(await rpc<string>(source.url, 'eth_blockNumber')));
      await (await new Wallet(DEV_KEYS[2], provider(first.url)).sendTransaction({ to: DAVE, value: 5n })).wait();
      expect(await balanceOf(first.url, BOB)).toBe(parseEther('150'));
      expect(await first.stop()).toBe(0);

      // The source's latest moves on; the restarted fork stays on its own fork block.
      await (await new Wallet(DEV_KEYS[1], provider(source.url)).sendTransaction({ to: CAROL, value: 1n })).wait();
      const second = await spawn(['--fork-url', source.url, '--data-dir', dir]);
      expect(Number(await rpc<string>(second.url, 'eth_blockNumber'))).toBe(forkBlock + 1);
      expect(await rpc(second.url, 'eth_getBalance', [DAVE, 'latest'])).toBe('0x5');
      expect(await rpc(second.url, 'eth_getBalance', [CAROL, 'latest'])).toBe('0x14d1120d7b160000');
      expect(await balanceOf(second.url, BOB)).toBe(parseEther('150'));
      expect(await rpc(second.url, 'eth_getBalance', [CAROL, 'latest'])).not.toBe(
        await rpc(source.url, 'eth_getBalance', [CAROL, 'latest']),
      );
      expect(await second.stop()).toBe(0);

      await expect(spawnNode(['--data-dir', dir])).rejects.toThrow(/holds a fork of another chain at block/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--fork-block-number pins an earlier block; a source that went away is an error, not a zero', async () => {
    const pinnedFork = await spawn([
      '--silent',
      '--fork-url',
      source.url,
      '--fork-block-number',
      String(pinned),
      '--fork-retries',
      '0',
    ]);
    expect(Number(await rpc<string>(pinnedFork.url, 'eth_blockNumber'))).toBe(pinned);
    expect(await balanceOf(pinnedFork.url, BOB)).toBe(parseEther('100'));
    expect(await balanceOf(pinnedFork.url, ALICE)).toBe(parseEther('900'));

    await source.stop();
    // Already fetched: still served.
    expect(await balanceOf(pinnedFork.url, BOB)).toBe(parseEther('100'));
    // Never fetched (the Multicall3 predeploy's code): a -32000 error naming what and from where.
    await expect(rpc(pinnedFork.url, 'eth_getCode', [MULTICALL3, 'latest'])).rejects.toThrow(
      new RegExp(
        `-32000 fork: could not fetch the (account|code of) ${MULTICALL3} from http://127\\.0\\.0\\.1:${source.port} at block ${pinned}: .*ECONNREFUSED`,
        'i',
      ),
    );
  });

  it('refuses a fork block beyond the source head, and fork flags without --fork-url', async () => {
    const other = await spawn(['--silent']);
    await expect(spawnNode(['--fork-url', other.url, '--fork-block-number', '99'])).rejects.toThrow(
      /--fork-block-number 99 is ahead of the source's latest block 0/,
    );
    await expect(spawnNode(['--fork-block-number', '1'])).rejects.toThrow(/--fork-block-number needs --fork-url/);
    // A source that does not answer (the one the test before stopped): exit 1 with the reason, after
    // the retries (their backoff once let the process end with 0 and nothing printed).
    await expect(spawnNode(['--fork-url', source.url, '--fork-retries', '1'])).rejects.toThrow(
      /exited with 1 before listening:[\s\S]*eth_chainId at http:\/\/127\.0\.0\.1:\d+ failed: ECONNREFUSED/,
    );
  });
});

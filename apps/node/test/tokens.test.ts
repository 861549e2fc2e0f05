// The dev genesis predeploys Multicall3 (viem's `multicall` works unchanged, on every --hardfork), and
// `basalt dev --deploy-tokens` deploys the example token set through the node's own RPC and miner before it
// says `Listening`, prints the addresses, and finds the set again after a restart on the same --data-dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  BasaltMultiToken,
  BasaltNFT,
  BasaltToken,
  BasaltVestingWallet,
  MULTICALL3_ADDRESS,
  Multicall3,
  predeploys,
  SoulboundToken,
  TokenFactory,
} from '@basalt/contracts';
import { createPublicClient, defineChain, getAddress, http, parseEther, zeroAddress } from 'viem';
import { type SpawnedNode, spawnNode } from './helpers/spawnNode.ts';

const DEPLOYER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

const started: SpawnedNode[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(args: string[]): Promise<SpawnedNode> {
  const node = await spawnNode(args, { timeoutMs: 60_000 });
  started.push(node);
  return node;
}

/** A viem client for the devnet, as a dapp would configure it: viem's own chain definition has no multicall3. */
function client(url: string) {
  const chain = defineChain({
    id: 31337,
    name: 'Basalt Devnet',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
    contracts: { multicall3: { address: MULTICALL3_ADDRESS } },
  });
  return createPublicClient({ chain, transport: http(url) });
}

/** The `Deployed Tokens` banner section, as label -> address. */
function bannerAddresses(output: string): Record<string, string> {
  const section = output.slice(output.indexOf('Deployed Tokens'));
  const out: Record<string, string> = {};
  for (const m of section.matchAll(/^(.+?)\s+(0x[0-9a-fA-F]{40})$/gm)) out[m[1]!.trim()] = m[2]!;
  return out;
}

describe('node / predeploys', () => {
  it('has Multicall3 in the dev genesis, and viem multicall works unchanged', async () => {
    const node = await start(['--silent']);
    const c = client(node.url);
    expect(await c.getCode({ address: MULTICALL3_ADDRESS, blockNumber: 0n })).toBe(
      predeploys.Multicall3.deployedBytecode,
    );
    const [balance, chainId, blockNumber, failed] = await c.multicall({
      contracts: [
        { address: MULTICALL3_ADDRESS, abi: Multicall3.abi, functionName: 'getEthBalance', args: [BOB] },
        { address: MULTICALL3_ADDRESS, abi: Multicall3.abi, functionName: 'getChainId' },
        { address: MULTICALL3_ADDRESS, abi: Multicall3.abi, functionName: 'getBlockNumber' },
        // A call that reverts: allowFailure (the default) reports it instead of throwing.
        { address: zeroAddress, abi: BasaltToken.abi, functionName: 'totalSupply' },
      ],
    });
    expect(balance).toEqual({ status: 'success', result: parseEther('10000') });
    expect(chainId).toEqual({ status: 'success', result: 31337n });
    expect(blockNumber).toEqual({ status: 'success', result: 0n });
    expect(failed!.status).toBe('failure');
  });

  it('runs on the oldest --hardfork too (the predeploy is compiled for london, without PUSH0 or MCOPY)', async () => {
    const node = await start(['--silent', '--hardfork', 'istanbul']);
    const results = await client(node.url).multicall({
      allowFailure: false,
      contracts: [
        { address: MULTICALL3_ADDRESS, abi: Multicall3.abi, functionName: 'getEthBalance', args: [DEPLOYER] },
        { address: MULTICALL3_ADDRESS, abi: Multicall3.abi, functionName: 'getChainId' },
      ],
    });
    expect(results).toEqual([parseEther('10000'), 31337n]);
  });
});

describe('node / basalt dev --deploy-tokens', () => {
  it('deploys the token set before listening and prints every address', async () => {
    const node = await start(['--deploy-tokens']);
    const a = bannerAddresses(node.output());
    expect(Object.keys(a)).toEqual([
      'BasaltToken (ERC-20, BSLT)',
      'BasaltNFT (ERC-721, BART)',
      'BasaltMultiToken (ERC-1155, BITM)',
      'BasaltVestingWallet',
      'SoulboundToken (ERC-5192, BADGE)',
      'FeeOnTransferToken (BTAX)',
      'TokenFactory',
      'Factory ERC-20 (FACT, salt basalt)',
      'Multicall3 (predeployed)',
    ]);
    // A new chain always gets the same addresses: the deployer's nonces 0..6.
    expect(a['BasaltToken (ERC-20, BSLT)']).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3');
    expect(a.TokenFactory).toBe('0x0165878A594ca255338adfa4d48449f69242Eb8F');
    expect(a['Multicall3 (predeployed)']).toBe(MULTICALL3_ADDRESS);

    const token = getAddress(a['BasaltToken (ERC-20, BSLT)']!);
    const nft = getAddress(a['BasaltNFT (ERC-721, BART)']!);
    const multi = getAddress(a['BasaltMultiToken (ERC-1155, BITM)']!);
    const vesting = getAddress(a.BasaltVestingWallet!);
    const sbt = getAddress(a['SoulboundToken (ERC-5192, BADGE)']!);
    const factory = getAddress(a.TokenFactory!);
    const factoryToken = getAddress(a['Factory ERC-20 (FACT, salt basalt)']!);
    // Everything in one multicall, through the predeploy.
    const r = await client(node.url).multicall({
      allowFailure: false,
      contracts: [
        { address: token, abi: BasaltToken.abi, functionName: 'symbol' },
        { address: token, abi: BasaltToken.abi, functionName: 'balanceOf', args: [DEPLOYER] },
        { address: token, abi: BasaltToken.abi, functionName: 'balanceOf', args: [vesting] },
        { address: nft, abi: BasaltNFT.abi, functionName: 'ownerOf', args: [0n] },
        { address: nft, abi: BasaltNFT.abi, functionName: 'royaltyInfo', args: [0n, 10_000n] },
        { address: multi, abi: BasaltMultiToken.abi, functionName: 'totalSupply', args: [1n] },
        { address: vesting, abi: BasaltVestingWallet.abi, functionName: 'owner' },
        { address: sbt, abi: SoulboundToken.abi, functionName: 'locked', args: [0n] },
        { address: factory, abi: TokenFactory.abi, functionName: 'template', args: [5] },
        { address: factoryToken, abi: BasaltToken.abi, functionName: 'symbol' },
        { address: factoryToken, abi: BasaltToken.abi, functionName: 'balanceOf', args: [DEPLOYER] },
      ],
    });
    expect(r.slice(0, 8)).toEqual([
      'BSLT',
      parseEther('999000'),
      parseEther('1000'),
      DEPLOYER,
      [DEPLOYER, 500n],
      100n,
      DEPLOYER,
      true,
    ]);
    expect(r[8]).not.toBe(zeroAddress);
    expect(r.slice(9)).toEqual(['FACT', parseEther('1000')]);
    // 18 real transactions from account 0, in blocks.
    expect(await client(node.url).getTransactionCount({ address: DEPLOYER })).toBe(18);
  });

  it('mines the set itself under --no-mining, and reuses it after a restart on the same --data-dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'basalt-tokens-'));
    dirs.push(dir);
    const first = await start(['--deploy-tokens', '--no-mining', '--silent', '--data-dir', dir]);
    const before = bannerAddresses(first.output());
    const height = await client(first.url).getBlockNumber();
    expect(height).toBeGreaterThanOrEqual(3n);
    await first.stop();
    started.splice(started.indexOf(first), 1);

    const second = await start(['--deploy-tokens', '--silent', '--data-dir', dir]);
    expect(bannerAddresses(second.output())).toEqual(before);
    expect(second.output()).toMatch(/found from an earlier start/);
    expect(await client(second.url).getBlockNumber()).toBe(height);
    expect(await client(second.url).getTransactionCount({ address: DEPLOYER })).toBe(18);
  });

  it('refuses a hardfork the contracts cannot run on, with a one-line message', async () => {
    await expect(spawnNode(['--deploy-tokens', '--hardfork', 'shanghai'])).rejects.toThrow(
      /--deploy-tokens needs --hardfork cancun or later/,
    );
  });
});

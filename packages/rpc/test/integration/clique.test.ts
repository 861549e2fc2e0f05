// A Clique chain on Prague served over JSON-RPC: the clique_ methods, and the blocks as ethers,
// viem and Foundry's cast read them (difficulty 1/2, vote nonce, 97-byte extraData, zero mixHash).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type Chain,
  CliqueSigner,
  cliqueGenesis,
  createChain,
  createChainConfig,
  createCliqueEngine,
  createCliqueProducer,
} from '@basalt/chain';
import { createExecutor } from '@basalt/execution';
import { createStateStore, openDatabase } from '@basalt/state';
import { hexToBytes } from '@ethereumjs/util';
import { JsonRpcProvider } from 'ethers';
import { createPublicClient, http } from 'viem';
import { createCliqueModule, createRpcServer } from '../../src/index.ts';
import { DEV_ACCOUNTS } from '../helpers/devnet.ts';

const run = promisify(execFile);
const cast = join(import.meta.dirname, '../../../../node_modules/@foundry-rs/cast-linux-amd64/bin/cast');
const VALIDATOR = new CliqueSigner(hexToBytes(DEV_ACCOUNTS[0]!.privateKey as `0x${string}`));
const NEWCOMER = DEV_ACCOUNTS[1]!.address.toLowerCase();

async function until(what: string, cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('rpc / integration / clique', () => {
  const closers: (() => Promise<unknown>)[] = [];
  let url = '';
  let chain: Chain;
  let call: (
    method: string,
    params?: unknown[],
  ) => Promise<{ result?: unknown; error?: { code: number; message: string } }>;

  beforeAll(async () => {
    const genesis = cliqueGenesis({
      accounts: DEV_ACCOUNTS.map((a) => a.address),
      signers: [VALIDATOR.address.toString()],
      period: 1,
    });
    const config = createChainConfig(genesis);
    const db = await openDatabase({});
    closers.push(() => db.close());
    const states = await createStateStore({ db });
    let ref: Chain | undefined;
    const executor = await createExecutor({
      common: config.common,
      states,
      blockHashes: { getBlockHash: async (n) => ref?.getBlockHash(n) },
    });
    const engine = createCliqueEngine(
      { headers: { getHeader: async (h) => ref?.getBlock(h).then((b) => b?.header) }, db },
      { period: 1, epoch: 30_000, signer: VALIDATOR },
    );
    chain = await createChain({ db, states, executor, common: config.common, engine }, { genesis });
    ref = chain;
    closers.push(() => chain.close());
    const producer = createCliqueProducer({ chain, executor, pool: chain.txPool, engine });
    const server = createRpcServer({ chain, modules: [createCliqueModule(chain, engine)] }, { port: 0 });
    await server.start();
    closers.push(() => server.stop());
    url = `http://127.0.0.1:${server.address()!.port}`;
    call = async (method, params = []) => (await server.handle({ jsonrpc: '2.0', id: 1, method, params })) as never;
    // Vote the second dev account in before the first block: with one signer, one vote passes.
    expect((await call('clique_propose', [NEWCOMER, true])).result).toBeNull();
    await producer.start();
    closers.push(() => producer.stop());
    // Block 1 carries the vote; then two signers, one live: it may not seal block 2 (one of any two).
    await until('block 1', () => chain.head().header.number >= 1n, 10_000);
    await producer.stop();
  }, 30_000);

  afterAll(async () => {
    while (closers.length > 0) await closers.pop()!();
  });

  it('serves clique_getSigners, _getSignersAtHash, _getSnapshot, _proposals, _discard and _status', async () => {
    const genesisHash = `0x${Buffer.from(chain.genesis.hash()).toString('hex')}`;
    expect((await call('clique_getSigners', ['0x0'])).result).toEqual([VALIDATOR.address.toString()]);
    expect((await call('clique_getSignersAtHash', [genesisHash])).result).toEqual([VALIDATOR.address.toString()]);
    const latest = (await call('clique_getSigners')).result as string[];
    expect(latest).toEqual([VALIDATOR.address.toString(), NEWCOMER].sort());
    const snap = (await call('clique_getSnapshot', ['0x1'])).result as Record<string, unknown>;
    expect(snap).toMatchObject({ number: 1, recents: { 1: VALIDATOR.address.toString() }, votes: [], tally: {} });
    expect(Object.keys(snap.signers as object).sort()).toEqual(latest);
    expect((await call('clique_proposals')).result).toEqual({ [NEWCOMER]: true });
    expect((await call('clique_discard', [NEWCOMER])).result).toBeNull();
    expect((await call('clique_proposals')).result).toEqual({});
    const status = (await call('clique_status')).result as {
      numBlocks: number;
      sealerActivity: Record<string, number>;
    };
    expect(status.numBlocks).toBe(Number(chain.head().header.number));
    expect(status.sealerActivity[VALIDATOR.address.toString()]).toBe(status.numBlocks);
    expect((await call('clique_getSnapshot', ['0x99'])).error).toMatchObject({
      code: -32000,
      message: 'unknown block',
    });
    expect((await call('clique_propose', ['0x12', true])).error).toMatchObject({ code: -32602 });
  });

  it('serves blocks that ethers, viem and cast parse', async () => {
    const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
    const e = await provider.getBlock(1);
    expect(e?.difficulty).toBe(2n);
    expect(e?.nonce).toBe('0xffffffffffffffff');
    expect(e?.miner.toLowerCase()).toBe(NEWCOMER);
    expect((e?.extraData.length ?? 0) - 2).toBe(97 * 2);
    provider.destroy();

    const client = createPublicClient({ transport: http(url) });
    const v = await client.getBlock({ blockNumber: 1n });
    expect(v.difficulty).toBe(2n);
    expect(v.mixHash).toBe(`0x${'00'.repeat(32)}`);
    expect(v.withdrawalsRoot).toBeDefined();
    expect(v.parentBeaconBlockRoot).toBe(`0x${'00'.repeat(32)}`);

    const { stdout } = await run(cast, ['block', '1', '--json', '--rpc-url', url], { timeout: 20_000 });
    const c = JSON.parse(stdout) as Record<string, string>;
    expect(BigInt(c.difficulty!)).toBe(2n);
    expect(c.nonce).toBe('0xffffffffffffffff');
    expect(c.hash).toBe(e?.hash);
    expect(c.requestsHash).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

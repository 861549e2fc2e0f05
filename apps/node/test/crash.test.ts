// A node with --data-dir, killed with SIGKILL while transactions stream in, restarts with every
// mined block and receipt intact and keeps serving.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { JsonRpcProvider, Wallet } from 'ethers';
import { DEV_KEYS, rpc, type SpawnedNode, spawnNode } from './helpers/spawnNode.ts';

const started: SpawnedNode[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(started.map((n) => n.kill()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('node / crash safety', () => {
  it('keeps every acknowledged block and receipt across SIGKILL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'basalt-crash-'));
    dirs.push(dataDir);
    const first = await spawnNode(['--silent', '--data-dir', dataDir]);
    started.push(first);

    const provider = new JsonRpcProvider(first.url, 31337, { staticNetwork: true });
    const wallet = new Wallet(DEV_KEYS[0], provider);
    const to = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
    // Sign everything up front so sending is fast; stream them and kill mid-stream.
    const signed: string[] = [];
    for (let nonce = 0; nonce < 400; nonce++) {
      signed.push(
        await wallet.signTransaction({
          to,
          value: 1n,
          nonce,
          gasLimit: 21_000,
          maxFeePerGas: 10n ** 10n,
          maxPriorityFeePerGas: 1n,
          chainId: 31337,
          type: 2,
        }),
      );
    }
    const acknowledged: string[] = [];
    let killed = false;
    const sender = (async () => {
      for (const raw of signed) {
        if (killed) break;
        try {
          acknowledged.push(await rpc<string>(first.url, 'eth_sendRawTransaction', [raw]));
        } catch {
          break;
        }
      }
    })();
    // Wait until a good number of blocks exist, then pull the plug.
    for (let i = 0; i < 200 && Number(await rpc<string>(first.url, 'eth_blockNumber')) < 20; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    // Note the receipts the node acknowledged as mined before the kill.
    const minedBefore: { hash: string; blockHash: string; blockNumber: string }[] = [];
    for (const h of acknowledged.slice(0, 20)) {
      const r = await rpc<{ transactionHash: string; blockHash: string; blockNumber: string } | null>(
        first.url,
        'eth_getTransactionReceipt',
        [h],
      );
      if (r) minedBefore.push({ hash: r.transactionHash, blockHash: r.blockHash, blockNumber: r.blockNumber });
    }
    const headBefore = Number(await rpc<string>(first.url, 'eth_blockNumber'));
    killed = true;
    await first.kill();
    await sender;
    provider.destroy();
    expect(minedBefore.length).toBeGreaterThan(10);

    const second = await spawnNode(['--silent', '--data-dir', dataDir]);
    started.push(second);
    const headAfter = Number(await rpc<string>(second.url, 'eth_blockNumber'));
    expect(headAfter).toBeGreaterThanOrEqual(headBefore);
    for (const m of minedBefore) {
      const r = await rpc<{ blockHash: string; blockNumber: string; status: string } | null>(
        second.url,
        'eth_getTransactionReceipt',
        [m.hash],
      );
      expect({
        hash: m.hash,
        r: r && { blockHash: r.blockHash, blockNumber: r.blockNumber, status: r.status },
      }).toEqual({
        hash: m.hash,
        r: { blockHash: m.blockHash, blockNumber: m.blockNumber, status: '0x1' },
      });
    }
    // Every block up to the head is whole: header, and the sender's nonce equals the txs mined.
    for (let n = 0; n <= headAfter; n++) {
      const b = await rpc<{ number: string } | null>(second.url, 'eth_getBlockByNumber', [
        `0x${n.toString(16)}`,
        false,
      ]);
      expect(b?.number).toBe(`0x${n.toString(16)}`);
    }
    const nonce = Number(await rpc<string>(second.url, 'eth_getTransactionCount', [wallet.address, 'latest']));
    expect(nonce).toBeGreaterThanOrEqual(minedBefore.length);
    // And it keeps serving: the next nonce is accepted and mined.
    const next = await wallet.signTransaction({
      to,
      value: 1n,
      nonce,
      gasLimit: 21_000,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 1n,
      chainId: 31337,
      type: 2,
    });
    const h = await rpc<string>(second.url, 'eth_sendRawTransaction', [next]);
    let receipt = null;
    for (let i = 0; i < 100 && !receipt; i++) {
      receipt = await rpc(second.url, 'eth_getTransactionReceipt', [h]);
      if (!receipt) await new Promise((r) => setTimeout(r, 20));
    }
    expect(receipt).toMatchObject({ status: '0x1' });
  }, 120_000);
});

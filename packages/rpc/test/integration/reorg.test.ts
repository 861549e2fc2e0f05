import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bytesToHex, createAddressFromString } from '@ethereumjs/util';
import { type Devnet, startDevnet } from '../helpers/devnet.ts';
import { rpc, WsClient } from '../helpers/http.ts';

describe('rpc / integration / reorg', () => {
  let net: Devnet;
  beforeAll(async () => {
    net = await startDevnet({ automine: false });
  });
  afterAll(async () => {
    await net?.close();
  });

  it('reports every new canonical block of a reorg to block filters and newHeads', async () => {
    const ws = await WsClient.connect(net.wsUrl);
    try {
      const sub = (await ws.request('eth_subscribe', ['newHeads'])).result;
      const filter = (await rpc(net.url, 'eth_newBlockFilter')).result;
      const genesis = net.chain.head();
      await net.mine(); // A1
      const a1 = net.chain.head();
      const build = async (parent: typeof genesis, ts: bigint) =>
        (
          await net.chain.executor.buildBlock({
            parent,
            txs: [],
            template: { timestamp: ts, coinbase: createAddressFromString(`0x${'0b'.repeat(20)}`) },
          })
        ).block;
      const b1 = await build(genesis, a1.header.timestamp + 5n);
      expect(await net.chain.importBlock(b1)).toBe('side');
      const b2 = await build(b1, b1.header.timestamp + 1n);
      expect(await net.chain.importBlock(b2)).toBe('canonical');
      const hex = (b: typeof genesis) => bytesToHex(b.hash());
      expect((await rpc(net.url, 'eth_getFilterChanges', [filter])).result).toEqual([hex(a1), hex(b1), hex(b2)]);
      const heads: string[] = [];
      for (let i = 0; i < 3; i++) {
        const m = await ws.next((x: any) => x.params?.subscription === sub);
        heads.push(m.params.result.hash);
      }
      expect(heads).toEqual([hex(a1), hex(b1), hex(b2)]);
      expect((await rpc(net.url, 'eth_getBlockByNumber', ['0x1', false])).result.hash).toBe(hex(b1));
    } finally {
      await ws.close();
    }
  });
});

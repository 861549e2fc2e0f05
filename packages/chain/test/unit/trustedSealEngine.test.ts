import { afterEach, describe, expect, it } from '@jest/globals';
import { type Block, createBlock, type HeaderData } from '@ethereumjs/block';
import { ChainErrorCode, TrustedSealEngine } from '../../src/index.ts';
import { build, type OpenChain, openChain } from '../helpers/devChain.ts';
import { transfer } from '../helpers/keys.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function twoBlocks(): Promise<{ c: OpenChain; parent: Block; child: Block }> {
  const c = await openChain();
  closers.push(() => c.close());
  const b1 = await build(c, c.chain.head(), [transfer(c.chain.common, 0n)]);
  await c.chain.commitBuiltBlock(b1);
  const b2 = await build(c, b1.block, [transfer(c.chain.common, 1n), transfer(c.chain.common, 2n)]);
  return { c, parent: b1.block, child: b2.block };
}

function variant(block: Block, header: Partial<HeaderData>, txs = block.transactions): Block {
  return createBlock(
    { header: { ...block.header.toJSON(), ...header }, transactions: txs, withdrawals: [] },
    { common: block.common, skipConsensusFormatValidation: true },
  );
}

describe('chain / consensus / TrustedSealEngine', () => {
  const engine = new TrustedSealEngine();

  it('accepts a valid block at every phase', async () => {
    const { parent, child } = await twoBlocks();
    await engine.validateHeader(child);
    await engine.validateHeaderAgainstParent(child, parent);
    await engine.validateBlockPreExecution(child);
    expect(await engine.seal(child)).toBe(child);
  });

  it.each<[string, (p: Block, b: Block) => Block, RegExp]>([
    ['a timestamp not after the parent', (p, b) => variant(b, { timestamp: p.header.timestamp }), /timestamp/],
    ['a wrong base fee', (_p, b) => variant(b, { baseFeePerGas: b.header.baseFeePerGas! + 1n }), /base fee/],
    ['a gas limit raised too much', (p, b) => variant(b, { gasLimit: p.header.gasLimit * 2n }), /gas limit/],
    ['a wrong number', (_p, b) => variant(b, { number: b.header.number + 1n }), /number/],
    ['a wrong excess blob gas', (_p, b) => variant(b, { excessBlobGas: 131072n }), /excess|blob/i],
  ])('rejects %s against the parent as INVALID_BLOCK', async (_name, mutate, reason) => {
    const { parent, child } = await twoBlocks();
    const bad = mutate(parent, child);
    await expect(engine.validateHeaderAgainstParent(bad, parent)).rejects.toMatchObject({
      code: ChainErrorCode.INVALID_BLOCK,
      type: { number: bad.header.number, reason: expect.stringMatching(reason) },
    });
  });

  it('rejects proof-of-stake headers with difficulty or long extra data', async () => {
    const { child } = await twoBlocks();
    await expect(engine.validateHeader(variant(child, { difficulty: 1n }))).rejects.toMatchObject({
      code: ChainErrorCode.INVALID_BLOCK,
      type: { reason: expect.stringMatching(/difficulty/) },
    });
    await expect(engine.validateHeader(variant(child, { extraData: new Uint8Array(33) }))).rejects.toMatchObject({
      code: ChainErrorCode.INVALID_BLOCK,
      type: { reason: expect.stringMatching(/extra data/) },
    });
  });

  it('rejects a body that does not match the transactions root, through importBlock', async () => {
    const { c, child } = await twoBlocks();
    const bad = variant(child, {}, child.transactions.slice(0, 1));
    await expect(c.chain.importBlock(bad)).rejects.toMatchObject({
      code: ChainErrorCode.INVALID_BLOCK,
      type: { number: 2n, reason: expect.stringMatching(/transaction trie/) },
    });
    expect(c.chain.head().header.number).toBe(1n);
  });
});

import { type Block, createBlock } from '@ethereumjs/block';
import { afterEach, describe, expect, it } from '@jest/globals';
import { DevEngine } from '../../src/consensus/index.ts';
import { ChainErrorCode } from '../../src/index.ts';
import { createMiner } from '../../src/miner/index.ts';
import { createDevSetup, type DevSetup, transfer } from '../txpool/helpers.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await (closers.pop() as () => Promise<void>)();
});

async function minedPair(gasLimit?: bigint): Promise<{ s: DevSetup; parent: Block; block: Block }> {
  const s = await createDevSetup();
  closers.push(s.close);
  const miner = createMiner({ chain: s.chain, executor: s.executor, pool: s.chain.txPool }, { automine: false });
  if (gasLimit !== undefined) miner.setGasLimit(gasLimit);
  await s.chain.txPool.add(transfer(s.common, 0, { nonce: 0 }));
  const [block] = await miner.mine();
  return { s, parent: s.genesis, block: block as Block };
}

/** `block` with some header fields changed (the body kept). */
function withHeader(block: Block, over: Record<string, unknown>): Block {
  return createBlock(
    { header: { ...block.header.toJSON(), ...over }, transactions: block.transactions },
    { common: block.common },
  );
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect((err as { code: string }).code).toBe(ChainErrorCode.INVALID_BLOCK);
    return (err as { type: { reason: string } }).type.reason;
  }
  throw new Error('expected INVALID_BLOCK');
}

describe('chain / consensus / dev engine', () => {
  it('accepts a mined block in every phase and seals nothing', async () => {
    const { parent, block } = await minedPair();
    const engine = new DevEngine();
    expect(engine.name).toBe('dev');
    await engine.validateHeader(block);
    await engine.validateHeaderAgainstParent(block, parent);
    await engine.validateBlockPreExecution(block);
    expect(await engine.seal(block)).toBe(block);
  });

  it('rejects INVALID_BLOCK for a wrong number, parent hash or a timestamp not after the parent', async () => {
    const { parent, block } = await minedPair();
    const engine = new DevEngine();
    expect(await reason(engine.validateHeaderAgainstParent(withHeader(block, { number: '0x2' }), parent))).toBe(
      'number 2 does not follow parent 0',
    );
    expect(
      await reason(
        engine.validateHeaderAgainstParent(withHeader(block, { parentHash: `0x${'11'.repeat(32)}` }), parent),
      ),
    ).toBe('parent hash does not match the parent');
    const same = withHeader(block, { timestamp: `0x${parent.header.timestamp.toString(16)}` });
    expect(await reason(engine.validateHeaderAgainstParent(same, parent))).toMatch(
      /^timestamp \d+ not after parent timestamp/,
    );
  });

  it('allows a devnet gas limit jump, which strict mode (the fork rules) refuses', async () => {
    const { parent, block } = await minedPair(60_000_000n);
    await new DevEngine().validateHeaderAgainstParent(block, parent);
    const why = await reason(new DevEngine({ strict: true }).validateHeaderAgainstParent(block, parent));
    expect(why).toMatch(/gas limit/);
  });

  it('rejects a body that does not match the header', async () => {
    const { block } = await minedPair();
    const tampered = createBlock({ header: block.header.toJSON(), transactions: [] }, { common: block.common });
    expect(await reason(new DevEngine().validateBlockPreExecution(tampered))).toMatch(/transaction/i);
  });
});

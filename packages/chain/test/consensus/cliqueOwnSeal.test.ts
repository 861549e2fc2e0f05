// A validator's own engine remembers what it sealed: another block by its key on the same parent,
// arriving from elsewhere (a stolen or duplicated key), is refused as on every other node, and the
// engine refuses to seal a second, different block on one parent.
import { afterEach, describe, expect, it } from '@jest/globals';
import { bytesToHex, createZeroAddress } from '@ethereumjs/util';
import { ChainError, ChainErrorCode } from '../../src/index.ts';
import { type CliqueNode, cliqueTestGenesis, openCliqueNode, SIGNERS, sealedBlock } from '../helpers/clique.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function node(...args: Parameters<typeof openCliqueNode>): Promise<CliqueNode> {
  const n = await openCliqueNode(...args);
  closers.push(() => n.close());
  return n;
}

describe('chain / consensus / clique: equivocation against the own seal', () => {
  it("refuses another block by the node's own key on a parent it sealed on, and never seals twice there", async () => {
    const genesis = cliqueTestGenesis({ validators: 1 });
    const signer = SIGNERS[0]!;
    const own = await node(genesis, { signer });
    const g = own.chain.genesis;
    // The node seals block 1 with its engine (as its producer does) and stores it.
    const built = await own.executor.buildBlock({
      parent: g,
      txs: [],
      template: {
        timestamp: g.header.timestamp + 1n,
        coinbase: createZeroAddress(),
        extraData: new Uint8Array(97),
        difficulty: 2n,
        prevRandao: new Uint8Array(32),
        extra: { nonce: new Uint8Array(8) },
        sealHeader: (header) => own.engine.sealExtraData(header),
      },
    });
    const sealed = await own.engine.seal(built.block);
    await own.chain.commitBuiltBlock({ ...built, block: sealed });
    // The same key elsewhere signs a different block 1 on the genesis.
    const twin = (await sealedBlock(own, g, signer, { timestamp: g.header.timestamp + 2n })).block;
    expect(bytesToHex(twin.hash())).not.toBe(bytesToHex(sealed.hash()));
    const err = await own.chain.importBlock(twin).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ChainError);
    expect((err as ChainError).code).toBe(ChainErrorCode.INVALID_BLOCK);
    expect((err as Error).message).toMatch(/equivocation/);
    // And the engine will not seal that second block itself.
    await expect(own.engine.seal(twin)).rejects.toThrow(/equivocation/);
    expect(bytesToHex(own.chain.head().hash())).toBe(bytesToHex(sealed.hash()));
  });
});

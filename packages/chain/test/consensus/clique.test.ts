import { afterEach, describe, expect, it } from '@jest/globals';
import { bytesToHex, concatBytes, hexToBytes } from '@ethereumjs/util';
import {
  ChainErrorCode,
  cliqueCheckpointExtraData,
  createCliqueEngine,
  NONCE_AUTH,
  NONCE_DROP,
} from '../../src/index.ts';
import {
  ADDRESSES,
  type CliqueNode,
  cliqueTestGenesis,
  extend,
  openCliqueNode,
  SIGNERS,
  sealedBlock,
  tampered,
} from '../helpers/clique.ts';
import { tempDir } from '../helpers/devChain.ts';
import { transfer } from '../helpers/keys.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function node(...args: Parameters<typeof openCliqueNode>): Promise<CliqueNode> {
  const n = await openCliqueNode(...args);
  closers.push(() => n.close());
  return n;
}

const lower = (i: number) => ADDRESSES[i]!.toString();
/** The dev signers sorted as Clique orders them, with their keys. */
function sortedSigners(count: number) {
  return SIGNERS.slice(0, count).sort((a, b) => (a.address.toString() < b.address.toString() ? -1 : 1));
}

async function expectInvalid(p: Promise<unknown>, reason: RegExp): Promise<void> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; message?: string } | undefined;
  expect(err?.code).toBe(ChainErrorCode.INVALID_BLOCK);
  expect(err?.message).toMatch(reason);
}

describe('chain / consensus / clique', () => {
  it('runs on Prague with Clique rules: signers from the genesis, difficulty 2/1, fees to the signer', async () => {
    const genesis = cliqueTestGenesis();
    const a = await node(genesis);
    const b = await node(genesis);
    expect(a.chain.common.consensusAlgorithm()).toBe('clique');
    expect(a.chain.common.hardfork()).toBe('prague');
    expect(a.chain.genesis.header.extraData.length).toBe(32 + 3 * 20 + 65);
    const snap = await a.engine.snapshot(0n, a.chain.genesis.hash());
    expect(snap.signers()).toEqual(
      ADDRESSES.slice(0, 3)
        .map((x) => x.toString())
        .sort(),
    );

    const [s0, s1] = sortedSigners(3);
    // Block 1 is s1's turn (1 % 3 = index 1 of the sorted list).
    const tip = 10n ** 9n;
    const tx = transfer(a.chain.common, 0n, { maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: tip } as never);
    const block1 = await extend(a, s1!, { txs: [tx] });
    expect(block1.header.difficulty).toBe(2n);
    expect(block1.transactions.length).toBe(1);
    expect(a.engine.signerOf(block1.header)).toBe(s1!.address.toString());
    // The other node executes it and reaches the same state root: the fee went to the signer both times.
    expect(await b.chain.importBlock(block1)).toBe('canonical');
    const state = await b.chain.stateAt(b.chain.head());
    const signerBalance = (await state.getAccount(s1!.address))?.balance ?? 0n;
    const funded = BigInt(genesis.alloc[s1!.address.toString()]!.balance);
    expect(signerBalance - funded).toBe(21_000n * tip);

    // Out of turn (block 2 is s2's turn): difficulty 1.
    const block2 = await extend(a, s0!);
    expect(block2.header.difficulty).toBe(1n);
    expect(await b.chain.importBlock(block2)).toBe('canonical');
    expect(await b.chain.getTotalDifficulty(block2.hash())).toBe(1n + 2n + 1n);
  });

  it('rejects a non-signer, a recent signer, a wrong difficulty, a short period and a bad header', async () => {
    const genesis = cliqueTestGenesis({ period: 2 });
    const builder = await node(genesis);
    const v = await node(genesis);
    const [s0, s1, s2] = sortedSigners(3);
    const outsider = SIGNERS[4]!;
    const g = builder.chain.genesis;

    await expectInvalid(
      v.chain.importBlock((await sealedBlock(builder, g, outsider, { difficulty: 1n })).block),
      /unauthorized signer/,
    );
    await expectInvalid(
      v.chain.importBlock((await sealedBlock(builder, g, s1!, { difficulty: 1n })).block),
      /difficulty 1, expected 2/,
    );
    await expectInvalid(
      v.chain.importBlock((await sealedBlock(builder, g, s0!, { difficulty: 2n })).block),
      /difficulty 2, expected 1/,
    );
    await expectInvalid(
      v.chain.importBlock((await sealedBlock(builder, g, s1!, { timestamp: g.header.timestamp + 1n })).block),
      /less than 2 s after parent/,
    );
    await expectInvalid(
      v.chain.importBlock((await sealedBlock(builder, g, s1!, { nonce: hexToBytes('0x0000000000000001') })).block),
      /neither an add nor a drop vote/,
    );
    const good = (await sealedBlock(builder, g, s1!)).block;
    const listed = tampered(good, s1!, (h) => {
      h[12] = cliqueCheckpointExtraData([lower(0)]);
    });
    await expectInvalid(v.chain.importBlock(listed), /signer list in extra data of a non-checkpoint block/);
    const mixed = tampered(good, s1!, (h) => {
      h[13] = new Uint8Array(32).fill(7);
    });
    await expectInvalid(v.chain.importBlock(mixed), /non-zero mix hash/);
    const heavy = tampered(good, s1!, (h) => {
      h[7] = new Uint8Array([3]);
    });
    await expectInvalid(v.chain.importBlock(heavy), /difficulty 3 is neither/);
    const future = BigInt(Math.floor(Date.now() / 1000)) + 60n;
    await expectInvalid(
      v.chain.importBlock((await sealedBlock(builder, g, s1!, { timestamp: future })).block),
      /in the future/,
    );

    // s1 seals block 1; with three signers it may not seal block 2 (one of any two consecutive).
    const b1 = await extend(builder, s1!);
    expect(await v.chain.importBlock(b1)).toBe('canonical');
    await expectInvalid(v.chain.importBlock((await sealedBlock(builder, b1, s1!)).block), /too recently/);
    const b2 = await extend(builder, s2!);
    expect(await v.chain.importBlock(b2)).toBe('canonical');
    // Now s1 may again (block 3: s0's turn, s1 out of turn).
    expect(await v.chain.importBlock((await sealedBlock(builder, b2, s1!)).block)).toBe('canonical');
  });

  it('rejects a second, different block sealed by one signer on the same parent (equivocation)', async () => {
    const genesis = cliqueTestGenesis();
    const builder = await node(genesis);
    const v = await node(genesis);
    const [, s1] = sortedSigners(3);
    const g = builder.chain.genesis;
    const first = (await sealedBlock(builder, g, s1!)).block;
    const second = (await sealedBlock(builder, g, s1!, { timestamp: g.header.timestamp + 2n })).block;
    expect(bytesToHex(first.hash())).not.toBe(bytesToHex(second.hash()));
    expect(await v.chain.importBlock(first)).toBe('canonical');
    await expectInvalid(v.chain.importBlock(second), /equivocation/);
    expect(bytesToHex(v.chain.head().hash())).toBe(bytesToHex(first.hash()));
  });

  it('votes a fourth signer in and one out, and the set decides who may seal (EIP-225)', async () => {
    const genesis = cliqueTestGenesis();
    const a = await node(genesis);
    const v = await node(genesis);
    const three = sortedSigners(3);
    const newcomer = SIGNERS[3]!;
    const nc = newcomer.address.toString();
    // A sealer that the snapshot allows for the next block, preferring `want`.
    const pick = async (want: typeof three) => {
      const head = a.chain.head();
      const snap = await a.engine.snapshot(head.header.number, head.hash());
      const ok = want.find(
        (s) =>
          snap.isSigner(s.address.toString()) &&
          snap.recentlySigned(s.address.toString(), head.header.number + 1n) === undefined,
      );
      if (ok === undefined) throw new Error('no signer may seal');
      return ok;
    };
    const relay = async (block: Awaited<ReturnType<typeof extend>>) =>
      expect(await v.chain.importBlock(block)).toBe('canonical');

    // The newcomer cannot seal yet.
    await expectInvalid(
      v.chain.importBlock((await sealedBlock(a, a.chain.head(), newcomer, { difficulty: 1n })).block),
      /unauthorized/,
    );
    // Two of three vote it in: more than half.
    const first = await pick(three);
    await relay(await extend(a, first, { coinbase: newcomer.address, nonce: NONCE_AUTH }));
    let snap = await v.engine.snapshot(v.chain.head().header.number, v.chain.head().hash());
    expect(snap.isSigner(nc)).toBe(false);
    expect(snap.tally.get(nc)).toEqual({ authorize: true, votes: 1 });
    const second = await pick(three.filter((s) => s !== first));
    await relay(await extend(a, second, { coinbase: newcomer.address, nonce: NONCE_AUTH }));
    snap = await v.engine.snapshot(v.chain.head().header.number, v.chain.head().hash());
    expect(snap.isSigner(nc)).toBe(true);
    expect(snap.signers().length).toBe(4);
    expect(snap.tally.size).toBe(0);
    expect(snap.signerLimit()).toBe(3n);
    // The newcomer seals now.
    await relay(await extend(a, await pick([newcomer])));

    // Vote out the first sorted signer: three of four must agree.
    const victim = three[0]!;
    const droppers = [...three.slice(1), newcomer];
    for (let i = 0; i < 3; i++) {
      const s = await pick(droppers);
      await relay(await extend(a, s, { coinbase: victim.address, nonce: NONCE_DROP }));
      snap = await v.engine.snapshot(v.chain.head().header.number, v.chain.head().hash());
      if (!snap.isSigner(victim.address.toString())) break;
      // A repeated vote by the same signer replaces its earlier one: keep the rotation honest.
    }
    expect(snap.isSigner(victim.address.toString())).toBe(false);
    expect(snap.signers()).toEqual([...droppers.map((s) => s.address.toString())].sort());
    // The dropped signer's blocks are now refused.
    await expectInvalid(
      v.chain.importBlock((await sealedBlock(a, a.chain.head(), victim, { difficulty: 1n })).block),
      /unauthorized signer/,
    );
  });

  it('resets votes at an epoch checkpoint, which carries the signer list', async () => {
    const genesis = cliqueTestGenesis({ epoch: 3 });
    const a = await node(genesis);
    const v = await node(genesis);
    const [s0, s1, s2] = sortedSigners(3);
    const outsider = SIGNERS[4]!.address;
    await v.chain.importBlock(await extend(a, s1!, { coinbase: outsider, nonce: NONCE_AUTH }));
    await v.chain.importBlock(await extend(a, s2!));
    let snap = await v.engine.snapshot(2n, v.chain.head().hash());
    expect(snap.tally.get(outsider.toString())?.votes).toBe(1);
    // Block 3 is a checkpoint: a wrong signer list is refused, the right one resets the tally.
    const wrong = (await sealedBlock(a, a.chain.head(), s0!, { extraData: cliqueCheckpointExtraData([lower(0)]) }))
      .block;
    await expectInvalid(v.chain.importBlock(wrong), /checkpoint names signers/);
    const voting = tampered((await sealedBlock(a, a.chain.head(), s0!)).block, s0!, (h) => {
      h[2] = outsider.bytes;
    });
    await expectInvalid(v.chain.importBlock(voting), /non-zero coinbase/);
    const cp = await extend(a, s0!);
    expect(cp.header.extraData.length).toBe(32 + 60 + 65);
    expect(await v.chain.importBlock(cp)).toBe('canonical');
    snap = await v.engine.snapshot(3n, cp.hash());
    expect(snap.tally.size).toBe(0);
    expect(snap.votes.length).toBe(0);
  });

  it('recomputes and persists snapshots: a fresh engine on the same database agrees', async () => {
    const dir = await tempDir('basalt-clique-');
    closers.push(() => dir.remove());
    const genesis = cliqueTestGenesis();
    const a = await openCliqueNode(genesis, { path: dir.path });
    const order = sortedSigners(3);
    for (let i = 1; i <= 6; i++)
      await extend(a, order[i % 3]!, i === 2 ? { coinbase: SIGNERS[4]!.address, nonce: NONCE_AUTH } : {});
    const head = a.chain.head();
    const before = (await a.engine.snapshot(head.header.number, head.hash())).toJSON();
    await a.close();
    const b = await node(genesis, { path: dir.path });
    const fresh = createCliqueEngine({ headers: { getHeader: (h) => b.chain.store.getHeader(h) } }, { epoch: 30_000 });
    const after = (await fresh.snapshot(b.chain.head().header.number, b.chain.head().hash())).toJSON();
    expect(after).toEqual(before);
    expect(Object.keys(after.recents).length).toBe(2);
    expect(after.tally[SIGNERS[4]!.address.toString()]).toEqual({ authorize: true, votes: 1 });
  });

  it('prefers the heavier branch: in-turn blocks outweigh a longer out-of-turn branch', async () => {
    const genesis = cliqueTestGenesis();
    const a = await node(genesis);
    const b = await node(genesis);
    const [s0, s1, s2] = sortedSigners(3);
    // Branch A: s0 then s2 out of turn... block1 s0 (out, 1), block2 s1 (out, 1): td 1+1+1 = 3 at height 2.
    const a1 = await extend(a, s0!);
    const a2 = await extend(a, s1!);
    expect(a2.header.difficulty).toBe(1n);
    // Branch B: block1 s1 in turn (2), block2 s2 in turn (2): td 5 at height 2.
    const b1 = await extend(b, s1!);
    const b2 = await extend(b, s2!);
    expect(await a.chain.importBlock(b1)).toBe('side');
    expect(await a.chain.importBlock(b2)).toBe('canonical');
    expect(bytesToHex(a.chain.head().hash())).toBe(bytesToHex(b2.hash()));
    expect(await b.chain.importBlock(a1)).toBe('side');
    expect(await b.chain.importBlock(a2)).toBe('side');
    expect(bytesToHex(b.chain.head().hash())).toBe(bytesToHex(b2.hash()));
  });

  it('refuses an unsealed block, a non-zero mix hash and seal space shorter than 65 bytes', async () => {
    const genesis = cliqueTestGenesis();
    const a = await node(genesis);
    const v = await node(genesis);
    const [, s1] = sortedSigners(3);
    const g = a.chain.genesis;
    const mixed = (await sealedBlock(a, g, s1!, { mixHash: new Uint8Array(32).fill(1) }).catch(
      (e: Error) => e,
    )) as Error;
    expect(mixed.message).toMatch(/mixHash must be filled with zeros/);
    const { built } = await sealedBlock(a, g, s1!);
    await expectInvalid(v.chain.importBlock(built.block), /unauthorized signer 0x0{40}/);
    const short = concatBytes(new Uint8Array(32), new Uint8Array(10));
    expect(((await sealedBlock(a, g, s1!, { extraData: short }).catch((e: Error) => e)) as Error).message).toMatch(
      /extraData must be 97 bytes/,
    );
  });
});

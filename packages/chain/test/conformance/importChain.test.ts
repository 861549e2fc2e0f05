import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type Block, type BlockBytes, createBlockFromBytesArray } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { bytesToBigInt, bytesToHex } from '@ethereumjs/util';
import { createChainConfig } from '../../src/index.ts';
import { type OpenChain, openChain } from '../helpers/devChain.ts';
import { conformanceDir } from '../../../../test/support/conformance.ts';

const DIR = conformanceDir('execution-apis');
/** Block 42 is the first with a blob transaction: decoding it needs a KZG setup on the Common. */
const LAST_BEFORE_BLOBS = 41n;

interface ChainFile {
  blocks: Block[];
  /** Header fields (raw) of the block after the last decoded one, to check what follows. */
  nextHeader: Uint8Array[] | undefined;
}

/** Splits a `geth export` file (RLP blocks back to back) into blocks, up to block `last`. */
function readChainFile(path: string, common: Common, last: bigint): ChainFile {
  let rest = Uint8Array.from(readFileSync(path));
  const blocks: Block[] = [];
  while (rest.length > 0) {
    const { data, remainder } = RLP.decode(rest, true);
    const header = (data as unknown as Uint8Array[][])[0]!;
    if (bytesToBigInt(header[8]!) > last) return { blocks, nextHeader: header };
    blocks.push(createBlockFromBytesArray(data as unknown as BlockBytes, { common, setHardfork: true }));
    rest = remainder;
  }
  return { blocks, nextHeader: undefined };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

describe('chain / conformance / import chain.rlp', () => {
  it(`imports blocks 1..${LAST_BEFORE_BLOBS} (PoW with ommers, the merge, Shanghai withdrawals) with the trusted-seal engine`, async () => {
    const genesis = JSON.parse(readFileSync(`${DIR}/genesis.json`, 'utf8'));
    const config = createChainConfig(genesis);
    const c: OpenChain = await openChain({ genesis });
    closers.push(() => c.close());
    expect(bytesToHex(c.chain.genesis.hash())).toBe(
      '0x44fd89d504659cd58f48f4796b77a7e7012cf296a2409afa2f6c3cb99b5b3d99',
    );
    const { blocks, nextHeader } = readChainFile(`${DIR}/chain.rlp`, config.common, LAST_BEFORE_BLOBS);
    expect(blocks.length).toBe(Number(LAST_BEFORE_BLOBS));
    const started = Date.now();
    for (const block of blocks) {
      const status = await c.chain.importBlock(block).catch((err: Error) => {
        throw new Error(`block ${block.header.number}: ${err.message}`);
      });
      expect(status).toBe('canonical');
    }
    const ms = Date.now() - started;
    const head = c.chain.head();
    expect(head.header.number).toBe(LAST_BEFORE_BLOBS);
    // Block 42 names our head as its parent: every state root up to here matched (runBlock checks them).
    expect(bytesToHex(head.hash())).toBe(bytesToHex(nextHeader![0]!));
    const txs = blocks.reduce((n, b) => n + b.transactions.length, 0);
    console.log(`imported ${blocks.length} blocks, ${txs} txs in ${ms} ms`);

    // Terminal total difficulty 4732352 reached by block 35, constant after the merge (block 36 on).
    const td35 = await c.chain.getTotalDifficulty((await c.chain.getCanonicalHash(35n))!);
    expect(td35! >= 4_732_352n).toBe(true);
    expect(await c.chain.getTotalDifficulty(head.hash())).toBe(td35);
    // Block 2, the "large receipt" block: 59 legacy transactions.
    const receipts2 = await c.chain.getReceipts((await c.chain.getCanonicalHash(2n))!);
    expect(receipts2!.length).toBe(59);
    expect(receipts2![58]!.cumulativeGasUsed).toBe(blocks[1]!.header.gasUsed);
    // Pre-Byzantium receipts carry the intermediate state root.
    expect(receipts2![0]!.root?.length).toBe(32);
    await c.chain.setSafeAndFinalized(head.hash(), head.hash());
    expect(bytesToHex((await c.chain.getBlock('safe'))!.hash())).toBe(bytesToHex(head.hash()));
    // Importing a block again is 'known'.
    expect(await c.chain.importBlock(blocks[10]!)).toBe('known');
  });
});

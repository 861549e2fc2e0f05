import { describe, expect, it } from '@jest/globals';
import { type Block, type BlockHeader, createBlock } from '@ethereumjs/block';
import { createAddressFromString } from '@ethereumjs/util';
import { openDatabase, WriteBatch } from '@basalt/state';
import { BlockStore, createChainConfig } from '../../src/index.ts';
import { bloomProbe } from '../../src/store/bloom.ts';
import { queryLogs } from '../../src/store/logQuery.ts';
import type { ReceiptSource } from '../../src/store/receipts.ts';
import { testGenesis } from '../helpers/devChain.ts';

/** A BlockStore that counts the reads getLogs makes. */
class CountingStore extends BlockStore {
  headerReads = 0;
  sectionReads = 0;
  override getHeader(hash: Uint8Array): Promise<BlockHeader | undefined> {
    this.headerReads++;
    return super.getHeader(hash);
  }
  override getSectionBloom(section: bigint): Promise<Uint8Array | undefined> {
    this.sectionReads++;
    return super.getSectionBloom(section);
  }
}

const EMITTER = createAddressFromString('0x00000000000000000000000000000000000e0001');
const OTHER = createAddressFromString('0x00000000000000000000000000000000000e0002');
const BLOCKS = 50_000;
const WITH_LOGS = new Set([25_000, BLOCKS - 1]);

function bloomOf(value: Uint8Array): Uint8Array {
  const bloom = new Uint8Array(256);
  for (const [i, mask] of bloomProbe(value)) bloom[i] |= mask;
  return bloom;
}

describe('chain / store / getLogs at scale', () => {
  it(`a ${BLOCKS}-block range reads section blooms, not headers, when nothing matches`, async () => {
    const config = createChainConfig(testGenesis({ hardfork: 'paris' }));
    const db = await openDatabase();
    const store = new CountingStore(db, config.common, { bloomSectionSize: 2048 });
    const common = config.common.copy();
    const started = Date.now();
    let parentHash = new Uint8Array(32);
    let batch = new WriteBatch();
    for (let n = 0; n < BLOCKS; n++) {
      const hasLog = WITH_LOGS.has(n);
      const block: Block = createBlock(
        {
          header: {
            number: BigInt(n),
            parentHash,
            logsBloom: hasLog ? bloomOf(EMITTER.bytes) : undefined,
            gasLimit: 30_000_000n,
          },
        },
        { common, skipConsensusFormatValidation: true },
      );
      const outcomes: ReceiptSource[] = hasLog
        ? [
            {
              txHash: new Uint8Array(32).fill(n % 256),
              type: 2,
              from: OTHER,
              to: EMITTER,
              status: 1,
              gasUsed: 30_000n,
              cumulativeGasUsed: 30_000n,
              effectiveGasPrice: 1n,
              contractAddress: undefined,
              logs: [{ address: EMITTER.bytes, topics: [], data: new Uint8Array(0) }],
              logsBloom: bloomOf(EMITTER.bytes),
            },
          ]
        : [];
      store.putBlock(batch, block, outcomes, 0n);
      await store.putCanonical(batch, block);
      parentHash = block.hash();
      if (batch.length > 5_000) {
        await batch.commit(db);
        batch = new WriteBatch();
      }
    }
    await batch.commit(db);
    const writeMs = Date.now() - started;
    const limits = { maxRange: BLOCKS, maxResults: 10_000 };
    const head = BigInt(BLOCKS - 1);

    store.sectionReads = 0;
    store.headerReads = 0;
    let t = Date.now();
    const none = await queryLogs(
      store,
      { fromBlock: 0n, toBlock: head, addresses: [OTHER.bytes], topics: [] },
      head,
      limits,
    );
    const noneMs = Date.now() - t;
    expect(none).toEqual([]);
    expect(store.sectionReads).toBe(Math.ceil(BLOCKS / 2048)); // 25
    expect(store.headerReads).toBe(0);

    store.sectionReads = 0;
    t = Date.now();
    const some = await queryLogs(
      store,
      { fromBlock: 0n, toBlock: head, addresses: [EMITTER.bytes], topics: [] },
      head,
      limits,
    );
    const someMs = Date.now() - t;
    expect(some.map((l) => Number(l.blockNumber))).toEqual([...WITH_LOGS]);
    // Only the two sections holding a matching block are walked, plus one header per receipts read
    // from the database: block 25,000's (the last block's receipts are still cached since its write).
    expect(store.headerReads).toBe(2048 + (BLOCKS - 2048 * Math.floor(BLOCKS / 2048)) + 1);
    console.log(
      `${BLOCKS} blocks written in ${writeMs} ms; no-match query over all of them: ${noneMs} ms, ` +
        `${Math.ceil(BLOCKS / 2048)} section reads, 0 header reads; matching query: ${someMs} ms, ${store.headerReads} header reads`,
    );
    await db.close();
  }, 120_000);
});

import { describe, expect, it } from '@jest/globals';
import { createBlockHeader } from '@ethereumjs/block';
import { bytesToHex, createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { BloomFilter, bloomOr, bloomProbe } from '../../src/store/bloom.ts';
import {
  decodeBlockReceipts,
  encodeBlockReceipts,
  encodeConsensusReceipt,
  rawReceiptsFromStored,
  type ReceiptSource,
  receiptsFromOutcomes,
} from '../../src/store/receipts.ts';

const A = createAddressFromString('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const T1 = hexToBytes(`0x${'11'.repeat(32)}`);
const T2 = hexToBytes(`0x${'22'.repeat(32)}`);

function bloomOf(values: Uint8Array[]): Uint8Array {
  const bloom = new Uint8Array(256);
  for (const v of values) for (const [i, mask] of bloomProbe(v)) bloom[i] |= mask;
  return bloom;
}

function outcome(over: Partial<ReceiptSource>): ReceiptSource {
  return {
    txHash: hexToBytes(`0x${'ab'.repeat(32)}`),
    type: 2,
    from: A,
    to: undefined,
    status: 1,
    gasUsed: 21_000n,
    cumulativeGasUsed: 21_000n,
    effectiveGasPrice: 2n,
    contractAddress: undefined,
    logs: [],
    logsBloom: new Uint8Array(256),
    ...over,
  };
}

describe('chain / store / receipts', () => {
  it('round-trips receipts with log positions and optional fields', () => {
    const logs = [
      { address: A.bytes, topics: [T1], data: Uint8Array.of(1) },
      { address: A.bytes, topics: [T1, T2], data: Uint8Array.of(2) },
    ];
    const outs = [
      outcome({ logs: [logs[0]!], logsBloom: bloomOf([A.bytes, T1]), contractAddress: A }),
      outcome({
        txHash: hexToBytes(`0x${'cd'.repeat(32)}`),
        type: 0,
        status: 0,
        to: A,
        cumulativeGasUsed: 42_000n,
        logs: [logs[1]!],
        blobGasUsed: 0n,
        blobGasPrice: 1n,
      }),
    ];
    const header = createBlockHeader({ number: 7n, timestamp: 99n });
    const blockHash = hexToBytes(`0x${'77'.repeat(32)}`);
    const stored = encodeBlockReceipts(outs);
    const rs = decodeBlockReceipts(stored, header, blockHash);
    expect(rs.length).toBe(2);
    expect(rs[0]!.contractAddress?.toString()).toBe(A.toString());
    expect(rs[0]!.to).toBeUndefined();
    expect(rs[0]!.blobGasUsed).toBeUndefined();
    expect(rs[1]!.status).toBe(0);
    expect(rs[1]!.type).toBe(0);
    expect(rs[1]!.to?.toString()).toBe(A.toString());
    expect(rs[1]!.blobGasUsed).toBe(0n);
    expect(rs[1]!.blobGasPrice).toBe(1n);
    expect(rs[1]!.cumulativeGasUsed).toBe(42_000n);
    expect(rs.flatMap((r) => r.logs.map((l) => [l.logIndex, l.txIndex, l.blockNumber, l.blockTimestamp]))).toEqual([
      [0, 0, 7n, 99n],
      [1, 1, 7n, 99n],
    ]);
    const raw = rawReceiptsFromStored(stored);
    expect(raw[0]![0]).toBe(2); // typed receipt
    expect(raw[1]![0]).toBeGreaterThanOrEqual(0xc0); // legacy receipt is a bare list
    expect(bytesToHex(raw[1]!)).toBe(bytesToHex(encodeConsensusReceipt(outs[1]!)));
  });

  it('a pre-Byzantium receipt keeps its state root', () => {
    const root = hexToBytes(`0x${'ee'.repeat(32)}`);
    const rs = decodeBlockReceipts(
      encodeBlockReceipts([outcome({ root, type: 0 })]),
      createBlockHeader({}),
      new Uint8Array(32),
    );
    expect(bytesToHex(rs[0]!.root!)).toBe(bytesToHex(root));
    expect(rs[0]!.status).toBe(1);
  });

  it('receipts built from the outcomes equal those decoded from the stored form', () => {
    const log = (data: number, topics: Uint8Array[]) => ({ address: A.bytes, topics, data: Uint8Array.of(data) });
    const outs = [
      outcome({ logs: [log(1, [T1]), log(2, [])], logsBloom: bloomOf([A.bytes, T1]), contractAddress: A }),
      outcome({ type: 0, status: 0, to: A, cumulativeGasUsed: 42_000n, revertData: Uint8Array.of(9), error: 'x' }),
      outcome({ type: 3, to: A, logs: [log(3, [T1, T2])], blobGasUsed: 0n, blobGasPrice: 1n }),
      outcome({ type: 0, to: A, root: hexToBytes(`0x${'ee'.repeat(32)}`), logs: [log(4, [T2])] }),
      outcome({ type: 1, to: A, status: 0, logs: [] }),
    ];
    const header = createBlockHeader({ number: 7n, timestamp: 99n });
    const blockHash = hexToBytes(`0x${'77'.repeat(32)}`);
    const built = receiptsFromOutcomes(outs, header, blockHash);
    const decoded = decodeBlockReceipts(encodeBlockReceipts(outs), header, blockHash);
    expect(built).toEqual(decoded);
    expect(built.flatMap((r) => r.logs.map((l) => l.logIndex))).toEqual([0, 1, 2, 3]);
    expect(Object.keys(built[1]!).sort()).toEqual(Object.keys(decoded[1]!).sort());
    expect(Object.keys(built[2]!).sort()).toEqual(Object.keys(decoded[2]!).sort());
    expect(Object.keys(built[3]!).sort()).toEqual(Object.keys(decoded[3]!).sort());
  });

  it('bloom filter: address and per-position topic sets', () => {
    const bloom = bloomOf([A.bytes, T1]);
    expect(new BloomFilter([], []).mayMatch(new Uint8Array(256))).toBe(true);
    expect(new BloomFilter([A.bytes], [[T1]]).mayMatch(bloom)).toBe(true);
    expect(new BloomFilter([A.bytes], [null, [T1]]).mayMatch(bloom)).toBe(true);
    expect(new BloomFilter([A.bytes], [[T2]]).mayMatch(bloom)).toBe(false);
    expect(new BloomFilter([A.bytes], [[T2, T1]]).mayMatch(bloom)).toBe(true);
    expect(new BloomFilter([T2], []).mayMatch(bloom)).toBe(false);
    const or = new Uint8Array(256);
    bloomOr(or, bloom);
    bloomOr(or, bloomOf([T2]));
    expect(new BloomFilter([], [[T2]]).mayMatch(or)).toBe(true);
  });
});

// Formatting checked field for field against the recorded execution-apis responses, over the
// real blocks of the recorded chain (decoded from chain.rlp by @ethereumjs/block).
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Block } from '@ethereumjs/block';
import { bytesToHex } from '@ethereumjs/util';
import { formatBlock, formatHeader, formatTransaction } from '../../src/format.ts';
import { readCases, readChain } from '../helpers/conformance.ts';

let byNumber: Map<bigint, Block>;
let byHash: Map<string, Block>;
let txs: Map<string, { block: Block; index: number }>;

beforeAll(() => {
  const { blocks } = readChain();
  byNumber = new Map(blocks.map((b) => [b.header.number, b]));
  byHash = new Map(blocks.map((b) => [bytesToHex(b.hash()), b]));
  txs = new Map();
  for (const b of blocks) {
    for (const [index, tx] of b.transactions.entries()) txs.set(bytesToHex(tx.hash()), { block: b, index });
  }
});

function blockFor(param: unknown): Block | undefined {
  if (param === 'latest' || param === 'safe' || param === 'finalized') return byNumber.get(54n);
  if (typeof param === 'string' && param.length === 66) return byHash.get(param);
  return byNumber.get(BigInt(param as string));
}

describe('rpc / format (execution-apis conformance data)', () => {
  it('decodes the 54 recorded blocks', () => {
    expect(byNumber.size).toBe(54);
    expect(bytesToHex(byNumber.get(54n)!.hash())).toBe(
      '0xd226371d0b1551adb03fb52b71f08e3e11247fe9b1af994768af8cdaa8e7dcd7',
    );
  });

  const blockCases = [...readCases('eth_getBlockByNumber'), ...readCases('eth_getBlockByHash')].filter(
    (c) => c.response.result !== null && c.request.params![0] !== '0x0',
  );
  it.each(blockCases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const [id, full] = c.request.params as [string, boolean];
    const block = blockFor(id);
    expect(block).toBeDefined();
    expect(formatBlock(block!, full)).toEqual(c.response.result);
  });

  const txCases = readCases('eth_getTransactionByHash').filter((c) => c.response.result !== null);
  it.each(txCases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const loc = txs.get(c.request.params![0] as string)!;
    expect(formatTransaction(loc.block.transactions[loc.index]!, { block: loc.block, index: loc.index })).toEqual(
      c.response.result,
    );
  });

  const byIndexCases = [
    ...readCases('eth_getTransactionByBlockHashAndIndex'),
    ...readCases('eth_getTransactionByBlockNumberAndIndex'),
  ];
  it.each(byIndexCases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const [id, index] = c.request.params as [string, string];
    const block = blockFor(id)!;
    const i = Number(BigInt(index));
    expect(formatTransaction(block.transactions[i]!, { block, index: i })).toEqual(c.response.result);
  });

  it('keeps the key order of geth for transactions (struct order) and blocks (alphabetical)', () => {
    const c = readCases('eth_getTransactionByHash').find((x) => x.file.endsWith('get-setcode-tx.io'))!;
    const loc = txs.get(c.request.params![0] as string)!;
    const got = formatTransaction(loc.block.transactions[loc.index]!, { block: loc.block, index: loc.index });
    expect(Object.keys(got)).toEqual(Object.keys(c.response.result as object));
    const b = formatBlock(byNumber.get(45n)!, false);
    expect(Object.keys(b)).toEqual([...Object.keys(b)].sort());
  });

  it('formats a pool transaction with null block fields and gasPrice = maxFeePerGas', () => {
    const loc = txs.get('0x205405746564cbcf1dd53fb5ac92c7622d3792d82f03c59d9baddf2443d91864')!;
    const got = formatTransaction(loc.block.transactions[loc.index]!);
    expect(got).toMatchObject({ blockHash: null, blockNumber: null, blockTimestamp: null, transactionIndex: null });
    expect(got.gasPrice).toBe(got.maxFeePerGas);
  });

  it('a header for newHeads has the block fields but no size, transactions, uncles or withdrawals', () => {
    const h = formatHeader(byNumber.get(54n)!.header);
    const b = formatBlock(byNumber.get(54n)!, false);
    for (const k of ['size', 'transactions', 'uncles', 'withdrawals']) expect(h).not.toHaveProperty(k);
    for (const [k, v] of Object.entries(h)) expect(b[k]).toEqual(v);
  });
});

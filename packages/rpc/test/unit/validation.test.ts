import { describe, expect, it } from '@jest/globals';
import { bytesToHex } from '@ethereumjs/util';
import { InvalidParamsError } from '../../src/errors.ts';
import {
  address,
  blockId,
  blockNumberOrTag,
  data,
  decodeParams,
  hash,
  optional,
  quantity,
  storageKey,
  uint64,
} from '../../src/validation.ts';

function msg(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParamsError);
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

describe('rpc / validation', () => {
  it('decodes quantities strictly', () => {
    expect(quantity('0x0')).toBe(0n);
    expect(quantity('0xff')).toBe(255n);
    expect(quantity('0XFF')).toBe(255n);
    expect(msg(() => quantity('0x00'))).toBe('hex number with leading zero digits');
    expect(msg(() => quantity('ff'))).toBe('hex string without 0x prefix');
    expect(msg(() => quantity(''))).toBe('empty hex string');
    expect(msg(() => quantity('0x'))).toBe('hex string "0x"');
    expect(msg(() => quantity(255))).toBe('cannot unmarshal number into a hex quantity');
    expect(msg(() => uint64(`0x1${'0'.repeat(16)}`))).toBe('hex number > 64 bits');
    expect(msg(() => quantity(`0x1${'0'.repeat(64)}`))).toBe('hex number > 256 bits');
  });

  it('decodes data, addresses and hashes', () => {
    expect(data('0x')).toEqual(new Uint8Array());
    expect(bytesToHex(data('0xABcd'))).toBe('0xabcd');
    expect(msg(() => data('0xabc'))).toBe('hex string of odd length');
    expect(address('0x7DCD17433742F4C0CA53122AB541D0BA67FC27DF').toString()).toBe(
      '0x7dcd17433742f4c0ca53122ab541d0ba67fc27df',
    );
    expect(msg(() => address('0x1234'))).toBe('hex string has length 4, want 40 for common.Address');
    expect(msg(() => hash('0x12'))).toBe('hex string has length 2, want 64 for common.Hash');
  });

  it('decodes storage keys as geth (conformance eth_getStorageAt)', () => {
    expect(bytesToHex(storageKey('0x1'))).toBe(`0x${'0'.repeat(63)}1`);
    expect(msg(() => storageKey(`0x${'0'.repeat(65)}`))).toBe(
      `storage key too long (want at most 32 bytes): "0x${'0'.repeat(65)}"`,
    );
    expect(msg(() => storageKey('0xasdf'))).toBe('invalid hex in storage key: "0xasdf"');
  });

  it('decodes block tags, numbers, hashes and EIP-1898 objects', () => {
    const h = `0x${'ab'.repeat(32)}`;
    expect(blockNumberOrTag('latest')).toEqual({ kind: 'tag', tag: 'latest' });
    expect(blockNumberOrTag('0x10')).toEqual({ kind: 'number', number: 16n });
    expect(msg(() => blockNumberOrTag('newest'))).toBe('hex string without 0x prefix');
    expect(blockId('finalized')).toEqual({ kind: 'tag', tag: 'finalized' });
    expect(blockId(h)).toEqual({ kind: 'hash', hash: hash(h), requireCanonical: false });
    expect(blockId({ blockHash: h, requireCanonical: true })).toEqual({
      kind: 'hash',
      hash: hash(h),
      requireCanonical: true,
    });
    expect(blockId({ blockNumber: '0x2' })).toEqual({ kind: 'number', number: 2n });
    expect(blockId({ blockNumber: 'safe' })).toEqual({ kind: 'tag', tag: 'safe' });
    expect(msg(() => blockId({ blockHash: h, blockNumber: '0x1' }))).toBe(
      'cannot specify both BlockHash and BlockNumber, choose one or the other',
    );
    expect(msg(() => blockId({ blockHash: h, requireCanonical: 'yes' }))).toBe('requireCanonical: must be a boolean');
    expect(msg(() => blockId(true))).toBe('cannot unmarshal boolean into a block number or hash');
  });

  it('decodes params with positions and optional defaults', () => {
    const decs = [address, optional(blockId, { kind: 'tag', tag: 'latest' } as const)] as const;
    const [a, b] = decodeParams(decs, ['0x7dcd17433742f4c0ca53122ab541d0ba67fc27df']);
    expect(a.toString()).toBe('0x7dcd17433742f4c0ca53122ab541d0ba67fc27df');
    expect(b).toEqual({ kind: 'tag', tag: 'latest' });
    expect(msg(() => decodeParams(decs, ['0x12']))).toBe(
      'invalid argument 0: hex string has length 2, want 40 for common.Address',
    );
    expect(msg(() => decodeParams(decs, [null]))).toBe('missing value for required argument 0');
  });
});

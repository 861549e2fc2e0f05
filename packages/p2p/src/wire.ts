// The bytes of Basalt's own protocols: RLP messages, each length-prefixed (unsigned varint) on a
// libp2p stream. Decoders take untrusted bytes and throw P2PError BAD_MESSAGE on anything else.
import type { Block } from '@ethereumjs/block';
import { createBlockFromRLP } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { bigIntToUnpaddedBytes, bytesToBigInt } from '@ethereumjs/util';
import type { AbortOptions, Stream } from '@libp2p/interface';
import { type LengthPrefixedStream, lpStream } from '@libp2p/utils';
import { MAX_LENGTH_LENGTH } from './constants.ts';
import { badMessage } from './errors.ts';
import type { PeerStatus } from './types.ts';

/** A length-prefixed view of `stream` whose messages may not exceed `maxDataLength` bytes. */
export function framed(stream: Stream, maxDataLength: number): LengthPrefixedStream<Stream> {
  return lpStream(stream, { maxDataLength, maxLengthLength: MAX_LENGTH_LENGTH, maxBufferSize: maxDataLength + 16 });
}

/** Reads one message; the bytes as one array. */
export async function readMessage(lp: LengthPrefixedStream<Stream>, options?: AbortOptions): Promise<Uint8Array> {
  return (await lp.read(options)).subarray();
}

/** A canonical RLP integer: no leading zero byte, at most 32 bytes. */
function decodeUint(protocol: string, field: string, v: unknown, maxBytes = 32): bigint {
  if (!(v instanceof Uint8Array)) throw badMessage(protocol, `${field} is not a byte string`);
  if (v.length > maxBytes) throw badMessage(protocol, `${field} is longer than ${maxBytes} bytes`);
  if (v.length > 0 && v[0] === 0) throw badMessage(protocol, `${field} has a leading zero`);
  return bytesToBigInt(v);
}

function decodeHash(protocol: string, field: string, v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array) || v.length !== 32) throw badMessage(protocol, `${field} is not a 32-byte hash`);
  return v;
}

function decodeList(protocol: string, bytes: Uint8Array): unknown[] {
  let decoded: unknown;
  try {
    decoded = RLP.decode(bytes);
  } catch {
    throw badMessage(protocol, 'not RLP');
  }
  if (!Array.isArray(decoded)) throw badMessage(protocol, 'not an RLP list');
  return decoded;
}

export function encodeStatus(s: PeerStatus): Uint8Array {
  return RLP.encode([
    bigIntToUnpaddedBytes(s.chainId),
    s.genesisHash,
    bigIntToUnpaddedBytes(s.headNumber),
    s.headHash,
    bigIntToUnpaddedBytes(s.td),
  ]);
}

export function decodeStatus(bytes: Uint8Array): PeerStatus {
  const p = 'status';
  const f = decodeList(p, bytes);
  if (f.length !== 5) throw badMessage(p, `expected 5 fields, got ${f.length}`);
  return {
    chainId: decodeUint(p, 'chain id', f[0]),
    genesisHash: decodeHash(p, 'genesis hash', f[1]),
    headNumber: decodeUint(p, 'head number', f[2], 8),
    headHash: decodeHash(p, 'head hash', f[3]),
    td: decodeUint(p, 'total difficulty', f[4]),
  };
}

export interface RangeRequest {
  start: bigint;
  count: number;
}

export function encodeRangeRequest(r: RangeRequest): Uint8Array {
  return RLP.encode([bigIntToUnpaddedBytes(r.start), bigIntToUnpaddedBytes(BigInt(r.count))]);
}

export function decodeRangeRequest(bytes: Uint8Array): RangeRequest {
  const p = 'blocks-by-range';
  const f = decodeList(p, bytes);
  if (f.length !== 2) throw badMessage(p, `expected 2 fields, got ${f.length}`);
  return { start: decodeUint(p, 'start', f[0], 8), count: Number(decodeUint(p, 'count', f[1], 4)) };
}

export function encodeHashRequest(hashes: Uint8Array[]): Uint8Array {
  return RLP.encode(hashes);
}

export function decodeHashRequest(bytes: Uint8Array, max: number): Uint8Array[] {
  const p = 'blocks-by-hash';
  const f = decodeList(p, bytes);
  if (f.length > max) throw badMessage(p, `asks for ${f.length} blocks, at most ${max}`);
  return f.map((h, i) => decodeHash(p, `hash ${i}`, h));
}

/** The first message of a response: how many blocks follow. */
export function encodeCount(n: number): Uint8Array {
  return RLP.encode(bigIntToUnpaddedBytes(BigInt(n)));
}

export function decodeCount(protocol: string, bytes: Uint8Array): number {
  let v: unknown;
  try {
    v = RLP.decode(bytes);
  } catch {
    throw badMessage(protocol, 'count is not RLP');
  }
  return Number(decodeUint(protocol, 'count', v, 4));
}

/** Decodes an RLP block with the chain's rules at its number and timestamp. */
export function decodeBlock(protocol: string, bytes: Uint8Array, common: Common): Block {
  try {
    return createBlockFromRLP(bytes, { common, setHardfork: true });
  } catch (err) {
    throw badMessage(protocol, `not a block: ${(err as Error).message.split('\n')[0]}`);
  }
}

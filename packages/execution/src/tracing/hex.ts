import { bytesToHex, type PrefixedHexString } from '@ethereumjs/util';

/** A quantity as geth's hexutil prints it: `0x0`, `0x1f`. */
export function qty(n: bigint | number): PrefixedHexString {
  return `0x${n.toString(16)}`;
}

/** A 32-byte word, zero-padded. */
export function word(n: bigint): PrefixedHexString {
  return `0x${n.toString(16).padStart(64, '0')}`;
}

/** Bytes as 0x hex (`0x` when empty). */
export function hex(b: Uint8Array): PrefixedHexString {
  return bytesToHex(b);
}

/** Bytes left-padded to 32 as 0x hex. */
export function word32(b: Uint8Array): PrefixedHexString {
  if (b.length >= 32) return bytesToHex(b.subarray(b.length - 32));
  const out = new Uint8Array(32);
  out.set(b, 32 - b.length);
  return bytesToHex(out);
}

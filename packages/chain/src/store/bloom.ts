import { keccak_256 } from '@noble/hashes/sha3.js';

/** Size of a logs bloom in bytes (2048 bits). */
export const BLOOM_BYTES = 256;

/** The three bit positions (0..2047, counted from the last byte as the yellow paper does) of a value. */
function bitsOf(value: Uint8Array): [number, number, number] {
  const h = keccak_256(value);
  return [((h[0]! << 8) | h[1]!) & 2047, ((h[2]! << 8) | h[3]!) & 2047, ((h[4]! << 8) | h[5]!) & 2047];
}

/** A value's bloom bits as (byte index, mask) pairs, precomputed once per filter value. */
export type BloomProbe = [number, number][];

export function bloomProbe(value: Uint8Array): BloomProbe {
  return bitsOf(value).map((bit) => [BLOOM_BYTES - 1 - (bit >> 3), 1 << (bit & 7)] as [number, number]);
}

/** True when every bit of `probe` is set in `bloom` (the value may be in the set). */
export function bloomHas(bloom: Uint8Array, probe: BloomProbe): boolean {
  for (const [i, mask] of probe) if ((bloom[i]! & mask) === 0) return false;
  return true;
}

/** ORs `src` into `dst` in place. */
export function bloomOr(dst: Uint8Array, src: Uint8Array): void {
  for (let i = 0; i < BLOOM_BYTES; i++) dst[i] |= src[i] as number;
}

/**
 * A log filter's address and topic sets, turned into bloom probes:
 * the filter may match a bloom when any address matches (or none are given)
 * and, for every constrained topic position, any of its topics does.
 */
export class BloomFilter {
  private readonly addresses: BloomProbe[];
  private readonly topics: BloomProbe[][];

  constructor(addresses: Uint8Array[], topics: (Uint8Array[] | null)[]) {
    this.addresses = addresses.map(bloomProbe);
    this.topics = topics.filter((t): t is Uint8Array[] => t !== null && t.length > 0).map((t) => t.map(bloomProbe));
  }

  mayMatch(bloom: Uint8Array): boolean {
    if (this.addresses.length > 0 && !this.addresses.some((p) => bloomHas(bloom, p))) return false;
    for (const position of this.topics) if (!position.some((p) => bloomHas(bloom, p))) return false;
    return true;
  }
}

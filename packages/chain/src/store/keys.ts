import { bigIntToBytes, bytesToBigInt, setLengthLeft } from '@ethereumjs/util';

/** Sublevel names of the block store inside the node's database. */
export const SUBLEVELS = {
  /** block hash -> RLP of the header */
  headers: 'headers',
  /** block hash -> RLP of [transactions, uncles, withdrawals?] */
  bodies: 'bodies',
  /** 8-byte big-endian block number -> block hash, for the canonical chain only */
  canonical: 'canonical',
  /** block hash -> receipts of the block (see receipts.ts) */
  receipts: 'receipts',
  /** transaction hash -> RLP [block hash, index], for canonical blocks only */
  txIndex: 'txindex',
  /** block hash -> total difficulty (big-endian, unpadded) */
  td: 'td',
  /** fixed names (see META) -> values */
  meta: 'meta',
  /** 8-byte big-endian section number -> OR of the logs blooms of its blocks (256 bytes) */
  bloomSections: 'bloomsections',
  /**
   * block hash -> the state root a devnet serves for it: its stored root changed by state setters
   * (anvil_setBalance, ...) while it was the head (src/dev/headState.ts)
   */
  devStates: 'devstates',
} as const;

/** Keys in the `meta` sublevel. */
export const META = {
  genesis: new TextEncoder().encode('genesis'),
  genesisJSON: new TextEncoder().encode('genesisJSON'),
  head: new TextEncoder().encode('head'),
  safe: new TextEncoder().encode('safe'),
  finalized: new TextEncoder().encode('finalized'),
  bloomSectionSize: new TextEncoder().encode('bloomSectionSize'),
  /** Before SUBLEVELS.devStates: a devnet's state override of the head, RLP [head hash, root]. */
  devHeadState: new TextEncoder().encode('devHeadState'),
} as const;

/** A block number (or section number) as an 8-byte big-endian key, so keys sort by number. */
export function numberKey(n: bigint): Uint8Array {
  return setLengthLeft(bigIntToBytes(n), 8);
}

export function keyToNumber(key: Uint8Array): bigint {
  return bytesToBigInt(key);
}

import {
  createAccount,
  createAddressFromString,
  type Address,
  hexToBytes,
  isHexString,
  setLengthLeft,
} from '@ethereumjs/util';
import { StateError, StateErrorCode } from './errors.ts';
import type { StateStore } from './stateStore.ts';

/**
 * One account of a geth-style `genesis.json` `alloc` (also the account shape
 * of a `geth dump`). Numbers are hex (`0x…`) or decimal strings, or numbers.
 */
export interface GenesisAccount {
  balance?: string | number | bigint;
  nonce?: string | number | bigint;
  /** Bytecode as hex. */
  code?: string;
  /** Slot → value, both hex of at most 32 bytes. */
  storage?: Record<string, string>;
}

/** A geth-style `genesis.json` `alloc`: address (with or without `0x`) → account. */
export type GenesisAlloc = Record<string, GenesisAccount>;

/**
 * Writes `alloc` into an empty state of `store` and returns its state root.
 * The trie writes stay pending in the store: `store.flushInto(batch)` and
 * commit the batch to persist them. Zero storage values are left out, as geth does.
 * Throws {@link StateErrorCode.INVALID_GENESIS_ALLOC} on a malformed entry.
 */
export async function buildGenesisState(store: StateStore, alloc: GenesisAlloc): Promise<Uint8Array> {
  const sm = await store.openAt(store.emptyRoot);
  for (const [rawAddress, entry] of Object.entries(alloc)) {
    const address = parseAddress(rawAddress);
    const balance = parseQuantity(rawAddress, 'balance', entry.balance);
    const nonce = parseQuantity(rawAddress, 'nonce', entry.nonce);
    await sm.putAccount(address, createAccount({ balance, nonce }));
    const code = parseBytes(rawAddress, 'code', entry.code, Number.POSITIVE_INFINITY);
    if (code.length > 0) await sm.putCode(address, code);
    for (const [slot, value] of Object.entries(entry.storage ?? {})) {
      const key = setLengthLeft(parseBytes(rawAddress, `storage key ${slot}`, slot, 32), 32);
      const val = parseBytes(rawAddress, `storage value of ${slot}`, value, 32);
      if (val.some((b) => b !== 0)) await sm.putStorage(address, key, val);
    }
  }
  return sm.getStateRoot();
}

function invalid(address: string, field: string, value: unknown): StateError {
  return new StateError(
    { code: StateErrorCode.INVALID_GENESIS_ALLOC, address, field, value: String(value) },
    `invalid genesis alloc ${field} for ${address}: ${String(value)}`,
  );
}

function parseAddress(raw: string): Address {
  const hex = raw.startsWith('0x') || raw.startsWith('0X') ? `0x${raw.slice(2)}` : `0x${raw}`;
  if (!/^0x[0-9a-fA-F]{40}$/.test(hex)) throw invalid(raw, 'address', raw);
  return createAddressFromString(hex.toLowerCase());
}

function parseQuantity(address: string, field: string, value: string | number | bigint | undefined): bigint {
  if (value === undefined || value === '') return 0n;
  if (typeof value === 'bigint' && value >= 0n) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value !== 'string' || !/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(value)) throw invalid(address, field, value);
  return BigInt(value);
}

function parseBytes(address: string, field: string, value: string | undefined, maxLength: number): Uint8Array {
  if (value === undefined || value === '' || value === '0x') return new Uint8Array(0);
  let hex = typeof value === 'string' && !value.startsWith('0x') ? `0x${value}` : value;
  if (typeof hex !== 'string' || !isHexString(hex)) throw invalid(address, field, value);
  if (hex.length % 2 === 1) hex = `0x0${hex.slice(2)}`;
  const bytes = hexToBytes(hex as `0x${string}`);
  if (bytes.length > maxLength) throw invalid(address, field, value);
  return bytes;
}

// A tiny strict schema layer for JSON-RPC params: each decoder turns one JSON value into a typed
// value or throws InvalidParamsError with geth's wording (`common/hexutil/hexutil.go`).
import { Address, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import { InvalidParamsError } from './errors.ts';

/** Turns one JSON value into T, or throws {@link InvalidParamsError} (message without position). */
export type Decoder<T> = ((value: unknown) => T) & {
  /** Set by {@link optional}: the param may be absent or null. */
  readonly isOptional?: boolean;
};

/** The decoded tuple a list of decoders yields. */
export type DecodedParams<D extends readonly Decoder<unknown>[]> = {
  -readonly [K in keyof D]: D[K] extends Decoder<infer T> ? T : never;
};

export const HEX_ERRORS = {
  empty: 'empty hex string',
  syntax: 'invalid hex string',
  prefix: 'hex string without 0x prefix',
  odd: 'hex string of odd length',
  emptyNumber: 'hex string "0x"',
  leadingZero: 'hex number with leading zero digits',
  uint64: 'hex number > 64 bits',
  big256: 'hex number > 256 bits',
} as const;

function fail(message: string): never {
  throw new InvalidParamsError(message);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const HEX_DIGITS = /^[0-9a-fA-F]*$/;

/** Decodes a hex quantity (`0x0`, `0x1a`; no leading zeros) to a bigint of at most `bits` bits. */
export function decodeQuantity(value: unknown, bits = 256): bigint {
  if (typeof value !== 'string') fail(`cannot unmarshal ${typeName(value)} into a hex quantity`);
  if (value.length === 0) fail(HEX_ERRORS.empty);
  if (value.length < 2 || value[0] !== '0' || (value[1] !== 'x' && value[1] !== 'X')) fail(HEX_ERRORS.prefix);
  const digits = value.slice(2);
  if (digits.length === 0) fail(HEX_ERRORS.emptyNumber);
  if (!HEX_DIGITS.test(digits)) fail(HEX_ERRORS.syntax);
  if (digits.length > 1 && digits[0] === '0') fail(HEX_ERRORS.leadingZero);
  if (digits.length > bits / 4) fail(bits === 64 ? HEX_ERRORS.uint64 : HEX_ERRORS.big256);
  return BigInt(value);
}

/** Decodes hex data of any even length (`0x` is empty). */
export function decodeData(value: unknown): Uint8Array {
  if (typeof value !== 'string') fail(`cannot unmarshal ${typeName(value)} into hex data`);
  if (value.length === 0) fail(HEX_ERRORS.empty);
  if (value.length < 2 || value[0] !== '0' || (value[1] !== 'x' && value[1] !== 'X')) fail(HEX_ERRORS.prefix);
  if (value.length % 2 !== 0) fail(HEX_ERRORS.odd);
  if (!HEX_DIGITS.test(value.slice(2))) fail(HEX_ERRORS.syntax);
  return hexToBytes(value as PrefixedHexString);
}

function fixedBytes(value: unknown, size: number, what: string): Uint8Array {
  const bytes = decodeData(value);
  if (bytes.length !== size) fail(`hex string has length ${bytes.length * 2}, want ${size * 2} for ${what}`);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Decoders

export const quantity: Decoder<bigint> = (v) => decodeQuantity(v, 256);
export const uint64: Decoder<bigint> = (v) => decodeQuantity(v, 64);
/** A count or index that must fit a JS number (uint64 on the wire, then bounded). */
export const uintNumber: Decoder<number> = (v) => {
  const n = decodeQuantity(v, 64);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) fail(HEX_ERRORS.uint64);
  return Number(n);
};
export const data: Decoder<Uint8Array> = decodeData;
export const address: Decoder<Address> = (v) => new Address(fixedBytes(v, 20, 'common.Address'));
export const hash: Decoder<Uint8Array> = (v) => fixedBytes(v, 32, 'common.Hash');
export const bool: Decoder<boolean> = (v) => {
  if (typeof v !== 'boolean') fail(`cannot unmarshal ${typeName(v)} into bool`);
  return v;
};
export const string: Decoder<string> = (v) => {
  if (typeof v !== 'string') fail(`cannot unmarshal ${typeName(v)} into string`);
  return v;
};
/** Any JSON value, passed through (for typed data objects and free-form options). */
export const any: Decoder<unknown> = (v) => v;

/** A 32-byte storage slot key given as hex of at most 32 bytes (geth's `decodeHash`: odd length allowed). */
export const storageKey: Decoder<Uint8Array> = (v) => {
  if (typeof v !== 'string') fail(`cannot unmarshal ${typeName(v)} into a storage key`);
  let s = v.startsWith('0x') || v.startsWith('0X') ? v.slice(2) : v;
  if (s.length % 2 === 1) s = `0${s}`;
  if (s.length > 64) fail(`storage key too long (want at most 32 bytes): ${JSON.stringify(v)}`);
  if (!HEX_DIGITS.test(s)) fail(`invalid hex in storage key: ${JSON.stringify(v)}`);
  const out = new Uint8Array(32);
  out.set(hexToBytes(`0x${s}`), 32 - s.length / 2);
  return out;
};

/** Marks a decoder as optional: absent or null gives `fallback`. */
export function optional<T>(dec: Decoder<T>): Decoder<T | undefined>;
export function optional<T>(dec: Decoder<T>, fallback: T): Decoder<T>;
export function optional<T>(dec: Decoder<T>, fallback?: T): Decoder<T | undefined> {
  const d = ((v: unknown) => (v === undefined || v === null ? fallback : dec(v))) as Decoder<T | undefined>;
  (d as { isOptional?: boolean }).isOptional = true;
  return d;
}

export function arrayOf<T>(dec: Decoder<T>, maxLength = 10_000): Decoder<T[]> {
  return (v) => {
    if (!Array.isArray(v)) fail(`cannot unmarshal ${typeName(v)} into an array`);
    if (v.length > maxLength) fail(`too many elements (at most ${maxLength})`);
    return v.map((x, i) => {
      try {
        return dec(x);
      } catch (e) {
        if (e instanceof InvalidParamsError) fail(`element ${i}: ${e.message}`);
        throw e;
      }
    });
  };
}

export function object(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`cannot unmarshal ${typeName(v)} into an object`);
  return v as Record<string, unknown>;
}

/** Decodes field `key` of `obj` with `dec` when present and not null, prefixing errors with the field. */
export function field<T>(obj: Record<string, unknown>, key: string, dec: Decoder<T>): T | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  try {
    return dec(v);
  } catch (e) {
    if (e instanceof InvalidParamsError) fail(`${key}: ${e.message}`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Blocks

export type BlockTag = 'latest' | 'pending' | 'earliest' | 'safe' | 'finalized';
const TAGS: ReadonlySet<string> = new Set(['latest', 'pending', 'earliest', 'safe', 'finalized']);

/** A block as a request names it: a tag, a number, or (EIP-1898) a hash. */
export type BlockId =
  | { kind: 'tag'; tag: BlockTag }
  | { kind: 'number'; number: bigint }
  | { kind: 'hash'; hash: Uint8Array; requireCanonical: boolean };

export const LATEST: BlockId = Object.freeze({ kind: 'tag', tag: 'latest' }) as BlockId;

/** A block number or tag (`eth_getBlockByNumber`, filter ranges). */
export const blockNumberOrTag: Decoder<BlockId> = (v) => {
  if (typeof v === 'string' && TAGS.has(v)) return { kind: 'tag', tag: v as BlockTag };
  if (typeof v === 'string') return { kind: 'number', number: decodeQuantity(v, 64) };
  fail(`cannot unmarshal ${typeName(v)} into a block number`);
};

/** EIP-1898: a number or tag, a block hash string, or `{blockNumber}` / `{blockHash, requireCanonical}`. */
export const blockId: Decoder<BlockId> = (v) => {
  if (typeof v === 'string') {
    if (TAGS.has(v)) return { kind: 'tag', tag: v as BlockTag };
    if (v.length === 66) return { kind: 'hash', hash: hash(v), requireCanonical: false };
    return { kind: 'number', number: decodeQuantity(v, 64) };
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const hasHash = o.blockHash !== undefined && o.blockHash !== null;
    const hasNumber = o.blockNumber !== undefined && o.blockNumber !== null;
    if (hasHash && hasNumber) fail('cannot specify both BlockHash and BlockNumber, choose one or the other');
    if (hasHash) {
      const rc = o.requireCanonical;
      if (rc !== undefined && typeof rc !== 'boolean') fail('requireCanonical: must be a boolean');
      return { kind: 'hash', hash: field(o, 'blockHash', hash)!, requireCanonical: rc === true };
    }
    if (hasNumber) return field(o, 'blockNumber', blockNumberOrTag)!;
    fail('hex string without 0x prefix');
  }
  fail(`cannot unmarshal ${typeName(v)} into a block number or hash`);
};

/** A block hash or a number/tag (as `eth_getBlockReceipts` takes). */
export const blockHashOrNumber: Decoder<BlockId> = blockId;

// ---------------------------------------------------------------------------------------------
// Params

/** Decodes a params array against a list of decoders, with geth's "invalid argument N" messages. */
export function decodeParams<D extends readonly Decoder<unknown>[]>(decoders: D, params: unknown[]): DecodedParams<D> {
  if (params.length > decoders.length) {
    throw new InvalidParamsError(`too many arguments, want at most ${decoders.length}`);
  }
  const out = new Array(decoders.length);
  for (let i = 0; i < decoders.length; i++) {
    const dec = decoders[i]!;
    const v = params[i];
    if ((v === undefined || v === null) && !dec.isOptional) {
      throw new InvalidParamsError(`missing value for required argument ${i}`);
    }
    try {
      out[i] = dec(v);
    } catch (e) {
      if (e instanceof InvalidParamsError) throw new InvalidParamsError(`invalid argument ${i}: ${e.message}`);
      throw e;
    }
  }
  return out as DecodedParams<D>;
}

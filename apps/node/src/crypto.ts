// Native crypto for the Common the node creates, behind @ethereumjs/common's `customCrypto`:
// - `ecrecover` from the `secp256k1` npm addon (libsecp256k1, prebuilt for linux-x64, darwin-arm64
//   and win32-x64 inside the package): transactions' `getSenderAddress` and the EVM's ecrecover
//   precompile. The pure-JS default recovers ~400-600 signatures/s here; this one ~6,000-11,000/s.
// - `keccak256` from the `keccak` npm addon (prebuilt for linux-x64, darwin-x64, win32-x64): trie
//   node and key hashing, block, transaction and address hashes, the KECCAK256 opcode; ~3x the
//   pure-JS hash on trie-node-sized inputs.
// Both load their prebuilt binary with node-gyp-build at run time: no install script is needed,
// and where none loads the library's pure-JS code is used (docs/performance.md).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { CustomCrypto } from '@ethereumjs/common';
import { concatBytes, EthereumJSErrorWithoutCode, setLengthLeft } from '@ethereumjs/util';

interface Secp256k1Addon {
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
}

/** The addon's Keccak sponge (the package's stream API wraps it in a readable-stream Transform). */
interface KeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Buffer;
}
type KeccakAddon = new () => KeccakState;

let loaded: Secp256k1Addon | null | undefined;
let loadedKeccak: KeccakAddon | null | undefined;

/** The native keccak, or undefined where no prebuilt binary loads. */
function keccakAddon(): KeccakAddon | undefined {
  if (loadedKeccak === undefined) {
    try {
      // The native sponge itself, as `keccak/bindings` loads it, without its stream API: that one loads
      // readable-stream (~15 files; 30+ ms of every start) and makes a Transform per hash.
      const pkg = createRequire(import.meta.url).resolve('keccak/package.json');
      const addon = createRequire(pkg)('node-gyp-build')(dirname(pkg)) as unknown;
      loadedKeccak = typeof addon === 'function' ? (addon as KeccakAddon) : null;
    } catch {
      loadedKeccak = null;
    }
  }
  return loadedKeccak ?? undefined;
}

/** The native addon, or undefined where no prebuilt binary loads (then the library's pure JS is used). */
function addon(): Secp256k1Addon | undefined {
  if (loaded === undefined) {
    try {
      // `secp256k1/bindings` is the native half; the package's main silently falls back to elliptic (slower
      // than the library's own noble code), which is not worth plugging in.
      loaded = createRequire(import.meta.url)('secp256k1/bindings') as Secp256k1Addon;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/** geth's and ethereumjs' recovery id: v is 0/1 (typed txs), 27/28, or EIP-155's chainId * 2 + 35/36. */
export function recoveryId(v: bigint, chainId: bigint | undefined): number {
  const id = v === 0n || v === 1n ? v : chainId === undefined ? v - 27n : v - (2n * chainId + 35n);
  if (id !== 0n && id !== 1n) throw EthereumJSErrorWithoutCode('Invalid signature v value');
  return Number(id);
}

/**
 * `customCrypto` with a native `ecrecover` (same contract as @ethereumjs/util's: 64-byte public key,
 * throws on an invalid signature) and a native `keccak256`, each where its addon loads; undefined
 * when neither does.
 */
export function nativeCustomCrypto(): CustomCrypto | undefined {
  const secp = addon();
  const keccak = keccakAddon();
  if (secp === undefined && keccak === undefined) return undefined;
  const out: CustomCrypto = {};
  if (secp !== undefined) {
    out.ecrecover = (msgHash: Uint8Array, v: bigint, r: Uint8Array, s: Uint8Array, chainId?: bigint): Uint8Array => {
      const sig = concatBytes(setLengthLeft(r, 32), setLengthLeft(s, 32));
      return secp.ecdsaRecover(sig, recoveryId(v, chainId), msgHash, false).subarray(1);
    };
  }
  if (keccak !== undefined) {
    // keccak256: rate 1088, capacity 512, padding 0x01, 32 bytes out. One sponge, reset before each hash
    // (hashing is synchronous, so no two hashes share it at once).
    const state = new keccak();
    out.keccak256 = (msg: Uint8Array): Uint8Array => {
      state.initialize(1088, 512);
      state.absorb(Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength));
      state.absorbLastFewBits(0x01);
      const digest = state.squeeze(32);
      // A plain Uint8Array copy: a Buffer's slice() is a view, and callers may rely on slice() copying.
      return Uint8Array.from(digest);
    };
  }
  return out;
}

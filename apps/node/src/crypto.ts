// Native sender recovery for the Common the node creates: the `secp256k1` npm addon (libsecp256k1,
// prebuilt for linux-x64, darwin-arm64 and win32-x64 inside the package, loaded by node-gyp-build
// without any install script) behind @ethereumjs/common's `customCrypto.ecrecover`. Transactions'
// `getSenderAddress` and the EVM's ecrecover precompile both go through it. The pure-JS default
// recovers ~500 signatures/s; this one ~10,000/s (docs/performance.md).
import { createRequire } from 'node:module';
import type { CustomCrypto } from '@ethereumjs/common';
import { concatBytes, EthereumJSErrorWithoutCode, setLengthLeft } from '@ethereumjs/util';

interface Secp256k1Addon {
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
}

let loaded: Secp256k1Addon | null | undefined;

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
function recoveryId(v: bigint, chainId: bigint | undefined): number {
  const id = v === 0n || v === 1n ? v : chainId === undefined ? v - 27n : v - (2n * chainId + 35n);
  if (id !== 0n && id !== 1n) throw EthereumJSErrorWithoutCode('Invalid signature v value');
  return Number(id);
}

/**
 * `customCrypto` with a native `ecrecover` (same contract as @ethereumjs/util's: 64-byte public key,
 * throws on an invalid signature), or undefined when the addon cannot load on this platform.
 */
export function nativeCustomCrypto(): CustomCrypto | undefined {
  const secp = addon();
  if (secp === undefined) return undefined;
  return {
    ecrecover(msgHash: Uint8Array, v: bigint, r: Uint8Array, s: Uint8Array, chainId?: bigint): Uint8Array {
      const sig = concatBytes(setLengthLeft(r, 32), setLengthLeft(s, 32));
      return secp.ecdsaRecover(sig, recoveryId(v, chainId), msgHash, false).subarray(1);
    },
  };
}

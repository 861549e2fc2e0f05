// Native sender recovery (src/crypto.ts) must agree with @ethereumjs/util's pure-JS ecrecover for
// every kind of v, and fail the same way on a bad one.
import { describe, expect, it } from '@jest/globals';
import { createLegacyTx, createFeeMarket1559Tx } from '@ethereumjs/tx';
import { Common, Mainnet } from '@ethereumjs/common';
import { bigIntToUnpaddedBytes, ecrecover, hexToBytes, randomBytes } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { nativeCustomCrypto } from '../src/crypto.ts';

const key = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');

describe('nativeCustomCrypto', () => {
  const crypto = nativeCustomCrypto();

  it('loads the prebuilt addon on this platform', () => {
    expect(crypto?.ecrecover).toBeDefined();
  });

  it('recovers the same public key as the pure-JS ecrecover (typed, legacy, EIP-155, short r/s)', () => {
    const native = crypto!.ecrecover!;
    const common = new Common({ chain: Mainnet });
    for (let i = 0; i < 40; i++) {
      const typed = createFeeMarket1559Tx(
        { nonce: i, gasLimit: 21000, maxFeePerGas: 1, data: randomBytes(i) },
        { common },
      ).sign(key);
      const legacy = createLegacyTx({ nonce: i, gasLimit: 21000, gasPrice: 1 }, { common }).sign(key);
      for (const [tx, chainId] of [
        [typed, undefined],
        [legacy, 1n],
      ] as const) {
        const h = tx.getMessageToVerifySignature() as Uint8Array;
        const r = bigIntToUnpaddedBytes(tx.r!);
        const s = bigIntToUnpaddedBytes(tx.s!);
        expect(native(h, tx.v!, r, s, chainId)).toEqual(ecrecover(h, tx.v!, r, s, chainId));
      }
      // Pre-EIP-155 v (27/28) from the typed signature's parity.
      const h = typed.getMessageToVerifySignature();
      const r = bigIntToUnpaddedBytes(typed.r!);
      const s = bigIntToUnpaddedBytes(typed.s!);
      expect(native(h, typed.v! + 27n, r, s)).toEqual(ecrecover(h, typed.v! + 27n, r, s));
    }
  });

  it('throws on an invalid v, as the library does', () => {
    const h = randomBytes(32);
    expect(() => crypto!.ecrecover!(h, 5n, randomBytes(32), randomBytes(32))).toThrow(/Invalid signature v value/);
  });

  it('is what transactions use for their sender when plugged into the Common', () => {
    const common = new Common({ chain: Mainnet, customCrypto: crypto! });
    const tx = createFeeMarket1559Tx({ nonce: 1, gasLimit: 21000, maxFeePerGas: 1 }, { common }).sign(key);
    expect(tx.getSenderAddress().toString()).toBe('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266');
  });

  it('hashes with keccak256 exactly as the pure-JS keccak, into plain Uint8Arrays', () => {
    const keccak = crypto!.keccak256!;
    for (const len of [0, 1, 31, 32, 33, 135, 136, 137, 500, 4096]) {
      const msg = randomBytes(len);
      const h = keccak(msg);
      expect(h).toEqual(keccak_256(msg));
      expect(Object.getPrototypeOf(h)).toBe(Uint8Array.prototype);
    }
    // A view into a larger buffer hashes only its own bytes.
    const big = randomBytes(100);
    expect(keccak(big.subarray(10, 50))).toEqual(keccak_256(big.subarray(10, 50)));
  });
});

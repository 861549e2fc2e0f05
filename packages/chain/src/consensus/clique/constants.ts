import { hexToBytes } from '@ethereumjs/util';

/** Bytes at the start of a Clique header's extraData free for the signer (EIP-225 EXTRA_VANITY). */
export const EXTRA_VANITY = 32;
/** Bytes at the end of a Clique header's extraData holding the secp256k1 seal (EIP-225 EXTRA_SEAL). */
export const EXTRA_SEAL = 65;
/** Nonce of a vote to add the coinbase as a signer (EIP-225 NONCE_AUTH). */
export const NONCE_AUTH = hexToBytes('0xffffffffffffffff');
/** Nonce of a vote to remove the coinbase (EIP-225 NONCE_DROP); also the nonce of a block without a vote. */
export const NONCE_DROP = new Uint8Array(8);
/** Difficulty of a block sealed by the signer whose turn it is (EIP-225 DIFF_INTURN). */
export const DIFF_IN_TURN = 2n;
/** Difficulty of a block sealed out of turn (EIP-225 DIFF_NOTURN). */
export const DIFF_NO_TURN = 1n;
/** Random delay per signer an out-of-turn sealer waits, at most (N/2+1) of these (geth's wiggleTime). */
export const WIGGLE_MS = 500;
/** Snapshots are persisted every this many blocks (geth's checkpointInterval). */
export const SNAPSHOT_PERSIST_INTERVAL = 1024n;
/** How far ahead of the local clock a header's timestamp may be (geth's allowedFutureBlockTime). */
export const ALLOWED_FUTURE_SECONDS = 15n;
/** Heights for which the engine remembers who sealed what, to catch a signer sealing twice. */
export const EQUIVOCATION_WINDOW = 1024n;

// Transactions "signed" by an impersonated sender (anvil_impersonateAccount): no key, a marker
// signature that names the sender, and a sender that execution takes as given.
import type { Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { createTx, type TypedTransaction, type TypedTxData } from '@ethereumjs/tx';
import { Address, bigIntToBytes, bytesToBigInt, concatBytes, equalsBytes, setLengthLeft } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';

/**
 * The first 12 bytes of `r` in an impersonated transaction's signature: keccak256 of a fixed
 * phrase, so no real signature has them (a chance of 2^-96). The last 20 bytes are the sender.
 */
export const IMPERSONATION_MARKER: Uint8Array = keccak_256(
  new TextEncoder().encode('basalt impersonated sender'),
).slice(0, 12);

/** The `s` of every impersonated signature (any low value passes the EIP-2 check). */
const MARKER_S = 1n;

/** True when `tx` was made by {@link createImpersonatedTx} (it reads the sender from `r`, not by recovery). */
export function isImpersonatedTx(tx: TypedTransaction): boolean {
  return impersonatedSenderOf(tx) !== undefined;
}

/** The sender a marker signature names, or undefined for a normal signature. */
export function impersonatedSenderOf(tx: TypedTransaction): Address | undefined {
  if (tx.r === undefined || tx.s !== MARKER_S) return undefined;
  const r = setLengthLeft(bigIntToBytes(tx.r), 32);
  if (!equalsBytes(r.subarray(0, 12), IMPERSONATION_MARKER)) return undefined;
  return new Address(r.slice(12));
}

/**
 * A transaction from `sender` that needs no key: its signature is the marker (`r` = marker ‖
 * sender, `s` = 1; `v` = 0, or the EIP-155 value for a legacy transaction), so its hash is unique
 * per sender, and `getSenderAddress()` returns `sender`. The pool, the block builder and the EVM
 * take it like any signed transaction; it is meaningful only to a node that knows the marker
 * (a devnet: see {@link restoreImpersonatedSenders}).
 */
export function createImpersonatedTx(data: TypedTxData, sender: Address, common: Common): TypedTransaction {
  const type = Number((data as { type?: unknown }).type ?? 0);
  const r = bytesToBigInt(concatBytes(IMPERSONATION_MARKER, sender.bytes));
  const v = type === 0 ? common.chainId() * 2n + 35n : 0n;
  const tx = createTx({ ...data, v, r, s: MARKER_S } as TypedTxData, { common, freeze: false });
  return withSender(tx, sender);
}

/** Makes `tx` (not frozen) answer `sender` without recovering a signature. */
function withSender(tx: TypedTransaction, sender: Address): TypedTransaction {
  Object.defineProperty(tx, 'getSenderAddress', { value: () => sender });
  Object.defineProperty(tx, 'verifySignature', { value: () => true });
  return tx;
}

/**
 * Replaces, in place, each marker-signed transaction of `block` by one that answers its
 * impersonated sender (a block decoded from bytes recovers nonsense from the marker). Blocks
 * without such transactions are returned untouched. Only a devnet installs this (see
 * `Chain.decorateBlocks`): a network node must never trust the marker.
 */
export function restoreImpersonatedSenders(block: Block): Block {
  const txs = block.transactions;
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i]!;
    const sender = impersonatedSenderOf(tx);
    if (sender === undefined) continue;
    if (tx.getSenderAddress === (tx.constructor.prototype as TypedTransaction).getSenderAddress) {
      txs[i] = withSender(createTx(tx as unknown as TypedTxData, { common: tx.common, freeze: false }), sender);
    }
  }
  return block;
}

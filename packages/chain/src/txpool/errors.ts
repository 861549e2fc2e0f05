import { BasaltError } from '@basalt/common';

/**
 * Every code a {@link TxPoolError} can carry. The messages are geth's (`core/txpool/errors.go`,
 * `core/error.go`) because clients match them; branch on `err.code`, never on the message.
 */
export enum TxPoolErrorCode {
  /** A transaction with the same hash is already in the pool ("already known"). */
  ALREADY_KNOWN = 'TXPOOL_ALREADY_KNOWN',
  /** Same sender and nonce as a pooled transaction without a 10% bump of both fee caps ("replacement transaction underpriced"). */
  REPLACEMENT_UNDERPRICED = 'TXPOOL_REPLACEMENT_UNDERPRICED',
  /** The tip is below the pool's `minTip` ("transaction underpriced"). */
  UNDERPRICED = 'TXPOOL_UNDERPRICED',
  /** The pool is at its limit and the transaction pays no more than the cheapest one in it ("txpool is full"). */
  POOL_FULL = 'TXPOOL_FULL',
  /** The sender already has `maxPerSender` transactions in the pool ("account limit exceeded"). */
  ACCOUNT_LIMIT = 'TXPOOL_ACCOUNT_LIMIT',
  /** Balance below the cost of this transaction plus the sender's other pooled ones ("insufficient funds for gas * price + value"). */
  INSUFFICIENT_FUNDS = 'TXPOOL_INSUFFICIENT_FUNDS',
  /** The nonce is below the sender's account nonce ("nonce too low"). */
  NONCE_TOO_LOW = 'TXPOOL_NONCE_TOO_LOW',
  /** The encoded transaction is larger than `maxTxSize` ("oversized data"). */
  OVERSIZED_DATA = 'TXPOOL_OVERSIZED_DATA',
  /** The transaction is not signed or its signature does not recover ("invalid sender"). */
  INVALID_SENDER = 'TXPOOL_INVALID_SENDER',
}

/** Metadata per code, discriminated by `code`. Hashes and addresses are 0x-prefixed hex. */
export type TxPoolErrorType =
  | { code: TxPoolErrorCode.ALREADY_KNOWN; hash: string }
  | { code: TxPoolErrorCode.REPLACEMENT_UNDERPRICED; hash: string; existing: string }
  | { code: TxPoolErrorCode.UNDERPRICED; hash: string; tip: bigint; minTip: bigint }
  | { code: TxPoolErrorCode.POOL_FULL; hash: string }
  | { code: TxPoolErrorCode.ACCOUNT_LIMIT; hash: string; sender: string; limit: number }
  | { code: TxPoolErrorCode.INSUFFICIENT_FUNDS; hash: string; sender: string; balance: bigint; need: bigint }
  | { code: TxPoolErrorCode.NONCE_TOO_LOW; hash: string; sender: string; stateNonce: bigint; txNonce: bigint }
  | { code: TxPoolErrorCode.OVERSIZED_DATA; hash: string; size: number; limit: number }
  | { code: TxPoolErrorCode.INVALID_SENDER; hash: string; reason: string };

/** The error the transaction pool throws on purpose. Branch on `err.code`. */
export class TxPoolError extends BasaltError<TxPoolErrorType> {}

import type { Log } from '@ethereumjs/evm';
import type { TransactionType, TypedTransaction } from '@ethereumjs/tx';
import { type Address, createContractAddress } from '@ethereumjs/util';
import { encodeReceipt, type RunTxResult, type TxReceipt } from '@ethereumjs/vm';
import { effectiveGasPrice } from './checks.ts';
import { vmErrorMessage } from './revert.ts';
import type { ExecLog, TxOutcome } from './types.ts';

/** ethereumjs `[address, topics, data]` logs → {@link ExecLog}. */
export function toExecLogs(logs: Log[] | undefined): ExecLog[] {
  if (logs === undefined) return [];
  return logs.map(([address, topics, data]) => ({ address, topics, data }));
}

/** The receipt data of one executed tx. */
export function toOutcome(
  tx: TypedTransaction,
  from: Address,
  result: RunTxResult,
  baseFee: bigint | undefined,
  blobGasPrice?: bigint,
): TxOutcome {
  const receipt = result.receipt;
  const exception = result.execResult.exceptionError;
  const outcome: TxOutcome = {
    txHash: tx.hash(),
    type: tx.type,
    from,
    to: tx.to,
    status: exception === undefined ? 1 : 0,
    gasUsed: result.totalGasSpent,
    cumulativeGasUsed: receipt.cumulativeBlockGasUsed,
    effectiveGasPrice: effectiveGasPrice(tx, baseFee),
    // geth sets it for every creation, failed or not.
    contractAddress: tx.to === undefined ? createContractAddress(from, tx.nonce) : undefined,
    logs: toExecLogs(receipt.logs),
    logsBloom: receipt.bitvector,
  };
  if ('stateRoot' in receipt) outcome.root = receipt.stateRoot;
  if (tx.type === 3 && result.blobGasUsed !== undefined) {
    outcome.blobGasUsed = result.blobGasUsed;
    if (blobGasPrice !== undefined) outcome.blobGasPrice = blobGasPrice;
  }
  if (exception !== undefined) {
    outcome.error = vmErrorMessage(exception.error);
    if (exception.error === 'revert') outcome.revertData = result.execResult.returnValue;
  }
  return outcome;
}

/**
 * The consensus encoding of a receipt (what the receipts trie holds and
 * debug_getRawReceipts returns): `rlp([status|root, cumulativeGasUsed,
 * bloom, logs])`, prefixed with the type byte for typed transactions.
 */
export function encodeReceiptRLP(outcome: TxOutcome): Uint8Array {
  const base = {
    cumulativeBlockGasUsed: outcome.cumulativeGasUsed,
    bitvector: outcome.logsBloom,
    logs: outcome.logs.map((l): Log => [l.address, l.topics, l.data]),
  };
  const receipt: TxReceipt =
    outcome.root !== undefined ? { ...base, stateRoot: outcome.root } : { ...base, status: outcome.status };
  return encodeReceipt(receipt, outcome.type as TransactionType);
}

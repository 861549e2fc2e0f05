// Block, header, transaction, receipt and log objects exactly as the execution-apis spec (and
// geth, which recorded the conformance cases) shape them: hex quantities without leading zeros,
// null for what is unknown, and per transaction type only the fields that type has.
import type { Block, BlockHeader } from '@ethereumjs/block';
import type { StoredLog, StoredReceipt } from '@basalt/chain';
import type { TypedTransaction } from '@ethereumjs/tx';
import { type Address, bytesToHex, type PrefixedHexString } from '@ethereumjs/util';

/** A hex quantity: `0x0`, `0x1a` (no leading zeros). */
export function quantity(n: bigint | number): PrefixedHexString {
  return `0x${n.toString(16)}`;
}

/** Hex data of any length (`0x` when empty). */
export function hexData(b: Uint8Array): PrefixedHexString {
  return bytesToHex(b);
}

/** A lowercase 0x-address, or null. */
export function hexAddress(a: Address | Uint8Array | undefined): PrefixedHexString | null {
  if (a === undefined) return null;
  return bytesToHex(a instanceof Uint8Array ? a : a.bytes);
}

// ---------------------------------------------------------------------------------------------
// Headers and blocks

const sizeCache = new WeakMap<Block, number>();

/** RLP length of the whole block (the `size` field); cached per block object. */
export function blockSize(block: Block): number {
  let size = sizeCache.get(block);
  if (size === undefined) {
    size = block.serialize().length;
    sizeCache.set(block, size);
  }
  return size;
}

/** Header fields in geth's key order (alphabetical, as geth marshals a map); fork fields only when present. */
export function formatHeader(header: BlockHeader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (header.baseFeePerGas !== undefined) out.baseFeePerGas = quantity(header.baseFeePerGas);
  if (header.blobGasUsed !== undefined) out.blobGasUsed = quantity(header.blobGasUsed);
  out.difficulty = quantity(header.difficulty);
  if (header.excessBlobGas !== undefined) out.excessBlobGas = quantity(header.excessBlobGas);
  out.extraData = bytesToHex(header.extraData);
  out.gasLimit = quantity(header.gasLimit);
  out.gasUsed = quantity(header.gasUsed);
  out.hash = bytesToHex(header.hash());
  out.logsBloom = bytesToHex(header.logsBloom);
  out.miner = bytesToHex(header.coinbase.bytes);
  out.mixHash = bytesToHex(header.mixHash);
  out.nonce = bytesToHex(header.nonce);
  out.number = quantity(header.number);
  if (header.parentBeaconBlockRoot !== undefined) out.parentBeaconBlockRoot = bytesToHex(header.parentBeaconBlockRoot);
  out.parentHash = bytesToHex(header.parentHash);
  out.receiptsRoot = bytesToHex(header.receiptTrie);
  if (header.requestsHash !== undefined) out.requestsHash = bytesToHex(header.requestsHash);
  out.sha3Uncles = bytesToHex(header.uncleHash);
  out.stateRoot = bytesToHex(header.stateRoot);
  out.timestamp = quantity(header.timestamp);
  out.transactionsRoot = bytesToHex(header.transactionsTrie);
  if (header.withdrawalsRoot !== undefined) out.withdrawalsRoot = bytesToHex(header.withdrawalsRoot);
  return out;
}

/** A block: the header fields plus size, transactions (hashes or full), uncles and withdrawals. */
export function formatBlock(
  block: Block,
  fullTxs: boolean,
  senders?: readonly (Address | undefined)[],
): Record<string, unknown> {
  const h = block.header;
  const base = formatHeader(h);
  const out: Record<string, unknown> = {};
  // Re-insert in alphabetical order with the block-only fields in their places.
  const blockHash = base.hash as PrefixedHexString;
  const txs = fullTxs
    ? block.transactions.map((tx, i) => formatTransaction(tx, { block, blockHash, index: i, sender: senders?.[i] }))
    : block.transactions.map((tx) => bytesToHex(tx.hash()));
  const extra: Record<string, unknown> = {
    size: quantity(blockSize(block)),
    transactions: txs,
    uncles: block.uncleHeaders.map((u) => bytesToHex(u.hash())),
  };
  if (h.withdrawalsRoot !== undefined) {
    extra.withdrawals = (block.withdrawals ?? []).map((w) => ({
      index: quantity(w.index),
      validatorIndex: quantity(w.validatorIndex),
      address: bytesToHex(w.address.bytes),
      amount: quantity(w.amount),
    }));
  }
  const keys = [...Object.keys(base), ...Object.keys(extra)].sort();
  for (const k of keys) out[k] = k in base ? base[k] : extra[k];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Transactions

export interface TxPosition {
  block: Block;
  /** The block's hash as hex, when the caller has it (saves hashing per transaction). */
  blockHash?: PrefixedHexString;
  index: number;
  /** The sender if already known (a receipt has it), to skip signature recovery. */
  sender?: Address | undefined;
}

/** Effective gas price of a transaction in a block with `baseFee` (EIP-1559), or its gas price. */
export function effectiveGasPrice(tx: TypedTransaction, baseFee: bigint | undefined): bigint {
  if ('maxFeePerGas' in tx) {
    if (baseFee === undefined) return tx.maxFeePerGas;
    let tip = tx.maxFeePerGas - baseFee;
    if (tx.maxPriorityFeePerGas < tip) tip = tx.maxPriorityFeePerGas;
    return baseFee + tip;
  }
  return (tx as { gasPrice: bigint }).gasPrice;
}

type AccessListBytes = [Uint8Array, Uint8Array[]][];

function formatAccessList(al: AccessListBytes): { address: PrefixedHexString; storageKeys: PrefixedHexString[] }[] {
  return al.map(([addr, keys]) => ({ address: bytesToHex(addr), storageKeys: keys.map((k) => bytesToHex(k)) }));
}

function bytesToQuantity(b: Uint8Array): PrefixedHexString {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (i === b.length) return '0x0';
  const hex = bytesToHex(b.subarray(i)).slice(2);
  return `0x${hex[0] === '0' ? hex.slice(1) : hex}`;
}

/**
 * A transaction as eth_getTransactionBy* return it. Without a position (a pool transaction),
 * blockHash, blockNumber, blockTimestamp and transactionIndex are null and gasPrice is the fee cap.
 */
export function formatTransaction(tx: TypedTransaction, pos?: TxPosition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const header = pos?.block.header;
  out.blockHash = pos === undefined ? null : (pos.blockHash ?? bytesToHex(header!.hash()));
  out.blockNumber = header === undefined ? null : quantity(header.number);
  out.blockTimestamp = header === undefined ? null : quantity(header.timestamp);
  const from = pos?.sender ?? tx.getSenderAddress();
  out.from = bytesToHex(from.bytes);
  out.gas = quantity(tx.gasLimit);
  const type = tx.type;
  if (type >= 2) {
    const t = tx as TypedTransaction & { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
    out.gasPrice = quantity(header === undefined ? t.maxFeePerGas : effectiveGasPrice(tx, header.baseFeePerGas));
    out.maxFeePerGas = quantity(t.maxFeePerGas);
    out.maxPriorityFeePerGas = quantity(t.maxPriorityFeePerGas);
    if (type === 3) out.maxFeePerBlobGas = quantity((tx as unknown as { maxFeePerBlobGas: bigint }).maxFeePerBlobGas);
  } else {
    out.gasPrice = quantity((tx as { gasPrice: bigint }).gasPrice);
  }
  out.hash = bytesToHex(tx.hash());
  out.input = bytesToHex(tx.data);
  out.nonce = quantity(tx.nonce);
  out.to = tx.to === undefined ? null : bytesToHex(tx.to.bytes);
  out.transactionIndex = pos === undefined ? null : quantity(pos.index);
  out.value = quantity(tx.value);
  out.type = quantity(type);
  const v = tx.v ?? 0n;
  if (type === 0) {
    // EIP-155: v = chainId * 2 + 35/36 carries the chain id; 27/28 has none.
    if (v >= 35n) out.chainId = quantity((v - 35n) / 2n);
  } else {
    out.accessList = formatAccessList((tx as unknown as { accessList: AccessListBytes }).accessList);
    out.chainId = quantity((tx as unknown as { chainId: bigint }).chainId);
    if (type === 3) {
      out.blobVersionedHashes = [
        ...(tx as unknown as { blobVersionedHashes: PrefixedHexString[] }).blobVersionedHashes,
      ];
    }
    if (type === 4) {
      const list = (tx as unknown as { authorizationList: Uint8Array[][] }).authorizationList;
      out.authorizationList = list.map(([chainId, addr, nonce, yParity, r, s]) => ({
        chainId: bytesToQuantity(chainId!),
        address: bytesToHex(addr!),
        nonce: bytesToQuantity(nonce!),
        yParity: bytesToQuantity(yParity!),
        r: bytesToQuantity(r!),
        s: bytesToQuantity(s!),
      }));
    }
  }
  out.v = quantity(v);
  out.r = quantity(tx.r ?? 0n);
  out.s = quantity(tx.s ?? 0n);
  if (type !== 0) out.yParity = quantity(v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Receipts and logs

export function formatLog(log: StoredLog): Record<string, unknown> {
  return {
    address: bytesToHex(log.address),
    topics: log.topics.map((t) => bytesToHex(t)),
    data: bytesToHex(log.data),
    blockNumber: quantity(log.blockNumber),
    transactionHash: bytesToHex(log.txHash),
    transactionIndex: quantity(log.txIndex),
    blockHash: bytesToHex(log.blockHash),
    blockTimestamp: quantity(log.blockTimestamp),
    logIndex: quantity(log.logIndex),
    removed: log.removed,
  };
}

/** A receipt (alphabetical keys, as geth); pre-Byzantium receipts carry `root` instead of `status`. */
export function formatReceipt(r: StoredReceipt): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (r.blobGasPrice !== undefined && r.type === 3) out.blobGasPrice = quantity(r.blobGasPrice);
  if (r.blobGasUsed !== undefined && r.type === 3) out.blobGasUsed = quantity(r.blobGasUsed);
  out.blockHash = bytesToHex(r.blockHash);
  out.blockNumber = quantity(r.blockNumber);
  out.contractAddress = hexAddress(r.contractAddress);
  out.cumulativeGasUsed = quantity(r.cumulativeGasUsed);
  out.effectiveGasPrice = quantity(r.effectiveGasPrice);
  out.from = bytesToHex(r.from.bytes);
  out.gasUsed = quantity(r.gasUsed);
  out.logs = r.logs.map(formatLog);
  out.logsBloom = bytesToHex(r.logsBloom);
  const root = r.root;
  if (root !== undefined && root.length === 32) out.root = bytesToHex(root);
  else out.status = quantity(r.status);
  out.to = hexAddress(r.to);
  out.transactionHash = bytesToHex(r.txHash);
  out.transactionIndex = quantity(r.txIndex);
  out.type = quantity(r.type);
  return out;
}

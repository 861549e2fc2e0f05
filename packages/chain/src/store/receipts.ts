import type { BlockHeader } from '@ethereumjs/block';
import { RLP } from '@ethereumjs/rlp';
import { Address, bigIntToUnpaddedBytes, bytesToBigInt, bytesToInt, concatBytes, intToBytes } from '@ethereumjs/util';
import type { TxOutcome } from '@basalt/execution';
import { ChainError, ChainErrorCode } from '../errors.ts';
import type { StoredLog, StoredReceipt } from '../types.ts';

/** A transaction outcome as the store takes it: pre-Byzantium outcomes may carry the post-state root. */
export type ReceiptSource = TxOutcome & { root?: Uint8Array };

type Nested = Uint8Array | Nested[];

const EMPTY = new Uint8Array(0);

function opt(v: Uint8Array | undefined): Nested[] {
  return v === undefined ? [] : [v];
}

function optBig(v: bigint | undefined): Nested[] {
  return v === undefined ? [] : [bigIntToUnpaddedBytes(v)];
}

/**
 * The consensus encoding of one receipt (EIP-2718): `rlp([status or root, cumulativeGasUsed,
 * logsBloom, logs])`, prefixed by the type byte for typed transactions. This is what the receipts
 * root commits to and what debug_getRawReceipts serves.
 */
export function encodeConsensusReceipt(o: ReceiptSource): Uint8Array {
  const first = o.root ?? (o.status === 1 ? Uint8Array.of(1) : EMPTY);
  const logs = o.logs.map((l: ReceiptSource['logs'][number]) => [l.address, l.topics, l.data]);
  const body = RLP.encode([first, bigIntToUnpaddedBytes(o.cumulativeGasUsed), o.logsBloom, logs]);
  return o.type === 0 ? body : concatBytes(Uint8Array.of(o.type), body);
}

/**
 * The stored form of a block's receipts: an RLP list with, per transaction, the consensus
 * encoding plus what eth_getTransactionReceipt needs without recovering senders on read
 * (tx hash, status, from, to, contract address, gas used, effective gas price, the index of its
 * first log in the block, blob gas used and price).
 */
export function encodeBlockReceipts(outcomes: readonly ReceiptSource[]): Uint8Array {
  let logIndex = 0;
  const items: Nested[] = outcomes.map((o) => {
    const item: Nested[] = [
      encodeConsensusReceipt(o),
      o.txHash,
      intToBytes(o.status),
      o.from.bytes,
      opt(o.to?.bytes),
      opt(o.contractAddress?.bytes),
      bigIntToUnpaddedBytes(o.gasUsed),
      bigIntToUnpaddedBytes(o.effectiveGasPrice),
      intToBytes(logIndex),
      optBig(o.blobGasUsed),
      optBig(o.blobGasPrice),
    ];
    logIndex += o.logs.length;
    return item;
  });
  return RLP.encode(items);
}

function corrupt(what: string): ChainError {
  return new ChainError({ code: ChainErrorCode.CORRUPT_DATABASE, what }, `corrupt database: ${what}`);
}

interface ConsensusReceipt {
  type: number;
  statusOrRoot: Uint8Array;
  cumulativeGasUsed: bigint;
  logsBloom: Uint8Array;
  logs: [Uint8Array, Uint8Array[], Uint8Array][];
}

function decodeConsensusReceipt(raw: Uint8Array): ConsensusReceipt {
  let type = 0;
  let body = raw;
  if (raw.length > 0 && raw[0]! < 0xc0) {
    type = raw[0]!;
    body = raw.subarray(1);
  }
  const fields = RLP.decode(body) as unknown as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    [Uint8Array, Uint8Array[], Uint8Array][],
  ];
  if (!Array.isArray(fields) || fields.length !== 4) throw corrupt('receipt');
  return {
    type,
    statusOrRoot: fields[0],
    cumulativeGasUsed: bytesToBigInt(fields[1]),
    logsBloom: fields[2],
    logs: fields[3],
  };
}

/** The consensus encodings of a block's receipts, from their stored form. */
export function rawReceiptsFromStored(stored: Uint8Array): Uint8Array[] {
  const items = RLP.decode(stored) as unknown as Uint8Array[][];
  return items.map((item) => item[0]!);
}

/** Decodes a block's stored receipts into served receipts with positioned logs. */
export function decodeBlockReceipts(stored: Uint8Array, header: BlockHeader, blockHash: Uint8Array): StoredReceipt[] {
  const items = RLP.decode(stored) as unknown as Nested[][];
  if (!Array.isArray(items)) throw corrupt('receipts');
  return items.map((item, txIndex) => {
    const [
      consensus,
      txHash,
      status,
      from,
      to,
      contractAddress,
      gasUsed,
      effectiveGasPrice,
      firstLog,
      blobGasUsed,
      blobGasPrice,
    ] = item as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array[],
      Uint8Array[],
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array[],
      Uint8Array[],
    ];
    const c = decodeConsensusReceipt(consensus);
    const first = bytesToInt(firstLog);
    const logs: StoredLog[] = c.logs.map(([address, topics, data], i) => ({
      address,
      topics,
      data,
      blockNumber: header.number,
      blockHash,
      blockTimestamp: header.timestamp,
      txHash,
      txIndex,
      logIndex: first + i,
      removed: false,
    }));
    const receipt: StoredReceipt = {
      txHash,
      type: c.type,
      from: new Address(from),
      to: to.length > 0 ? new Address(to[0]!) : undefined,
      status: bytesToInt(status) === 1 ? 1 : 0,
      gasUsed: bytesToBigInt(gasUsed),
      cumulativeGasUsed: c.cumulativeGasUsed,
      effectiveGasPrice: bytesToBigInt(effectiveGasPrice),
      contractAddress: contractAddress.length > 0 ? new Address(contractAddress[0]!) : undefined,
      logsBloom: c.logsBloom,
      blockHash,
      blockNumber: header.number,
      txIndex,
      logs,
    };
    if (c.statusOrRoot.length === 32) receipt.root = c.statusOrRoot;
    if (blobGasUsed.length > 0) receipt.blobGasUsed = bytesToBigInt(blobGasUsed[0]!);
    if (blobGasPrice.length > 0) receipt.blobGasPrice = bytesToBigInt(blobGasPrice[0]!);
    return receipt;
  });
}

/**
 * The receipts {@link decodeBlockReceipts} gives for `encodeBlockReceipts(outcomes)`, built from the
 * outcomes without encoding and decoding them: the store caches a block it writes this way, so the
 * `logs` event and the first receipt reads of a new block decode nothing.
 */
export function receiptsFromOutcomes(
  outcomes: readonly ReceiptSource[],
  header: BlockHeader,
  blockHash: Uint8Array,
): StoredReceipt[] {
  let logIndex = 0;
  return outcomes.map((o, txIndex) => {
    const logs: StoredLog[] = o.logs.map((l) => ({
      address: l.address,
      topics: l.topics,
      data: l.data,
      blockNumber: header.number,
      blockHash,
      blockTimestamp: header.timestamp,
      txHash: o.txHash,
      txIndex,
      logIndex: logIndex++,
      removed: false,
    }));
    const receipt: StoredReceipt = {
      txHash: o.txHash,
      type: o.type,
      from: o.from,
      to: o.to,
      status: o.status === 1 ? 1 : 0,
      gasUsed: o.gasUsed,
      cumulativeGasUsed: o.cumulativeGasUsed,
      effectiveGasPrice: o.effectiveGasPrice,
      contractAddress: o.contractAddress,
      logsBloom: o.logsBloom,
      blockHash,
      blockNumber: header.number,
      txIndex,
      logs,
    };
    if (o.root !== undefined && o.root.length === 32) receipt.root = o.root;
    if (o.blobGasUsed !== undefined) receipt.blobGasUsed = o.blobGasUsed;
    if (o.blobGasPrice !== undefined) receipt.blobGasPrice = o.blobGasPrice;
    return receipt;
  });
}

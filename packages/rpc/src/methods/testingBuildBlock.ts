// testing_buildBlockV1: builds a block on a given parent from the given transactions (or, with
// null, from the pool) and returns it as an engine-API execution payload, without importing it:
// the chain, its head and its state stay as they were.
import type { TypedTransaction } from '@ethereumjs/tx';
import { type Address, bytesToHex } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { GETH_MESSAGES, InvalidParamsError, ServerError } from '../errors.ts';
import { quantity } from '../format.ts';
import type { RpcModule } from '../types.ts';
import { address, arrayOf, data, type Decoder, field, hash, object, optional, uint64 } from '../validation.ts';
import { decodeRawTransaction } from './ethSubmit.ts';

/** The gas limit a builder moves towards (geth's default miner gas ceiling). */
export const BUILDER_GAS_TARGET = 60_000_000n;

interface PayloadAttributes {
  timestamp: bigint;
  prevRandao: Uint8Array;
  feeRecipient: Address;
  withdrawals: unknown[] | undefined;
  parentBeaconBlockRoot: Uint8Array | undefined;
}

const payloadAttributes: Decoder<PayloadAttributes> = (v) => {
  const o = object(v);
  const timestamp = field(o, 'timestamp', uint64);
  const prevRandao = field(o, 'prevRandao', hash);
  const feeRecipient = field(o, 'suggestedFeeRecipient', address);
  if (timestamp === undefined || prevRandao === undefined || feeRecipient === undefined) {
    throw new InvalidParamsError('payload attributes need timestamp, prevRandao and suggestedFeeRecipient');
  }
  const withdrawals = o.withdrawals === undefined || o.withdrawals === null ? undefined : o.withdrawals;
  if (withdrawals !== undefined && !Array.isArray(withdrawals))
    throw new InvalidParamsError('withdrawals: not an array');
  return {
    timestamp,
    prevRandao,
    feeRecipient,
    withdrawals,
    parentBeaconBlockRoot: field(o, 'parentBeaconBlockRoot', hash),
  };
};

/** The next gas limit: towards {@link BUILDER_GAS_TARGET} by at most parent/1024 - 1 (the protocol's bound). */
function nextGasLimit(parent: bigint): bigint {
  const step = parent / 1024n - 1n;
  if (parent > BUILDER_GAS_TARGET) return parent - step < BUILDER_GAS_TARGET ? BUILDER_GAS_TARGET : parent - step;
  return parent + step > BUILDER_GAS_TARGET ? BUILDER_GAS_TARGET : parent + step;
}

export function createTestingModule(backend: RpcBackend): RpcModule {
  const chain = backend.chain;
  return {
    namespace: 'testing',
    methods: {
      testing_buildBlockV1: {
        params: [hash, payloadAttributes, optional(arrayOf(data)), optional(data)],
        handler: async ([parentHash, attrs, rawTxs, extraData]: [
          Uint8Array,
          PayloadAttributes,
          Uint8Array[] | undefined,
          Uint8Array | undefined,
        ]) => {
          const parent = await chain.getBlock(parentHash);
          if (parent === undefined) throw new ServerError(GETH_MESSAGES.headerForHashNotFound);
          if (attrs.timestamp <= parent.header.timestamp) {
            throw new ServerError('invalid timestamp: not after the parent');
          }
          if (attrs.withdrawals !== undefined && attrs.withdrawals.length > 0) {
            throw new InvalidParamsError('withdrawals are not supported by this builder');
          }
          const explicit = rawTxs !== undefined;
          const txs: TypedTransaction[] = explicit
            ? rawTxs.map((raw) => decodeRawTransaction(raw, backend))
            : chain.txPool.pendingForBlock(backend.nextBaseFee(parent));
          const built = await chain.executor.buildBlock({
            parent,
            txs,
            template: {
              timestamp: attrs.timestamp,
              coinbase: attrs.feeRecipient,
              gasLimit: nextGasLimit(parent.header.gasLimit),
              prevRandao: attrs.prevRandao,
              ...(extraData !== undefined ? { extraData } : {}),
              ...(attrs.parentBeaconBlockRoot !== undefined
                ? { parentBeaconBlockRoot: attrs.parentBeaconBlockRoot }
                : {}),
            },
          });
          // The block is not imported: drop the trie nodes its building left pending. (A node
          // that serves testing_ does not mine, so no other block's writes are pending here.)
          chain.states.discardPending();
          if (explicit && built.skipped.length > 0) throw new ServerError(built.skipped[0]!.error.message);
          const { block, outcomes } = built;
          const h = block.header;
          const baseFee = h.baseFeePerGas ?? 0n;
          let value = 0n;
          for (const o of outcomes) value += o.gasUsed * (o.effectiveGasPrice - baseFee);
          const payload: Record<string, unknown> = {
            parentHash: bytesToHex(h.parentHash),
            feeRecipient: bytesToHex(h.coinbase.bytes),
            stateRoot: bytesToHex(h.stateRoot),
            receiptsRoot: bytesToHex(h.receiptTrie),
            logsBloom: bytesToHex(h.logsBloom),
            prevRandao: bytesToHex(h.mixHash),
            blockNumber: quantity(h.number),
            gasLimit: quantity(h.gasLimit),
            gasUsed: quantity(h.gasUsed),
            timestamp: quantity(h.timestamp),
            extraData: bytesToHex(h.extraData),
            baseFeePerGas: quantity(baseFee),
            blockHash: bytesToHex(block.hash()),
            transactions: block.transactions.map((tx) => bytesToHex(tx.serialize())),
          };
          if (block.withdrawals !== undefined) {
            payload.withdrawals = block.withdrawals.map((w) => ({
              index: quantity(w.index),
              validatorIndex: quantity(w.validatorIndex),
              address: bytesToHex(w.address.bytes),
              amount: quantity(w.amount),
            }));
          }
          if (h.blobGasUsed !== undefined) payload.blobGasUsed = quantity(h.blobGasUsed);
          if (h.excessBlobGas !== undefined) payload.excessBlobGas = quantity(h.excessBlobGas);
          const bundle = { commitments: [] as string[], proofs: [] as string[], blobs: [] as string[] };
          for (const tx of txs) {
            const b = tx as { blobs?: string[]; kzgCommitments?: string[]; kzgProofs?: string[] };
            if (
              b.blobs === undefined ||
              !block.transactions.some((t) => bytesToHex(t.hash()) === bytesToHex(tx.hash()))
            )
              continue;
            bundle.blobs.push(...b.blobs);
            bundle.commitments.push(...(b.kzgCommitments ?? []));
            bundle.proofs.push(...(b.kzgProofs ?? []));
          }
          return {
            executionPayload: payload,
            blockValue: quantity(value),
            blobsBundle: bundle,
            executionRequests: [],
            shouldOverrideBuilder: false,
          };
        },
      },
    },
  };
}

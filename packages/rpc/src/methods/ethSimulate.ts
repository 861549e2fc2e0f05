// eth_simulateV1: simulated blocks of calls on top of a block, with geth's request and result shapes.
import type {
  SimBlockInput,
  SimBlockOverrides,
  SimCallResult,
  SimulatedBlock,
  SimulateInput,
  Withdrawal,
} from '@basalt/execution';
import { bytesToHex } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { SimulateErrorCode } from '@basalt/execution';
import { isBasaltError } from '@basalt/common';
import { InvalidParamsError, RpcError, RpcErrorCode } from '../errors.ts';
import { formatBlock, quantity } from '../format.ts';
import type { RpcMethod } from '../types.ts';
import {
  address,
  arrayOf,
  type BlockId,
  blockId,
  bool,
  type Decoder,
  field,
  hash,
  LATEST,
  object,
  optional,
  quantity as quantityDec,
  uint64,
} from '../validation.ts';
import { blockOverrides, callRequest, stateOverrides } from './callRequest.ts';

const withdrawal: Decoder<Withdrawal> = (v) => {
  const o = object(v);
  return {
    index: field(o, 'index', uint64) ?? 0n,
    validatorIndex: field(o, 'validatorIndex', uint64) ?? 0n,
    address:
      field(o, 'address', address) ??
      (() => {
        throw new InvalidParamsError('address: missing');
      })(),
    amount: field(o, 'amount', uint64) ?? 0n,
  };
};

const simBlockOverrides: Decoder<SimBlockOverrides> = (v) => {
  const out: SimBlockOverrides = blockOverrides(v);
  const o = object(v);
  const withdrawals = field(o, 'withdrawals', arrayOf(withdrawal));
  if (withdrawals !== undefined) out.withdrawals = withdrawals;
  const beaconRoot = field(o, 'beaconRoot', hash);
  if (beaconRoot !== undefined) out.beaconRoot = beaconRoot;
  // geth accepts a difficulty override and ignores it after the merge.
  field(o, 'difficulty', quantityDec);
  return out;
};

const simBlock: Decoder<SimBlockInput> = (v) => {
  const o = object(v);
  const out: SimBlockInput = {};
  const bo = field(o, 'blockOverrides', simBlockOverrides);
  if (bo !== undefined) out.blockOverrides = bo;
  const so = field(o, 'stateOverrides', stateOverrides);
  if (so !== undefined) out.stateOverrides = so;
  const calls = field(o, 'calls', arrayOf(callRequest));
  if (calls !== undefined) out.calls = calls;
  return out;
};

type SimOpts = SimulateInput & { returnFullTransactions: boolean };

const simOpts: Decoder<SimOpts> = (v) => {
  const o = object(v);
  return {
    blockStateCalls: field(o, 'blockStateCalls', arrayOf(simBlock)) ?? [],
    traceTransfers: field(o, 'traceTransfers', bool) ?? false,
    validation: field(o, 'validation', bool) ?? false,
    returnFullTransactions: field(o, 'returnFullTransactions', bool) ?? false,
  };
};

function formatCall(c: SimCallResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    returnData: bytesToHex(c.returnData),
    logs: c.logs.map((l) => ({
      address: bytesToHex(l.address),
      topics: l.topics.map((t) => bytesToHex(t)),
      data: bytesToHex(l.data),
      blockNumber: quantity(l.blockNumber),
      transactionHash: bytesToHex(l.transactionHash),
      transactionIndex: quantity(l.transactionIndex),
      blockHash: bytesToHex(l.blockHash),
      blockTimestamp: quantity(l.blockTimestamp),
      logIndex: quantity(l.logIndex),
      removed: false,
    })),
    gasUsed: quantity(c.gasUsed),
    maxUsedGas: quantity(c.maxUsedGas),
    status: quantity(c.status),
  };
  if (c.error !== undefined) {
    const e: Record<string, unknown> = { message: c.error.message, code: c.error.code };
    if (c.error.data !== undefined) e.data = c.error.data;
    out.error = e;
  }
  return out;
}

function formatSimulated(b: SimulatedBlock, fullTxs: boolean): Record<string, unknown> {
  const out = formatBlock(b.block, fullTxs, b.senders);
  out.calls = b.calls.map(formatCall);
  return out;
}

export function simulateMethods(backend: RpcBackend): Record<string, RpcMethod> {
  return {
    eth_simulateV1: {
      params: [simOpts, optional(blockId, LATEST)],
      handler: async ([opts, id]: [SimOpts, BlockId]) => {
        const base = await backend.requireBlock(id);
        let blocks: SimulatedBlock[];
        try {
          blocks = await backend.chain.executor.simulate(opts, base);
        } catch (err) {
          // geth answers -32603 for a transaction rule without a code of its own: the caller's
          // mistake, not a node failure (so not logged as one).
          if (isBasaltError(err) && err.code === SimulateErrorCode.INVALID_TX) {
            throw new RpcError(RpcErrorCode.INTERNAL_ERROR, err.message);
          }
          throw err;
        }
        return blocks.map((b) => formatSimulated(b, opts.returnFullTransactions));
      },
    },
  };
}

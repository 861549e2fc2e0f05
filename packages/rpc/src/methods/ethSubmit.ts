// eth_sendRawTransaction, and eth_sendTransaction for the dev accounts.
import { RLP } from '@ethereumjs/rlp';
import {
  createBlob4844TxFromBytesArray,
  createTx,
  createTxFromRLP,
  type TypedTransaction,
  type TypedTxData,
} from '@ethereumjs/tx';
import type { Common } from '@ethereumjs/common';
import { bytesToBigInt, bytesToHex } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { GETH_MESSAGES, InvalidParamsError, ServerError } from '../errors.ts';
import type { DevSigner } from '../signer.ts';
import type { RpcMethod } from '../types.ts';
import { data } from '../validation.ts';
import { callRequest, type TxRequest } from './callRequest.ts';

const TYPE_EIPS: Record<number, number> = { 1: 2930, 2: 1559, 3: 4844, 4: 7702 };

/**
 * Decodes a signed transaction as eth_sendRawTransaction receives it: legacy RLP, a typed
 * envelope, or a blob transaction in its network form (sidecar dropped: the pool keeps the
 * canonical transaction, whose hash is the one returned).
 */
export function decodeRawTransaction(raw: Uint8Array, backend: RpcBackend): TypedTransaction {
  if (raw.length === 0) throw new ServerError('typed transaction too short');
  const common = backend.commonForNextBlock();
  const first = raw[0]!;
  let fields: unknown;
  try {
    fields = RLP.decode(first >= 0xc0 ? raw : raw.subarray(1));
  } catch (e) {
    throw new ServerError(`rlp: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!Array.isArray(fields)) throw new ServerError('rlp: expected input list');
  let chainId: bigint | undefined;
  if (first >= 0xc0) {
    const v = fields[6] instanceof Uint8Array ? bytesToBigInt(fields[6]) : 0n;
    if (v >= 35n) chainId = (v - 35n) / 2n;
    else if (!backend.opts.allowUnprotectedTxs) {
      throw new ServerError('only replay-protected (EIP-155) transactions allowed over RPC');
    }
  } else {
    const eip = TYPE_EIPS[first];
    if (eip === undefined || !common.isActivatedEIP(eip)) throw new ServerError('transaction type not supported');
    if (first === 3 && common.customCrypto.kzg === undefined)
      throw new ServerError('blob transactions are not supported');
    const body = first === 3 && Array.isArray(fields[0]) ? (fields[0] as unknown[]) : fields;
    chainId = body[0] instanceof Uint8Array ? bytesToBigInt(body[0]) : undefined;
  }
  if (chainId !== undefined && chainId !== backend.chain.chainId) throw new ServerError('invalid chain id for signer');
  try {
    if (first === 3 && Array.isArray(fields[0])) {
      return createBlob4844TxFromBytesArray(fields[0] as never, { common });
    }
    return createTxFromRLP(raw, { common });
  } catch (e) {
    throw new ServerError(`invalid transaction: ${(e as Error).message.split('\n')[0]}`);
  }
}

export function submitMethods(backend: RpcBackend, signer: DevSigner): Record<string, RpcMethod> {
  const chain = backend.chain;
  return {
    eth_sendRawTransaction: {
      params: [data],
      handler: async ([raw]: [Uint8Array]) => {
        const tx = decodeRawTransaction(raw, backend);
        const hash = await chain.txPool.add(tx, { local: true });
        await backend.opts.afterSubmit?.();
        return bytesToHex(hash);
      },
    },
    eth_sendTransaction: {
      params: [callRequest],
      handler: async ([req]: [TxRequest]) => {
        const tx = await fillAndSign(backend, signer, req);
        const hash = await chain.txPool.add(tx, { local: true });
        await backend.opts.afterSubmit?.();
        return bytesToHex(hash);
      },
    },
  };
}

/** Fills what a request leaves out (geth's `setDefaults`) and signs with the dev key of `from`. */
export async function fillAndSign(backend: RpcBackend, signer: DevSigner, req: TxRequest): Promise<TypedTransaction> {
  if (req.from === undefined) throw new InvalidParamsError('missing from');
  const key = signer.privateKey(req.from.toString());
  const { data, common } = await fillTxData(backend, req);
  return createTx(data, { common }).sign(key);
}

/**
 * The unsigned transaction fields of a request, with what it leaves out filled (geth's
 * `setDefaults`: type, nonce from the pool, fees, gas estimate), and the Common to build it with.
 */
export async function fillTxData(backend: RpcBackend, req: TxRequest): Promise<{ data: TypedTxData; common: Common }> {
  if (req.from === undefined) throw new InvalidParamsError('missing from');
  const chain = backend.chain;
  const chainId = chain.chainId;
  if (req.chainId !== undefined && req.chainId !== chainId) {
    throw new ServerError(`chainId does not match node's (have=${req.chainId}, want=${chainId})`);
  }
  const common = backend.commonForNextBlock();
  const london = common.isActivatedEIP(1559);
  let type = req.type;
  if (type === undefined) {
    if (req.authorizationList !== undefined) type = 4;
    else if (req.gasPrice !== undefined || !london)
      type = req.accessList !== undefined && common.isActivatedEIP(2930) ? 1 : 0;
    else type = 2;
  }
  if (type === 3) throw new ServerError('blob transactions are not supported by eth_sendTransaction');
  const filled: TxRequest = { ...req, type };
  if (filled.nonce === undefined) filled.nonce = await chain.txPool.pendingNonce(req.from);
  if (type >= 2) {
    const baseFee = backend.nextBaseFee();
    let tip = filled.maxPriorityFeePerGas ?? backend.opts.priorityFee;
    const maxFee = filled.maxFeePerGas ?? tip + 2n * baseFee;
    if (filled.maxPriorityFeePerGas === undefined && tip > maxFee) tip = maxFee;
    if (tip > maxFee) throw new ServerError(GETH_MESSAGES.tipAboveFeeCap);
    filled.maxPriorityFeePerGas = tip;
    filled.maxFeePerGas = maxFee;
  } else if (filled.gasPrice === undefined) {
    filled.gasPrice = backend.nextBaseFee() + backend.opts.priorityFee;
  }
  if (filled.gas === undefined) filled.gas = await chain.executor.estimateGas(filled, chain.head());
  const txData: Record<string, unknown> = {
    type,
    nonce: filled.nonce,
    gasLimit: filled.gas,
    value: filled.value ?? 0n,
    data: filled.data ?? new Uint8Array(),
    chainId,
  };
  if (filled.to !== undefined) txData.to = filled.to;
  if (type >= 2) {
    txData.maxFeePerGas = filled.maxFeePerGas;
    txData.maxPriorityFeePerGas = filled.maxPriorityFeePerGas;
  } else {
    txData.gasPrice = filled.gasPrice;
  }
  if (type >= 1) txData.accessList = filled.accessList ?? [];
  if (type === 4) txData.authorizationList = filled.authorizationList ?? [];
  return { data: txData as TypedTxData, common };
}

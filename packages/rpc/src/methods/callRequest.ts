// Decoders for the transaction-shaped objects of eth_call / eth_estimateGas / eth_createAccessList /
// eth_sendTransaction (geth's TransactionArgs), state overrides and block overrides.
import type { BlockOverrides, CallRequest, StateOverrides } from '@basalt/execution';
import { type Address, bytesToHex, equalsBytes, type PrefixedHexString } from '@ethereumjs/util';
import { GETH_MESSAGES, InvalidParamsError } from '../errors.ts';
import {
  address,
  arrayOf,
  data,
  type Decoder,
  field,
  hash,
  object,
  quantity,
  storageKey,
  uint64,
} from '../validation.ts';

type AccessListJSON = { address: PrefixedHexString; storageKeys: PrefixedHexString[] }[];

const accessList: Decoder<AccessListJSON> = arrayOf((v) => {
  const o = object(v);
  const a = field(o, 'address', address);
  if (a === undefined) throw new InvalidParamsError('address: missing');
  const keys = field(o, 'storageKeys', arrayOf(hash)) ?? [];
  return { address: a.toString() as PrefixedHexString, storageKeys: keys.map((k) => bytesToHex(k)) };
});

const authorization: Decoder<Record<string, PrefixedHexString>> = (v) => {
  const o = object(v);
  const out: Record<string, PrefixedHexString> = {};
  for (const [k, dec] of [
    ['chainId', quantity],
    ['nonce', uint64],
    ['yParity', quantity],
    ['r', quantity],
    ['s', quantity],
  ] as const) {
    const x = field(o, k, dec);
    if (x === undefined) throw new InvalidParamsError(`${k}: missing`);
    out[k] = `0x${x.toString(16)}`;
  }
  const a = field(o, 'address', address);
  if (a === undefined) throw new InvalidParamsError('address: missing');
  out.address = a.toString() as PrefixedHexString;
  return out;
};

/** A decoded transaction request (the blob fields are part of CallRequest). */
export type TxRequest = CallRequest & {
  chainId?: bigint;
};

/** geth's TransactionArgs: every field optional; `input` wins, `data` is its alias (they must agree). */
export const callRequest: Decoder<TxRequest> = (v) => {
  const o = object(v);
  const req: TxRequest = {};
  const from = field(o, 'from', address);
  if (from !== undefined) req.from = from;
  const to = field(o, 'to', address);
  if (to !== undefined) req.to = to;
  const gas = field(o, 'gas', uint64);
  if (gas !== undefined) req.gas = gas;
  const gasPrice = field(o, 'gasPrice', quantity);
  if (gasPrice !== undefined) req.gasPrice = gasPrice;
  const maxFee = field(o, 'maxFeePerGas', quantity);
  if (maxFee !== undefined) req.maxFeePerGas = maxFee;
  const tip = field(o, 'maxPriorityFeePerGas', quantity);
  if (tip !== undefined) req.maxPriorityFeePerGas = tip;
  if (gasPrice !== undefined && (maxFee !== undefined || tip !== undefined)) {
    throw new InvalidParamsError('both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified');
  }
  const value = field(o, 'value', quantity);
  if (value !== undefined) req.value = value;
  const nonce = field(o, 'nonce', uint64);
  if (nonce !== undefined) req.nonce = nonce;
  const input = field(o, 'input', data);
  const d = field(o, 'data', data);
  if (input !== undefined && d !== undefined && !equalsBytes(input, d))
    throw new InvalidParamsError(GETH_MESSAGES.dataInputMismatch);
  const payload = input ?? d;
  if (payload !== undefined) req.data = payload;
  const al = field(o, 'accessList', accessList);
  if (al !== undefined) req.accessList = al;
  const auths = field(o, 'authorizationList', arrayOf(authorization));
  if (auths !== undefined) req.authorizationList = auths;
  const type = field(o, 'type', uint64);
  if (type !== undefined) {
    if (type > 4n) throw new InvalidParamsError(`type: transaction type ${type} not supported`);
    req.type = Number(type);
  }
  const chainId = field(o, 'chainId', quantity);
  if (chainId !== undefined) req.chainId = chainId;
  const blobHashes = field(o, 'blobVersionedHashes', arrayOf(hash));
  if (blobHashes !== undefined) req.blobVersionedHashes = blobHashes.map((h) => bytesToHex(h));
  const maxFeePerBlobGas = field(o, 'maxFeePerBlobGas', quantity);
  if (maxFeePerBlobGas !== undefined) req.maxFeePerBlobGas = maxFeePerBlobGas;
  return req;
};

const slotMap: Decoder<Record<PrefixedHexString, PrefixedHexString>> = (v) => {
  const o = object(v);
  const out: Record<PrefixedHexString, PrefixedHexString> = {};
  for (const [k, val] of Object.entries(o)) {
    const key = bytesToHex(storageKey(k));
    try {
      out[key] = bytesToHex(hash(val));
    } catch (e) {
      if (e instanceof InvalidParamsError) throw new InvalidParamsError(`${k}: ${e.message}`);
      throw e;
    }
  }
  return out;
};

/** geth's state override set: address -> {balance, nonce, code, state | stateDiff, movePrecompileToAddress}. */
export const stateOverrides: Decoder<StateOverrides> = (v) => {
  const o = object(v);
  const out: StateOverrides = {};
  for (const [addrText, raw] of Object.entries(o)) {
    let addr: Address;
    try {
      addr = address(addrText);
    } catch (e) {
      if (e instanceof InvalidParamsError) throw new InvalidParamsError(`${addrText}: ${e.message}`);
      throw e;
    }
    const a = object(raw);
    const entry: StateOverrides[PrefixedHexString] = {};
    const wrap = <T>(key: string, dec: Decoder<T>) => field(a, key, (x) => dec(x));
    const balance = wrap('balance', quantity);
    if (balance !== undefined) entry.balance = balance;
    const nonce = wrap('nonce', uint64);
    if (nonce !== undefined) entry.nonce = nonce;
    const code = wrap('code', data);
    if (code !== undefined) entry.code = code;
    const state = wrap('state', slotMap);
    const diff = wrap('stateDiff', slotMap);
    if (state !== undefined && diff !== undefined) {
      throw new InvalidParamsError(`account ${addr.toString()} has both 'state' and 'stateDiff'`);
    }
    if (state !== undefined) entry.state = state;
    if (diff !== undefined) entry.stateDiff = diff;
    const move = wrap('movePrecompileToAddress', address);
    if (move !== undefined) entry.movePrecompileToAddress = move.toString() as PrefixedHexString;
    out[addr.toString() as PrefixedHexString] = entry;
  }
  return out;
};

/** geth's block overrides (with Anvil's aliases `coinbase`, `random`, `baseFee`). */
export const blockOverrides: Decoder<BlockOverrides> = (v) => {
  const o = object(v);
  const out: BlockOverrides = {};
  const number = field(o, 'number', uint64);
  if (number !== undefined) out.number = number;
  const time = field(o, 'time', uint64);
  if (time !== undefined) out.time = time;
  const gasLimit = field(o, 'gasLimit', uint64);
  if (gasLimit !== undefined) out.gasLimit = gasLimit;
  const feeRecipient = field(o, 'feeRecipient', address) ?? field(o, 'coinbase', address);
  if (feeRecipient !== undefined) out.feeRecipient = feeRecipient;
  const prevRandao = field(o, 'prevRandao', hash) ?? field(o, 'random', hash);
  if (prevRandao !== undefined) out.prevRandao = prevRandao;
  const baseFee = field(o, 'baseFeePerGas', quantity) ?? field(o, 'baseFee', quantity);
  if (baseFee !== undefined) out.baseFeePerGas = baseFee;
  const blobBaseFee = field(o, 'blobBaseFee', quantity);
  if (blobBaseFee !== undefined) out.blobBaseFee = blobBaseFee;
  return out;
};

import type { Common } from '@ethereumjs/common';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { Capability, getCalldataFloorGas, type TypedTransaction } from '@ethereumjs/tx';
import { Address, equalsBytes, KECCAK256_NULL, MAX_UINT64, toChecksumAddress } from '@ethereumjs/util';
import { txGasCap } from './forks.ts';
import { TxValidationError, TxValidationErrorCode, type TxValidationErrorType } from './errors.ts';

const DELEGATION_PREFIX = Uint8Array.from([0xef, 0x01, 0x00]);

/** The EIP that makes each typed transaction valid. */
const TYPE_EIP: Readonly<Record<number, number>> = { 1: 2930, 2: 1559, 3: 4844, 4: 7702 };

/** What a tx is checked against. */
export interface TxCheckContext {
  /** Rules of the block the tx would go into. */
  common: Common;
  /** Base fee of that block; undefined before London. */
  baseFee: bigint | undefined;
  /** Gas limit of that block. */
  blockGasLimit: bigint;
  /** State the tx would run on. */
  state: MerkleStateManager;
  /** Accept nonces above the state nonce (a pool's queued txs). */
  allowFutureNonce?: boolean;
  /** Transactions whose sender may have code (see {@link ExecutorDeps.codeSenderAllowed}). */
  codeSenderAllowed?: (tx: TypedTransaction) => boolean;
}

/** Senders of frozen transactions (the library's default), recovered once. */
const senders = new WeakMap<TypedTransaction, Address>();

/**
 * `tx.getSenderAddress()`, remembered for a frozen transaction. A transaction is checked when the
 * pool takes it, again against the head, and again by the block builder, and the library hashes
 * the recovered public key with its pure-JS keccak on every call. The first call here hashes it
 * with the transaction's Common's keccak (native in a node). A transaction that is not frozen
 * (e.g. an impersonated one, whose getSenderAddress is its own) is asked every time.
 */
export function senderOf(tx: TypedTransaction): Address {
  let sender = senders.get(tx);
  if (sender !== undefined) return sender;
  if (!Object.isFrozen(tx)) return tx.getSenderAddress();
  const keccak = tx.common.customCrypto.keccak256;
  // getSenderPublicKey verifies the signature and caches the key on a frozen transaction.
  const publicKey = keccak !== undefined ? tx.getSenderPublicKey() : undefined;
  sender =
    keccak !== undefined && publicKey?.length === 64
      ? new Address(keccak(publicKey).slice(-20))
      : tx.getSenderAddress();
  senders.set(tx, sender);
  return sender;
}

/**
 * The sender as the error messages print it. Only made when a check fails: the checksum hashes the
 * address (pure-JS keccak), which cost ~3% of the CPU of every transaction admitted and mined.
 */
function checksummed(sender: Address): string {
  return toChecksumAddress(sender.toString());
}

function fail(type: TxValidationErrorType): TxValidationError {
  return new TxValidationError(type);
}

/** maxFeePerGas of a 1559-style tx, gasPrice of the others. */
export function feeCapOf(tx: TypedTransaction): bigint {
  return tx.supports(Capability.EIP1559FeeMarket)
    ? (tx as { maxFeePerGas: bigint }).maxFeePerGas
    : (tx as { gasPrice: bigint }).gasPrice;
}

/** maxPriorityFeePerGas of a 1559-style tx, gasPrice of the others. */
export function tipCapOf(tx: TypedTransaction): bigint {
  return tx.supports(Capability.EIP1559FeeMarket)
    ? (tx as { maxPriorityFeePerGas: bigint }).maxPriorityFeePerGas
    : (tx as { gasPrice: bigint }).gasPrice;
}

/** The price per gas the sender pays in a block with `baseFee`: min(feeCap, baseFee + tip) or gasPrice. */
export function effectiveGasPrice(tx: TypedTransaction, baseFee: bigint | undefined): bigint {
  if (!tx.supports(Capability.EIP1559FeeMarket) || baseFee === undefined) return feeCapOf(tx);
  const cap = feeCapOf(tx);
  const viaTip = baseFee + tipCapOf(tx);
  if (viaTip < cap) return viaTip;
  return cap;
}

/** The chain id a tx is signed for; undefined for a pre-EIP-155 legacy tx. */
export function chainIdOf(tx: TypedTransaction): bigint | undefined {
  if (tx.type !== 0) return (tx as { chainId: bigint }).chainId;
  const v = tx.v;
  if (v === undefined || v === 27n || v === 28n) return undefined;
  return (v - 35n) / 2n;
}

/** Points the tx's own Common at the block's hardfork, as runTx does (intrinsic gas depends on it). */
export function alignHardfork(tx: TypedTransaction, common: Common): void {
  if (tx.common.hardfork() !== common.hardfork()) tx.common.setHardfork(common.hardfork());
}

/** The checks that need no state, in geth's txpool order. Returns the sender. */
export function checkTxStatic(tx: TypedTransaction, ctx: Omit<TxCheckContext, 'state'>): Address {
  const { common } = ctx;
  // Blob transactions need a KZG backend on the Common (apps/node wires one).
  if (tx.type === 3 && common.customCrypto.kzg === undefined) {
    throw fail({ code: TxValidationErrorCode.BLOB_TX_NOT_SUPPORTED });
  }
  const eip = TYPE_EIP[tx.type];
  if ((eip !== undefined && !common.isActivatedEIP(eip)) || (tx.type !== 0 && eip === undefined)) {
    throw fail({ code: TxValidationErrorCode.TX_TYPE_NOT_SUPPORTED, txType: tx.type, hardfork: common.hardfork() });
  }
  const chainId = chainIdOf(tx);
  if (chainId !== undefined && chainId !== common.chainId()) {
    throw fail({ code: TxValidationErrorCode.INVALID_CHAIN_ID, expected: common.chainId(), got: chainId });
  }
  if (tx.type === 4) {
    const auths = (tx as { authorizationList: unknown[] }).authorizationList;
    if (tx.to === undefined) throw fail({ code: TxValidationErrorCode.SET_CODE_TX_CREATE });
    if (auths.length === 0) throw fail({ code: TxValidationErrorCode.EMPTY_AUTH_LIST });
  }
  let sender: Address;
  try {
    if (!tx.isSigned()) throw fail({ code: TxValidationErrorCode.INVALID_SENDER });
    sender = senderOf(tx);
  } catch (cause) {
    if (cause instanceof TxValidationError) throw cause;
    throw new TxValidationError({ code: TxValidationErrorCode.INVALID_SENDER }, { cause });
  }
  if (tx.gasLimit > ctx.blockGasLimit) {
    throw fail({
      code: TxValidationErrorCode.GAS_LIMIT_EXCEEDED,
      txGasLimit: tx.gasLimit,
      blockGasLimit: ctx.blockGasLimit,
    });
  }
  const cap = txGasCap(common);
  if (cap !== undefined && tx.gasLimit > cap) {
    throw fail({ code: TxValidationErrorCode.GAS_LIMIT_TOO_HIGH, cap, txGasLimit: tx.gasLimit });
  }
  if (tx.supports(Capability.EIP1559FeeMarket) && tipCapOf(tx) > feeCapOf(tx)) {
    throw fail({
      code: TxValidationErrorCode.TIP_ABOVE_FEE_CAP,
      address: checksummed(sender),
      maxPriorityFeePerGas: tipCapOf(tx),
      maxFeePerGas: feeCapOf(tx),
    });
  }
  alignHardfork(tx, common);
  if (tx.to === undefined && common.isActivatedEIP(3860)) {
    const limit = Number(tx.common.param('maxInitCodeSize'));
    if (tx.data.length > limit) {
      throw fail({ code: TxValidationErrorCode.MAX_INITCODE_SIZE_EXCEEDED, size: tx.data.length, limit });
    }
  }
  const intrinsic = tx.getIntrinsicGas();
  if (tx.gasLimit < intrinsic) {
    throw fail({ code: TxValidationErrorCode.INTRINSIC_GAS_TOO_LOW, have: tx.gasLimit, want: intrinsic });
  }
  const floor = getCalldataFloorGas(tx, sender);
  if (tx.gasLimit < floor) throw fail({ code: TxValidationErrorCode.FLOOR_DATA_GAS, have: tx.gasLimit, want: floor });
  if (ctx.baseFee !== undefined && feeCapOf(tx) < ctx.baseFee) {
    throw fail({
      code: TxValidationErrorCode.FEE_CAP_TOO_LOW,
      address: checksummed(sender),
      maxFeePerGas: feeCapOf(tx),
      baseFee: ctx.baseFee,
    });
  }
  return sender;
}

/** Nonce, EOA and balance checks against `ctx.state`, with geth's messages. */
export async function checkTxState(tx: TypedTransaction, sender: Address, ctx: TxCheckContext): Promise<void> {
  const account = await ctx.state.getAccount(sender);
  const nonce = account?.nonce ?? 0n;
  const balance = account?.balance ?? 0n;
  if (tx.nonce < nonce) {
    throw fail({
      code: TxValidationErrorCode.NONCE_TOO_LOW,
      address: checksummed(sender),
      txNonce: tx.nonce,
      stateNonce: nonce,
    });
  }
  if (tx.nonce > nonce && ctx.allowFutureNonce !== true) {
    throw fail({
      code: TxValidationErrorCode.NONCE_TOO_HIGH,
      address: checksummed(sender),
      txNonce: tx.nonce,
      stateNonce: nonce,
    });
  }
  if (nonce >= MAX_UINT64) throw fail({ code: TxValidationErrorCode.NONCE_MAX, address: checksummed(sender), nonce });
  if (account !== undefined && !equalsBytes(account.codeHash, KECCAK256_NULL) && ctx.codeSenderAllowed?.(tx) !== true) {
    const code = await ctx.state.getCode(sender);
    const delegated = ctx.common.isActivatedEIP(7702) && equalsBytes(code.subarray(0, 3), DELEGATION_PREFIX);
    if (!delegated) {
      throw fail({ code: TxValidationErrorCode.SENDER_NOT_EOA, address: checksummed(sender), codeLength: code.length });
    }
  }
  const want = tx.gasLimit * feeCapOf(tx) + tx.value;
  if (balance < want) {
    throw fail({ code: TxValidationErrorCode.INSUFFICIENT_FUNDS, address: checksummed(sender), have: balance, want });
  }
}

/** Every check: static ones first, then state. Returns the sender. */
export async function checkTx(tx: TypedTransaction, ctx: TxCheckContext): Promise<Address> {
  const sender = checkTxStatic(tx, ctx);
  await checkTxState(tx, sender, ctx);
  return sender;
}

/** True when `code` is an EIP-7702 delegation designator. */
export function isDelegation(code: Uint8Array): boolean {
  return code.length === 23 && equalsBytes(code.subarray(0, 3), DELEGATION_PREFIX);
}

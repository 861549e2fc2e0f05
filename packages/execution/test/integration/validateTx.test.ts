import { beforeAll, describe, expect, it } from '@jest/globals';
import { Blob4844Tx, createFeeMarket1559Tx, createLegacyTx, type TypedTransaction } from '@ethereumjs/tx';
import { createAddressFromPrivateKey, hexToBytes, toChecksumAddress } from '@ethereumjs/util';
import { type TxValidationError, TxValidationErrorCode } from '@basalt/execution';
import {
  ADDRS,
  CHAIN_ID,
  createCommon,
  createEnv,
  ETH,
  GWEI,
  KEYS,
  type TestEnv,
  tx1559,
  txLegacy,
} from '../helpers/env.ts';

const DEV0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const CONTRACT_KEY = hexToBytes('0x000000000000000000000000000000000000000000000000000000000000c0de');
const CONTRACT_EOA = createAddressFromPrivateKey(CONTRACT_KEY);

async function rejection(p: Promise<unknown>): Promise<TxValidationError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e === undefined) throw new Error('expected a rejection');
  return e as TxValidationError;
}

describe('execution / validateTx', () => {
  let env: TestEnv;
  const expectRejected = async (tx: TypedTransaction, code: TxValidationErrorCode, message: string, opts = {}) => {
    const err = await rejection(env.executor.validateTx(tx, env.genesis, opts));
    expect({ name: err.name, code: err.code, message: err.message }).toEqual({
      name: 'TxValidationError',
      code,
      message,
    });
  };

  beforeAll(async () => {
    env = await createEnv('prague', {}, { [CONTRACT_EOA.toString()]: { balance: ETH.toString(), code: '0x00' } });
  });

  it('accepts a valid tx', async () => {
    await expect(
      env.executor.validateTx(
        tx1559(env.common, KEYS[0]!, { nonce: 0n, to: ADDRS[1]!, gasLimit: 21_000n }),
        env.genesis,
      ),
    ).resolves.toBeUndefined();
  });

  it('rejects NONCE_TOO_LOW after the sender moved on', async () => {
    const built = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [tx1559(env.common, KEYS[0]!, { nonce: 0n, to: ADDRS[1]!, gasLimit: 21_000n })],
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    const err = await rejection(
      env.executor.validateTx(
        tx1559(env.common, KEYS[0]!, { nonce: 0n, to: ADDRS[1]!, gasLimit: 21_000n }),
        built.block,
      ),
    );
    expect(err.code).toBe(TxValidationErrorCode.NONCE_TOO_LOW);
    expect(err.message).toBe(`nonce too low: address ${DEV0}, tx: 0 state: 1`);
  });

  it('rejects NONCE_TOO_HIGH unless allowFutureNonce', async () => {
    const tx = tx1559(env.common, KEYS[0]!, { nonce: 3n, to: ADDRS[1]!, gasLimit: 21_000n });
    await expectRejected(tx, TxValidationErrorCode.NONCE_TOO_HIGH, `nonce too high: address ${DEV0}, tx: 3 state: 0`);
    await expect(env.executor.validateTx(tx, env.genesis, { allowFutureNonce: true })).resolves.toBeUndefined();
  });

  it('rejects INSUFFICIENT_FUNDS with have/want', async () => {
    const tx = tx1559(env.common, KEYS[0]!, { nonce: 0n, to: ADDRS[1]!, gasLimit: 21_000n, value: 1000n * ETH });
    const want = 21_000n * 10n * GWEI + 1000n * ETH;
    await expectRejected(
      tx,
      TxValidationErrorCode.INSUFFICIENT_FUNDS,
      `insufficient funds for gas * price + value: address ${DEV0} have ${1000n * ETH} want ${want}`,
    );
  });

  it('rejects INTRINSIC_GAS_TOO_LOW', async () => {
    await expectRejected(
      tx1559(env.common, KEYS[0]!, { nonce: 0n, to: ADDRS[1]!, gasLimit: 20_000n }),
      TxValidationErrorCode.INTRINSIC_GAS_TOO_LOW,
      'intrinsic gas too low: have 20000, want 21000',
    );
  });

  it('rejects FLOOR_DATA_GAS (EIP-7623) for calldata-heavy txs', async () => {
    const tx = tx1559(env.common, KEYS[0]!, {
      nonce: 0n,
      to: ADDRS[1]!,
      gasLimit: 50_000n,
      data: new Uint8Array(1000).fill(1),
    });
    await expectRejected(
      tx,
      TxValidationErrorCode.FLOOR_DATA_GAS,
      'insufficient gas for floor data gas cost: have 50000, want 61000',
    );
  });

  it('rejects FEE_CAP_TOO_LOW against the next base fee (or the one given)', async () => {
    const tx = tx1559(env.common, KEYS[0]!, {
      nonce: 0n,
      to: ADDRS[1]!,
      gasLimit: 21_000n,
      maxFeePerGas: 800_000_000n,
      maxPriorityFeePerGas: 1n,
    });
    await expectRejected(
      tx,
      TxValidationErrorCode.FEE_CAP_TOO_LOW,
      `max fee per gas less than block base fee: address ${DEV0}, maxFeePerGas: 800000000, baseFee: 875000000`,
    );
    await expect(env.executor.validateTx(tx, env.genesis, { nextBaseFee: 7n })).resolves.toBeUndefined();
  });

  it('rejects INVALID_CHAIN_ID', async () => {
    const other = createCommon('prague', 1);
    const tx = createFeeMarket1559Tx(
      { chainId: 1n, to: ADDRS[1]!, gasLimit: 21_000n, maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: 1n },
      { common: other },
    ).sign(KEYS[0]!);
    await expectRejected(tx, TxValidationErrorCode.INVALID_CHAIN_ID, 'invalid chain id for signer');
    const legacy = createLegacyTx({ to: ADDRS[1]!, gasLimit: 21_000n, gasPrice: 10n * GWEI }, { common: other }).sign(
      KEYS[0]!,
    );
    await expectRejected(legacy, TxValidationErrorCode.INVALID_CHAIN_ID, 'invalid chain id for signer');
  });

  it('rejects GAS_LIMIT_EXCEEDED above the block gas limit', async () => {
    await expectRejected(
      tx1559(env.common, KEYS[0]!, { nonce: 0n, to: ADDRS[1]!, gasLimit: 30_000_001n, maxFeePerGas: 2n * GWEI }),
      TxValidationErrorCode.GAS_LIMIT_EXCEEDED,
      'exceeds block gas limit',
    );
  });

  it('rejects BLOB_TX_NOT_SUPPORTED before anything else', async () => {
    // Constructed directly: the factories want a KZG setup, which this chain never loads.
    const blob = new Blob4844Tx(
      {
        chainId: BigInt(CHAIN_ID),
        to: ADDRS[1]!,
        gasLimit: 21_000n,
        maxFeePerGas: 10n * GWEI,
        maxPriorityFeePerGas: 1n,
        maxFeePerBlobGas: 10n * GWEI,
        blobVersionedHashes: [`0x01${'00'.repeat(31)}`],
      },
      { common: env.common },
    );
    await expectRejected(blob, TxValidationErrorCode.BLOB_TX_NOT_SUPPORTED, 'blob transactions are not supported');
    // and buildBlock skips it with the same error
    const built = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [blob],
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    expect(built.skipped.map((s) => s.error.message)).toEqual(['blob transactions are not supported']);
  });

  it('rejects INVALID_SENDER for an unsigned tx', async () => {
    const unsigned = createFeeMarket1559Tx(
      { chainId: BigInt(CHAIN_ID), to: ADDRS[1]!, gasLimit: 21_000n, maxFeePerGas: 10n * GWEI },
      { common: env.common },
    );
    await expectRejected(unsigned, TxValidationErrorCode.INVALID_SENDER, 'invalid sender');
  });

  it('rejects SENDER_NOT_EOA (EIP-3607)', async () => {
    const tx = tx1559(env.common, CONTRACT_KEY, { nonce: 0n, to: ADDRS[1]!, gasLimit: 21_000n });
    const address = toChecksumAddress(CONTRACT_EOA.toString());
    await expectRejected(
      tx,
      TxValidationErrorCode.SENDER_NOT_EOA,
      `sender not an eoa: address ${address}, len(code): 1`,
    );
  });

  it('rejects MAX_INITCODE_SIZE_EXCEEDED (EIP-3860)', async () => {
    const tx = createFeeMarket1559Tx(
      { chainId: BigInt(CHAIN_ID), gasLimit: 5_000_000n, maxFeePerGas: 10n * GWEI, data: new Uint8Array(49_153) },
      { common: env.common, allowUnlimitedInitCodeSize: true },
    ).sign(KEYS[0]!);
    await expectRejected(
      tx,
      TxValidationErrorCode.MAX_INITCODE_SIZE_EXCEEDED,
      'max initcode size exceeded: code size 49153, limit 49152',
    );
  });

  it('rejects TX_TYPE_NOT_SUPPORTED: a type-2 tx before London', async () => {
    const berlin = await createEnv('berlin');
    const tx = tx1559(env.common, KEYS[0]!, { nonce: 0n, to: ADDRS[1]!, gasLimit: 21_000n });
    const err = await rejection(berlin.executor.validateTx(tx, berlin.genesis));
    expect([err.code, err.message]).toEqual([
      TxValidationErrorCode.TX_TYPE_NOT_SUPPORTED,
      'transaction type not supported',
    ]);
    await expect(
      berlin.executor.validateTx(txLegacy(berlin.common, KEYS[0]!, { nonce: 0n, to: ADDRS[1]! }), berlin.genesis),
    ).resolves.toBeUndefined();
  });
});

import { describe, expect, it } from '@jest/globals';
import {
  BlockValidationError,
  BlockValidationErrorCode,
  CallError,
  CallErrorCode,
  decodeRevertReason,
  ExecutionRevertedError,
  TxValidationError,
  TxValidationErrorCode,
  type TxValidationErrorType,
} from '@basalt/execution';
import { hexToBytes } from '@ethereumjs/util';
import { encodeErrorResult, parseAbi, toFunctionSelector } from 'viem';

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

// geth's texts (core/error.go, core/state_transition.go, core/txpool): clients match them with regexes,
// so a typo here must fail CI. One row per code.
const TABLE: Array<[TxValidationErrorType, string]> = [
  [
    { code: TxValidationErrorCode.NONCE_TOO_LOW, address: A, txNonce: 0n, stateNonce: 1n },
    `nonce too low: address ${A}, tx: 0 state: 1`,
  ],
  [
    { code: TxValidationErrorCode.NONCE_TOO_HIGH, address: A, txNonce: 5n, stateNonce: 1n },
    `nonce too high: address ${A}, tx: 5 state: 1`,
  ],
  [
    { code: TxValidationErrorCode.NONCE_MAX, address: A, nonce: 2n ** 64n - 1n },
    `nonce has max value: address ${A}, nonce: 18446744073709551615`,
  ],
  [
    { code: TxValidationErrorCode.INSUFFICIENT_FUNDS, address: A, have: 1n, want: 21000n },
    `insufficient funds for gas * price + value: address ${A} have 1 want 21000`,
  ],
  [
    { code: TxValidationErrorCode.INTRINSIC_GAS_TOO_LOW, have: 20000n, want: 21000n },
    'intrinsic gas too low: have 20000, want 21000',
  ],
  [
    { code: TxValidationErrorCode.FLOOR_DATA_GAS, have: 50000n, want: 61000n },
    'insufficient gas for floor data gas cost: have 50000, want 61000',
  ],
  [
    { code: TxValidationErrorCode.FEE_CAP_TOO_LOW, address: A, maxFeePerGas: 1n, baseFee: 7n },
    `max fee per gas less than block base fee: address ${A}, maxFeePerGas: 1, baseFee: 7`,
  ],
  [
    { code: TxValidationErrorCode.TIP_ABOVE_FEE_CAP, address: A, maxPriorityFeePerGas: 3n, maxFeePerGas: 2n },
    `max priority fee per gas higher than max fee per gas: address ${A}, maxPriorityFeePerGas: 3, maxFeePerGas: 2`,
  ],
  [{ code: TxValidationErrorCode.INVALID_CHAIN_ID, expected: 31337n, got: 1n }, 'invalid chain id for signer'],
  [{ code: TxValidationErrorCode.GAS_LIMIT_EXCEEDED, txGasLimit: 2n, blockGasLimit: 1n }, 'exceeds block gas limit'],
  [{ code: TxValidationErrorCode.GAS_LIMIT_REACHED, txGasLimit: 2n, gasLeft: 1n }, 'gas limit reached'],
  [
    { code: TxValidationErrorCode.GAS_LIMIT_TOO_HIGH, cap: 16777216n, txGasLimit: 16777217n },
    'transaction gas limit too high (cap: 16777216, tx: 16777217)',
  ],
  [
    { code: TxValidationErrorCode.TX_TYPE_NOT_SUPPORTED, txType: 2, hardfork: 'berlin' },
    'transaction type not supported',
  ],
  [{ code: TxValidationErrorCode.BLOB_TX_NOT_SUPPORTED }, 'blob transactions are not supported'],
  [{ code: TxValidationErrorCode.INVALID_SENDER }, 'invalid sender'],
  [
    { code: TxValidationErrorCode.SENDER_NOT_EOA, address: A, codeLength: 3 },
    `sender not an eoa: address ${A}, len(code): 3`,
  ],
  [
    { code: TxValidationErrorCode.MAX_INITCODE_SIZE_EXCEEDED, size: 49153, limit: 49152 },
    'max initcode size exceeded: code size 49153, limit 49152',
  ],
  [{ code: TxValidationErrorCode.EMPTY_AUTH_LIST }, 'EIP-7702 transaction with empty auth list'],
  [{ code: TxValidationErrorCode.SET_CODE_TX_CREATE }, 'EIP-7702 transaction cannot be used to create contract'],
];

describe('execution / errors', () => {
  it('has one table row per TxValidationErrorCode', () => {
    expect(TABLE.map(([t]) => t.code).sort()).toEqual(Object.values(TxValidationErrorCode).sort());
  });

  it.each(TABLE)("TxValidationError %j says geth's words", (type, message) => {
    const err = new TxValidationError(type);
    expect([err.name, err.code, err.message]).toEqual(['TxValidationError', type.code, message]);
  });

  it('matches the regexes viem uses to classify node errors', () => {
    // viem src/errors/node.ts
    const viem: Array<[RegExp, TxValidationErrorCode]> = [
      [/nonce too low|transaction already imported|already known/, TxValidationErrorCode.NONCE_TOO_LOW],
      [/nonce too high/, TxValidationErrorCode.NONCE_TOO_HIGH],
      [/insufficient funds|exceeds transaction sender account balance/, TxValidationErrorCode.INSUFFICIENT_FUNDS],
      [
        /intrinsic gas too low|transaction underpriced|intrinsic gas too high/,
        TxValidationErrorCode.INTRINSIC_GAS_TOO_LOW,
      ],
      [
        /max fee per gas less than block base fee|fee cap less than block base fee|transaction is outdated/,
        TxValidationErrorCode.FEE_CAP_TOO_LOW,
      ],
      [
        /max priority fee per gas higher than max fee per gas|tip higher than fee cap/,
        TxValidationErrorCode.TIP_ABOVE_FEE_CAP,
      ],
      [/gas limit reached|exceeds block gas limit|gas limit too high/, TxValidationErrorCode.GAS_LIMIT_EXCEEDED],
    ];
    for (const [re, code] of viem) {
      const [type] = TABLE.find(([t]) => t.code === code)!;
      expect({ code, ok: re.test(new TxValidationError(type).message) }).toEqual({ code, ok: true });
    }
  });

  it('BlockValidationError names the mismatch with expected and got', () => {
    const err = new BlockValidationError({
      code: BlockValidationErrorCode.STATE_ROOT_MISMATCH,
      blockNumber: 5n,
      blockHash: '0xaa',
      expected: '0x01',
      got: '0x02',
    });
    expect(err.message).toBe('invalid block #5 (0xaa): state root mismatch: expected 0x01, got 0x02');
    const tx = new BlockValidationError({
      code: BlockValidationErrorCode.INVALID_TRANSACTION,
      blockNumber: 5n,
      blockHash: '0xaa',
      txIndex: 2,
      txHash: '0xbb',
      reason: 'nonce too high: tx: 1 state: 0',
    });
    expect(tx.message).toBe('invalid block #5 (0xaa): invalid transaction 2 (0xbb): nonce too high: tx: 1 state: 0');
    expect(tx.getMetadata()).toMatchObject({ txIndex: 2, blockNumber: 5n });
  });

  it('ExecutionRevertedError and CallError carry geth messages', () => {
    expect(new ExecutionRevertedError('0x', undefined).message).toBe('execution reverted');
    const r = new ExecutionRevertedError('0x08c379a0', 'no');
    expect([r.message, r.data, r.code]).toEqual(['execution reverted: no', '0x08c379a0', 'EXECUTION_REVERTED']);
    expect(new CallError({ code: CallErrorCode.GAS_REQUIRED_EXCEEDS_ALLOWANCE, allowance: 30000000n }).message).toBe(
      'gas required exceeds allowance (30000000)',
    );
    expect(new CallError({ code: CallErrorCode.INSUFFICIENT_FUNDS_FOR_TRANSFER }).message).toBe(
      'insufficient funds for transfer',
    );
    expect(new CallError({ code: CallErrorCode.INVALID_STATE_OVERRIDE, address: '0xab' }).message).toBe(
      "account 0xab has both 'state' and 'stateDiff'",
    );
  });
});

describe('execution / decodeRevertReason', () => {
  const abi = parseAbi([
    'error Error(string)',
    'error Panic(uint256)',
    'error Unauthorized(uint256 code, address caller, string reason)',
  ]);
  const enc = (errorName: string, args: unknown[]) => hexToBytes(encodeErrorResult({ abi, errorName, args } as never));

  it.each([
    [enc('Error', ['RevertExamples: not ok']), 'RevertExamples: not ok'],
    [enc('Error', ['']), ''],
    [enc('Panic', [0x12n]), 'panic: division or modulo by zero (0x12)'],
    [enc('Panic', [0x01n]), 'panic: assert(false) (0x01)'],
    [enc('Panic', [0x11n]), 'panic: arithmetic underflow or overflow (0x11)'],
    [enc('Panic', [0x32n]), 'panic: out-of-bounds access of an array or bytesN (0x32)'],
    [enc('Panic', [0x99n]), 'panic: unknown panic code (0x99)'],
    [
      enc('Unauthorized', [1n, A, 'x']),
      `custom error ${toFunctionSelector('error Unauthorized(uint256,address,string)')}`,
    ],
    [hexToBytes('0x'), undefined],
    [hexToBytes('0x1234'), undefined],
  ])('decodes %#', (data, reason) => {
    expect(decodeRevertReason(data)).toBe(reason);
  });
});

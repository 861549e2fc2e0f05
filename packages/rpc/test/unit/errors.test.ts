import { describe, expect, it } from '@jest/globals';
import { ChainError, ChainErrorCode, TxPoolError, TxPoolErrorCode } from '@basalt/chain';
import { BasaltError } from '@basalt/common';
import { ExecutionRevertedError as ExecRevert, TxValidationError, TxValidationErrorCode } from '@basalt/execution';
import { hexToBytes } from '@ethereumjs/util';
import {
  decodeRevertReason,
  ExecutionRevertedError,
  GETH_MESSAGES,
  InternalError,
  InvalidParamsError,
  InvalidRequestError,
  LimitExceededError,
  MethodNotFoundError,
  ParseError,
  RPC_WIRE_CODES,
  RpcErrorCode,
  ServerError,
  toJsonRpcError,
} from '../../src/errors.ts';

describe('rpc / errors', () => {
  it('wire codes are the JSON-RPC and geth numbers', () => {
    expect(RPC_WIRE_CODES).toEqual({
      PARSE_ERROR: -32700,
      INVALID_REQUEST: -32600,
      METHOD_NOT_FOUND: -32601,
      INVALID_PARAMS: -32602,
      INTERNAL_ERROR: -32603,
      EXECUTION_REVERTED: 3,
      SERVER_ERROR: -32000,
      LIMIT_EXCEEDED: -32005,
      // eth_simulateV1 (geth's internal/ethapi/errors.go)
      SIMULATE_NONCE_TOO_LOW: -38010,
      SIMULATE_NONCE_TOO_HIGH: -38011,
      SIMULATE_BASE_FEE_TOO_LOW: -38012,
      SIMULATE_INTRINSIC_GAS: -38013,
      SIMULATE_INSUFFICIENT_FUNDS: -38014,
      SIMULATE_BLOCK_GAS_LIMIT_REACHED: -38015,
      SIMULATE_BLOCK_NUMBER_INVALID: -38020,
      SIMULATE_BLOCK_TIMESTAMP_INVALID: -38021,
      SIMULATE_MAX_INIT_CODE_SIZE: -38025,
      SIMULATE_CLIENT_LIMIT_EXCEEDED: -38026,
    });
    expect(
      [
        ParseError,
        InvalidRequestError,
        MethodNotFoundError,
        InvalidParamsError,
        InternalError,
        ExecutionRevertedError,
        ServerError,
        LimitExceededError,
      ].map((c) => c.code),
    ).toEqual([-32700, -32600, -32601, -32602, -32603, 3, -32000, -32005]);
  });

  // H11: the strings clients match (viem src/errors/node.ts, ethers), exactly as geth writes them.
  it.each([
    ['nonceTooLow', 'nonce too low'],
    ['nonceTooHigh', 'nonce too high'],
    ['insufficientFunds', 'insufficient funds for gas * price + value'],
    ['intrinsicGasTooLow', 'intrinsic gas too low'],
    ['feeCapTooLow', 'max fee per gas less than block base fee'],
    ['tipAboveFeeCap', 'max priority fee per gas higher than max fee per gas'],
    ['replacementUnderpriced', 'replacement transaction underpriced'],
    ['alreadyKnown', 'already known'],
    ['gasLimitExceeded', 'exceeds block gas limit'],
    ['invalidChainId', 'invalid chain id'],
    ['executionReverted', 'execution reverted'],
    ['headerNotFound', 'header not found'],
    ['notificationsUnsupported', 'notifications not supported'],
    ['filterNotFound', 'filter not found'],
    ['batchTooLarge', 'batch too large'],
    ['emptyBatch', 'empty batch'],
    ['invalidBlockRange', 'invalid block range params'],
    ['blockRangeBeyondHead', 'block range extends beyond current head block'],
  ] as const)('geth message %s is %j', (key, text) => {
    expect(GETH_MESSAGES[key]).toBe(text);
  });

  it('method not found uses geth text', () => {
    expect(new MethodNotFoundError('eth_x').toJSON()).toEqual({
      code: -32601,
      message: 'the method eth_x does not exist/is not available',
    });
  });

  describe('revert reasons', () => {
    const userError = hexToBytes(
      '0x08c379a00000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000a75736572206572726f72',
    );
    it('decodes Error(string)', () => {
      expect(decodeRevertReason(userError)).toBe('user error');
      expect(new ExecutionRevertedError(userError).toJSON()).toEqual({
        code: 3,
        message: 'execution reverted: user error',
        data: '0x08c379a00000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000a75736572206572726f72',
      });
    });
    it('decodes Panic(uint256) with geth wording', () => {
      const panic = hexToBytes('0x4e487b710000000000000000000000000000000000000000000000000000000000000001');
      expect(new ExecutionRevertedError(panic).message).toBe('execution reverted: assert(false)');
      expect(
        decodeRevertReason(hexToBytes('0x4e487b710000000000000000000000000000000000000000000000000000000000000012')),
      ).toBe('division or modulo by zero');
      expect(
        decodeRevertReason(hexToBytes('0x4e487b7100000000000000000000000000000000000000000000000000000000000000ff')),
      ).toBe('unknown panic code: 0xff');
    });
    it('leaves custom errors and short data undecoded', () => {
      expect(decodeRevertReason(hexToBytes('0x82b42900'))).toBeUndefined();
      expect(decodeRevertReason(hexToBytes('0x77726f6e672d63616c6c6461746173697a65'))).toBeUndefined();
      expect(new ExecutionRevertedError(hexToBytes('0x82b42900')).toJSON()).toEqual({
        code: 3,
        message: 'execution reverted',
        data: '0x82b42900',
      });
      expect(decodeRevertReason(hexToBytes('0x08c379a0ffff'))).toBeUndefined();
    });
  });

  describe('toJsonRpcError', () => {
    class FakeDomainError extends BasaltError<{ code: string } & Record<string, unknown>> {}
    it('passes RpcErrors through', () => {
      const e = new InvalidParamsError('x');
      expect(toJsonRpcError(e)).toBe(e);
    });
    it('maps rejected transactions to -32000 with geth message', () => {
      const e = new TxValidationError({
        code: TxValidationErrorCode.NONCE_TOO_LOW,
        address: '0xAb',
        txNonce: 1n,
        stateNonce: 2n,
      });
      expect(toJsonRpcError(e).toJSON()).toEqual({
        code: -32000,
        message: 'nonce too low: address 0xAb, tx: 1 state: 2',
      });
      const pool = new TxPoolError({ code: TxPoolErrorCode.ALREADY_KNOWN, hash: '0x01' }, 'already known');
      expect(toJsonRpcError(pool).toJSON()).toEqual({ code: -32000, message: 'already known' });
    });
    it('maps a revert with data to code 3 and one without to -32000', () => {
      const withData = toJsonRpcError(new ExecRevert('0x82b42900', undefined));
      expect(withData.toJSON()).toEqual({ code: 3, message: 'execution reverted', data: '0x82b42900' });
      const reason = toJsonRpcError(new ExecRevert('0x08c379a0', 'boom'));
      expect(reason.toJSON()).toEqual({ code: 3, message: 'execution reverted: boom', data: '0x08c379a0' });
      const without = toJsonRpcError(new ExecRevert('0x', undefined));
      expect(without.toJSON()).toEqual({ code: -32000, message: 'execution reverted' });
    });
    it('maps log limits to -32005 and a reversed range to -32602', () => {
      const many = new ChainError({ code: ChainErrorCode.LOGS_TOO_MANY_RESULTS, limit: 10 });
      expect(toJsonRpcError(many).toJSON()).toEqual({ code: -32005, message: 'query returned more than 10 results' });
      const wide = new ChainError({
        code: ChainErrorCode.LOGS_RANGE_TOO_LARGE,
        fromBlock: 0n,
        toBlock: 20n,
        maxRange: 5,
      });
      expect(toJsonRpcError(wide).toJSON()).toEqual({ code: -32005, message: 'exceed maximum block range: 5' });
      const reversed = new ChainError({ code: ChainErrorCode.INVALID_LOGS_RANGE, fromBlock: 5n, toBlock: 1n });
      expect(toJsonRpcError(reversed).toJSON()).toEqual({ code: -32602, message: 'invalid block range params' });
    });
    it('hides unknown and internal domain errors behind -32603', () => {
      expect(toJsonRpcError(new Error('boom')).toJSON()).toEqual({ code: -32603, message: 'internal error' });
      expect(toJsonRpcError(new FakeDomainError({ code: 'SOMETHING_NEW' })).rpcCode).toBe(-32603);
      expect(toJsonRpcError(new ChainError({ code: ChainErrorCode.CORRUPT_DATABASE, what: 'x' })).rpcCode).toBe(-32603);
      expect(toJsonRpcError('str').code).toBe(RpcErrorCode.INTERNAL_ERROR);
    });
  });
});

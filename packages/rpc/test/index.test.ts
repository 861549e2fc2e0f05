import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import * as rpc from '@basalt/rpc';
import { RPC_VERSION } from '../src/constants.ts';

describe('rpc / public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(rpc).sort()).toEqual(
      [
        'ExecutionRevertedError',
        'GETH_MESSAGES',
        'InternalError',
        'InvalidParamsError',
        'InvalidRequestError',
        'LimitExceededError',
        'MethodNotFoundError',
        'NoopNetworkInfo',
        'NoopSyncInfo',
        'ParseError',
        'RPC_WIRE_CODES',
        'RpcError',
        'RpcErrorCode',
        'ServerError',
        'createCliqueModule',
        'createRpcServer',
        'decodeRevertReason',
        'defaultClientVersion',
        'defaultRpcServerOpts',
        'formatBlock',
        'formatHeader',
        'formatLog',
        'formatReceipt',
        'formatTransaction',
        'params',
        'quantity',
        'toJsonRpcError',
      ].sort(),
    );
  });

  it('error codes are stable strings', () => {
    expect(Object.values(rpc.RpcErrorCode).sort()).toEqual([
      'EXECUTION_REVERTED',
      'INTERNAL_ERROR',
      'INVALID_PARAMS',
      'INVALID_REQUEST',
      'LIMIT_EXCEEDED',
      'METHOD_NOT_FOUND',
      'PARSE_ERROR',
      'SERVER_ERROR',
      'SIMULATE_BASE_FEE_TOO_LOW',
      'SIMULATE_BLOCK_GAS_LIMIT_REACHED',
      'SIMULATE_BLOCK_NUMBER_INVALID',
      'SIMULATE_BLOCK_TIMESTAMP_INVALID',
      'SIMULATE_CLIENT_LIMIT_EXCEEDED',
      'SIMULATE_INSUFFICIENT_FUNDS',
      'SIMULATE_INTRINSIC_GAS',
      'SIMULATE_MAX_INIT_CODE_SIZE',
      'SIMULATE_NONCE_TOO_HIGH',
      'SIMULATE_NONCE_TOO_LOW',
    ]);
  });

  it('reports the package version in web3_clientVersion', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(RPC_VERSION).toBe(pkg.version);
    expect(rpc.defaultClientVersion()).toBe(
      `Basalt/v${pkg.version}/${process.platform}-${process.arch}/nodejs${process.versions.node.split('.')[0]}`,
    );
  });

  it('defaults are the documented limits', () => {
    expect(rpc.defaultRpcServerOpts).toMatchObject({
      host: '127.0.0.1',
      port: 8545,
      corsOrigins: '*',
      maxBodyBytes: 5 * 1024 * 1024,
      maxBatchLength: 1000,
      maxSubscriptionsPerConnection: 100,
      maxFilters: 1000,
      filterTimeoutMs: 300_000,
    });
  });
});

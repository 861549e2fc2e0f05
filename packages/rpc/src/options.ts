import type { RpcServerOpts } from './types.ts';
import { RPC_VERSION } from './constants.ts';

/** The defaults of {@link RpcServerOpts}, with the reason for each limit in constants.ts. */
export const defaultRpcServerOpts = {
  host: '127.0.0.1',
  port: 8545,
  corsOrigins: '*',
  maxBodyBytes: 5 * 1024 * 1024,
  maxBatchLength: 1000,
  maxSubscriptionsPerConnection: 100,
  maxFilters: 1000,
  filterTimeoutMs: 5 * 60 * 1000,
  maxFilterChanges: 10_000,
  maxLogsBlockRange: 10_000,
  maxFeeHistoryBlocks: 1024,
  maxConnections: 1000,
  accounts: [],
  priorityFee: 1_000_000_000n,
  allowUnprotectedTxs: true,
  maxWsBufferedBytes: 16 * 1024 * 1024,
} as const satisfies RpcServerOpts;

/** `Basalt/v0.1.0/linux-x64/nodejs20`, geth's `Name/vVersion/os-arch/runtime` shape. */
export function defaultClientVersion(): string {
  const major = process.versions.node.split('.')[0];
  return `Basalt/v${RPC_VERSION}/${process.platform}-${process.arch}/nodejs${major}`;
}

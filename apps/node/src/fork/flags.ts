// The fork flags of `basalt dev`, parsed into a ForkConfig (or undefined when not forking).
import { NodeError, NodeErrorCode } from '../errors.ts';
import type { ForkConfig } from './forkSource.ts';

/** The parsed `basalt dev` options the fork reads (commander's camel-cased names). */
export interface ForkFlags {
  forkUrl?: string;
  forkBlockNumber?: bigint;
  forkTimeout?: number;
  forkRetries?: number;
  chainId?: bigint;
  gasLimit?: bigint;
  baseFee?: bigint;
  genesis?: string;
}

const invalid = (field: string, message: string) =>
  new NodeError({ code: NodeErrorCode.INVALID_CONFIG, field }, message);

/**
 * The fork config of `basalt dev`. `explicit(name)` tells whether an option was given on the
 * command line (not defaulted): an explicit `--chain-id`, `--gas-limit` or `--base-fee` overrides
 * the source's. Throws INVALID_CONFIG for flags that do not go together.
 */
export function forkConfigFromFlags(
  o: ForkFlags,
  explicit: (name: keyof ForkFlags) => boolean,
): ForkConfig | undefined {
  if (o.forkUrl === undefined) {
    for (const f of ['forkBlockNumber', 'forkTimeout', 'forkRetries'] as const) {
      if (o[f] !== undefined) {
        const flag = `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw invalid(f, `${flag} needs --fork-url`);
      }
    }
    return undefined;
  }
  if (o.genesis !== undefined) throw invalid('genesis', '--fork-url and --genesis do not go together');
  const config: ForkConfig = { url: o.forkUrl };
  if (o.forkBlockNumber !== undefined) config.blockNumber = o.forkBlockNumber;
  if (explicit('chainId') && o.chainId !== undefined) config.chainId = o.chainId;
  if (explicit('gasLimit') && o.gasLimit !== undefined) config.gasLimit = o.gasLimit;
  if (explicit('baseFee') && o.baseFee !== undefined) config.baseFee = o.baseFee;
  const client: NonNullable<ForkConfig['client']> = {};
  if (o.forkTimeout !== undefined) client.timeoutMs = o.forkTimeout;
  if (o.forkRetries !== undefined) client.retries = o.forkRetries;
  if (Object.keys(client).length > 0) config.client = client;
  return config;
}

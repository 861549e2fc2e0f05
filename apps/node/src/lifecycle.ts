// What every long-running command does around its node: stop it cleanly on SIGINT/SIGTERM, and
// report the RPC server's bound address.
import type { Logger } from '@basalt/common';
import type { RpcServer } from '@basalt/rpc';
import { NodeError, NodeErrorCode } from './errors.ts';

/**
 * Installs SIGINT and SIGTERM handlers that stop `node` once (after `beforeStop`, if given) and
 * exit 0, or 1 when stopping fails. Call it before anything is announced, so a signal sent right
 * after `Listening on` is caught.
 */
export function stopOnSignals(node: { stop(): Promise<void> }, logger: Logger, beforeStop?: () => void): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    beforeStop?.();
    node
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error('unclean shutdown', {}, err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** The host and port the RPC server listens on; NODE_NOT_STARTED before it does. */
export function rpcAddressOf(rpc: RpcServer): { host: string; port: number } {
  const addr = rpc.address();
  if (addr === undefined) throw new NodeError({ code: NodeErrorCode.NOT_STARTED }, 'the RPC server is not listening');
  return addr;
}

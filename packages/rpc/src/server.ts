import { type Logger, silentLogger } from '@basalt/common';
import { Dispatcher } from './dispatcher.ts';
import { createNetModule, NoopNetworkInfo } from './methods/net.ts';
import { createWeb3Module } from './methods/web3.ts';
import { defaultClientVersion, defaultRpcServerOpts } from './options.ts';
import { RpcTransport } from './transport.ts';
import type { RpcDeps, RpcMethod, RpcModule, RpcServer, RpcServerOpts, SyncInfo } from './types.ts';

/** An always-synced node (a devnet, or a node that does not sync). */
export class NoopSyncInfo implements SyncInfo {
  syncStatus(): false {
    return false;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Builds the JSON-RPC server over `deps.chain`: every built-in namespace (web3, net, eth, txpool,
 * personal, rpc) plus `deps.modules`. Nothing listens until `start()`.
 */
export function createRpcServer(deps: RpcDeps, opts: RpcServerOpts = {}): RpcServer {
  const o = { ...defaultRpcServerOpts, ...stripUndefined(opts) };
  const logger: Logger = (deps.logger ?? silentLogger).child({ module: 'rpc' });
  const dispatcher = new Dispatcher(logger, o.maxBatchLength);
  const chain = deps.chain;
  const network = deps.network ?? new NoopNetworkInfo();

  dispatcher.registerModule(createWeb3Module(o.clientVersion ?? defaultClientVersion()));
  dispatcher.registerModule(createNetModule(() => o.networkId ?? chain.chainId.toString(10), network));
  dispatcher.registerModule({
    namespace: 'rpc',
    methods: { rpc_modules: { params: [], handler: () => dispatcher.modules() } },
  });
  for (const m of deps.modules ?? []) dispatcher.registerModule(m);

  const transport = new RpcTransport(
    dispatcher,
    {
      host: o.host,
      port: o.port,
      corsOrigins: o.corsOrigins,
      maxBodyBytes: o.maxBodyBytes,
      maxConnections: o.maxConnections,
      maxWsBufferedBytes: o.maxWsBufferedBytes,
    },
    logger,
  );

  return {
    async start() {
      if (transport.isStarted()) return;
      await transport.start();
      const addr = transport.address()!;
      if (!LOOPBACK.has(o.host)) {
        logger.warn('JSON-RPC is exposed beyond this machine; anyone who can reach it can use the dev accounts', addr);
      }
      logger.info('JSON-RPC listening', addr);
    },
    async stop() {
      await transport.stop();
    },
    isStarted: () => transport.isStarted(),
    address: () => transport.address(),
    register<P extends unknown[]>(name: string, method: RpcMethod<P>) {
      dispatcher.register(name, method as RpcMethod);
    },
    registerModule(module: RpcModule) {
      dispatcher.registerModule(module);
    },
    methods: () => dispatcher.methods(),
    modules: () => dispatcher.modules(),
    handle: (payload: unknown, transportName: 'http' | 'ws' = 'http') =>
      dispatcher.handlePayload(payload, transportName),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

import { type Logger, silentLogger } from '@basalt/common';
import { RpcBackend } from './backend.ts';
import { FILTER_SWEEP_INTERVAL_MS } from './constants.ts';
import { Dispatcher } from './dispatcher.ts';
import { EventHub } from './events.ts';
import { createDevModules } from './methods/dev.ts';
import { createDebugRawModule } from './methods/debugRaw.ts';
import { createDebugTraceModule } from './methods/debugTrace.ts';
import { createEthModules } from './methods/eth.ts';
import { createAdminModule } from './methods/admin.ts';
import { createNetModule, NoopNetworkInfo } from './methods/net.ts';
import { createTestingModule } from './methods/testingBuildBlock.ts';
import { createTraceModule } from './methods/trace.ts';
import { createTxPoolModule } from './methods/txpool.ts';
import { createWeb3Module } from './methods/web3.ts';
import { DevSigner } from './signer.ts';
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

  const backend = new RpcBackend(chain, {
    priorityFee: o.priorityFee,
    maxLogsBlockRange: o.maxLogsBlockRange,
    maxFeeHistoryBlocks: o.maxFeeHistoryBlocks,
    allowUnprotectedTxs: o.allowUnprotectedTxs,
    ...(deps.dev?.awaitInstantBlock !== undefined ? { afterSubmit: () => deps.dev!.awaitInstantBlock!() } : {}),
  });
  const hub = new EventHub(
    chain,
    {
      maxFilters: o.maxFilters,
      filterTimeoutMs: o.filterTimeoutMs,
      maxFilterChanges: o.maxFilterChanges,
      maxSubscriptionsPerConnection: o.maxSubscriptionsPerConnection,
      sweepIntervalMs: Math.min(FILTER_SWEEP_INTERVAL_MS, o.filterTimeoutMs),
    },
    logger,
  );
  const signer = new DevSigner(o.accounts);
  const coinbase = (o.coinbase ?? signer.addresses[0] ?? `0x${'00'.repeat(20)}`).toLowerCase();

  dispatcher.registerModule(createWeb3Module(o.clientVersion ?? defaultClientVersion()));
  dispatcher.registerModule(createNetModule(() => o.networkId ?? chain.chainId.toString(10), network));
  for (const m of createEthModules({ backend, hub, signer, sync: deps.sync ?? new NoopSyncInfo(), coinbase })) {
    dispatcher.registerModule(m);
  }
  dispatcher.registerModule(createTxPoolModule(chain));
  dispatcher.registerModule(createDebugRawModule(backend));
  dispatcher.registerModule(createDebugTraceModule(backend));
  dispatcher.registerModule(createTraceModule(backend));
  dispatcher.registerModule(createTestingModule(backend));
  dispatcher.registerModule({
    namespace: 'rpc',
    methods: { rpc_modules: { params: [], handler: () => dispatcher.modules() } },
  });
  if (deps.dev !== undefined) {
    for (const m of createDevModules({
      backend,
      signer,
      dev: deps.dev,
      clientVersion: o.clientVersion ?? defaultClientVersion(),
    })) {
      dispatcher.registerModule(m);
    }
  }
  if (deps.admin !== undefined) dispatcher.registerModule(createAdminModule(deps.admin));
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
      hub.start();
      try {
        await transport.start();
      } catch (err) {
        hub.stop();
        throw err;
      }
      const addr = transport.address()!;
      if (!LOOPBACK.has(o.host)) {
        logger.warn('JSON-RPC is exposed beyond this machine; anyone who can reach it can use the dev accounts', addr);
      }
      logger.info('JSON-RPC listening', addr);
    },
    async stop() {
      await transport.stop();
      hub.stop();
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

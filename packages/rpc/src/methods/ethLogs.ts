// eth_getLogs, the filter methods, and eth_subscribe / eth_unsubscribe.
import type { RpcBackend } from '../backend.ts';
import { GETH_MESSAGES, InvalidParamsError, RpcError, RpcErrorCode } from '../errors.ts';
import type { EventHub, SubscriptionKind } from '../events.ts';
import { formatLog } from '../format.ts';
import { type LogCriteria, logCriteria, toChainFilter } from '../logFilter.ts';
import type { RpcContext, RpcMethod } from '../types.ts';
import { any, type Decoder, optional, string } from '../validation.ts';

const filterId: Decoder<string> = (v) => {
  const s = string(v);
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(s)) throw new InvalidParamsError('invalid filter id');
  return s;
};

export function logMethods(backend: RpcBackend, hub: EventHub): Record<string, RpcMethod> {
  const getLogs = async (c: LogCriteria) => {
    const filter = await toChainFilter(backend, c);
    const logs = await backend.chain.getLogs(filter);
    return logs.map(formatLog);
  };
  return {
    eth_getLogs: { params: [logCriteria], handler: ([c]: [LogCriteria]) => getLogs(c) },
    eth_newFilter: { params: [logCriteria], handler: ([c]: [LogCriteria]) => hub.installFilter('logs', c) },
    eth_newBlockFilter: { params: [], handler: () => hub.installFilter('block') },
    eth_newPendingTransactionFilter: { params: [optional(any)], handler: () => hub.installFilter('pendingTx') },
    eth_getFilterChanges: { params: [filterId], handler: ([id]: [string]) => hub.takeChanges(id) },
    eth_getFilterLogs: {
      params: [filterId],
      handler: ([id]: [string]) => {
        const f = hub.getFilter(id);
        if (f.kind !== 'logs') throw new RpcError(RpcErrorCode.SERVER_ERROR, GETH_MESSAGES.filterNotFound);
        return getLogs(f.criteria!);
      },
    },
    eth_uninstallFilter: { params: [filterId], handler: ([id]: [string]) => hub.uninstallFilter(id) },
    eth_subscribe: {
      params: [string, optional(any)],
      handler: ([kind, arg]: [string, unknown], ctx: RpcContext) => {
        const conn = ctx.connection;
        if (conn === undefined)
          throw new RpcError(RpcErrorCode.METHOD_NOT_FOUND, GETH_MESSAGES.notificationsUnsupported);
        switch (kind as SubscriptionKind) {
          case 'newHeads':
            return hub.subscribe(conn, 'newHeads');
          case 'logs': {
            let criteria: LogCriteria = { addresses: [], topics: [] };
            if (arg !== undefined && arg !== null) {
              try {
                criteria = logCriteria(arg);
              } catch (e) {
                if (e instanceof InvalidParamsError) throw new InvalidParamsError(`invalid argument 1: ${e.message}`);
                throw e;
              }
            }
            return hub.subscribe(conn, 'logs', { criteria });
          }
          case 'newPendingTransactions':
            if (arg !== undefined && arg !== null && typeof arg !== 'boolean') {
              throw new InvalidParamsError('invalid argument 1: cannot unmarshal into bool');
            }
            return hub.subscribe(conn, 'newPendingTransactions', { fullTx: arg === true });
          default:
            throw new InvalidParamsError(`no "${kind}" subscription in eth namespace`);
        }
      },
    },
    eth_unsubscribe: {
      params: [string],
      handler: ([id]: [string], ctx: RpcContext) => {
        if (ctx.connection === undefined)
          throw new RpcError(RpcErrorCode.METHOD_NOT_FOUND, GETH_MESSAGES.notificationsUnsupported);
        return hub.unsubscribe(ctx.connection, id);
      },
    },
  };
}

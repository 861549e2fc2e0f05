// Transport-independent JSON-RPC 2.0 processing: request validation, batches, notifications,
// method lookup, param decoding and the one error mapping. HTTP and WebSocket both call in here.
import type { Logger } from '@basalt/common';
import {
  GETH_MESSAGES,
  InvalidRequestError,
  isUnexpectedError,
  type JsonRpcErrorObject,
  MethodNotFoundError,
  ParseError,
  type RpcError,
  toJsonRpcError,
} from './errors.ts';
import type { RpcConnection, RpcContext, RpcMethod, RpcModule } from './types.ts';
import { decodeParams } from './validation.ts';

export type JsonRpcId = string | number | null;

export interface JsonRpcSuccess {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: unknown;
}
export interface JsonRpcFailure {
  jsonrpc: '2.0';
  id: JsonRpcId;
  error: JsonRpcErrorObject;
}
export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure;

export function errorResponse(id: JsonRpcId, err: RpcError): JsonRpcFailure {
  return { jsonrpc: '2.0', id, error: err.toJSON() };
}

const EMPTY_PARAMS: unknown[] = [];

export class Dispatcher {
  private readonly table = new Map<string, RpcMethod>();
  private readonly namespaces = new Map<string, string>();
  private readonly logger: Logger;
  private readonly maxBatchLength: number;

  constructor(logger: Logger, maxBatchLength: number) {
    this.logger = logger;
    this.maxBatchLength = maxBatchLength;
  }

  register(name: string, method: RpcMethod): void {
    this.table.set(name, method);
    const ns = name.split('_', 1)[0]!;
    if (!this.namespaces.has(ns)) this.namespaces.set(ns, '1.0');
  }

  registerModule(module: RpcModule): void {
    this.namespaces.set(module.namespace, '1.0');
    for (const [name, method] of Object.entries(module.methods)) this.register(name, method);
  }

  has(name: string): boolean {
    return this.table.has(name);
  }

  methods(): string[] {
    return [...this.table.keys()].sort();
  }

  modules(): Record<string, string> {
    return Object.fromEntries([...this.namespaces.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Parses and handles a request text; returns the response text, or undefined when none is due. */
  async handleText(text: string, transport: 'http' | 'ws', connection?: RpcConnection): Promise<string | undefined> {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return JSON.stringify(errorResponse(null, new ParseError()));
    }
    const res = await this.handlePayload(payload, transport, connection);
    return res === undefined ? undefined : stringify(res);
  }

  /** Handles a parsed request or batch. */
  async handlePayload(
    payload: unknown,
    transport: 'http' | 'ws',
    connection?: RpcConnection,
  ): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
    if (!Array.isArray(payload)) return this.handleOne(payload, transport, connection);
    if (payload.length === 0) return errorResponse(null, new InvalidRequestError(GETH_MESSAGES.emptyBatch));
    if (payload.length > this.maxBatchLength) {
      // geth's respondWithBatchTooLarge: one error, carrying the id of the first call, in an array.
      let id: JsonRpcId = null;
      for (const r of payload) {
        if (isObject(r) && r.id !== undefined && isValidId(r.id)) {
          id = r.id as JsonRpcId;
          break;
        }
      }
      return [errorResponse(id, new InvalidRequestError(GETH_MESSAGES.batchTooLarge))];
    }
    const out: JsonRpcResponse[] = [];
    // In order, one after another (as geth): a batch may depend on its own earlier writes.
    for (const req of payload) {
      const r = await this.handleOne(req, transport, connection);
      if (r !== undefined) out.push(r);
    }
    return out.length === 0 ? undefined : out;
  }

  /** Handles one request object; undefined for a valid notification. */
  async handleOne(
    req: unknown,
    transport: 'http' | 'ws',
    connection?: RpcConnection,
  ): Promise<JsonRpcResponse | undefined> {
    if (!isObject(req)) return errorResponse(null, new InvalidRequestError());
    const rawId = req.id;
    const isNotification = rawId === undefined;
    if (!isNotification && !isValidId(rawId)) {
      return errorResponse(null, new InvalidRequestError('invalid request: id must be a string, number or null'));
    }
    const id = (rawId ?? null) as JsonRpcId;
    if (req.jsonrpc !== '2.0')
      return errorResponse(id, new InvalidRequestError('invalid request: jsonrpc must be "2.0"'));
    const methodName = req.method;
    if (typeof methodName !== 'string' || methodName.length === 0) {
      return errorResponse(id, new InvalidRequestError('invalid request: method must be a non-empty string'));
    }
    let params: unknown[];
    if (req.params === undefined || req.params === null) params = EMPTY_PARAMS;
    else if (Array.isArray(req.params)) params = req.params;
    else return errorResponse(id, new InvalidRequestError('invalid request: params must be an array'));

    const method = this.table.get(methodName);
    if (method === undefined) {
      return isNotification ? undefined : errorResponse(id, new MethodNotFoundError(methodName));
    }
    const ctx: RpcContext =
      connection === undefined
        ? { id: rawId as JsonRpcId, transport }
        : { id: rawId as JsonRpcId, transport, connection };
    try {
      const decoded = method.params === undefined ? params : decodeParams(method.params, params);
      let result = method.handler(decoded as unknown[], ctx);
      if (result instanceof Promise) result = await result;
      if (isNotification) return undefined;
      return { jsonrpc: '2.0', id, result: result === undefined ? null : result };
    } catch (err) {
      const rpcErr = toJsonRpcError(err);
      if (isUnexpectedError(err)) {
        this.logger.error('rpc method failed', { method: methodName, id, transport }, err);
      } else if (this.logger.isDebugEnabled()) {
        this.logger.debug('rpc error', { method: methodName, id, code: rpcErr.rpcCode, message: rpcErr.message });
      }
      return isNotification ? undefined : errorResponse(id, rpcErr);
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isValidId(v: unknown): boolean {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/** JSON text of a response; a result that cannot be stringified (a bigint, a cycle) becomes -32603. */
export function stringify(res: JsonRpcResponse | JsonRpcResponse[]): string {
  try {
    return JSON.stringify(res);
  } catch {
    if (Array.isArray(res)) return `[${res.map((r) => stringify(r)).join(',')}]`;
    return JSON.stringify(errorResponse(res.id, toJsonRpcError(undefined)));
  }
}

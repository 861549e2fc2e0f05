// The one JSON-RPC client every node is measured through: undici's Pool (keep-alive connections,
// optional HTTP/1.1 pipelining), single requests or JSON-RPC batches, and a closed-loop load runner
// that keeps a fixed number of requests in flight and records each latency.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface RpcRequest {
  method: string;
  params: unknown[];
}

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface RpcClient {
  readonly url: string;
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** One HTTP request carrying a JSON-RPC batch; each entry is the result or an RpcError. */
  batch(calls: RpcRequest[]): Promise<(unknown | RpcError)[]>;
  close(): Promise<void>;
}

export interface RpcClientOpts {
  /** Keep-alive connections in the pool. */
  connections?: number;
  /** Requests pipelined on one connection (1 = none). */
  pipelining?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
}

interface JsonRpcResponse {
  id: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export function createRpcClient(url: string, opts: RpcClientOpts = {}): RpcClient {
  const u = new URL(url);
  const pool = new Pool(u.origin, {
    connections: opts.connections ?? 64,
    pipelining: opts.pipelining ?? 1,
    keepAliveTimeout: 60_000,
    headersTimeout: opts.timeoutMs ?? 120_000,
    bodyTimeout: opts.timeoutMs ?? 120_000,
  });
  let nextId = 1;
  const path = u.pathname || '/';

  async function post(body: string): Promise<unknown> {
    const res = await pool.request({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new RpcError(-res.statusCode, `HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
    return JSON.parse(text);
  }

  return {
    url,
    async request<T>(method: string, params: unknown[] = []): Promise<T> {
      const id = nextId++;
      const r = (await post(JSON.stringify({ jsonrpc: '2.0', id, method, params }))) as JsonRpcResponse;
      if (r.error) throw new RpcError(r.error.code, r.error.message, r.error.data);
      return r.result as T;
    },
    async batch(calls: RpcRequest[]): Promise<(unknown | RpcError)[]> {
      if (calls.length === 0) return [];
      const first = nextId;
      nextId += calls.length;
      const body = JSON.stringify(
        calls.map((c, i) => ({ jsonrpc: '2.0', id: first + i, method: c.method, params: c.params })),
      );
      const r = (await post(body)) as JsonRpcResponse[] | JsonRpcResponse;
      if (!Array.isArray(r)) throw new RpcError(r.error?.code ?? -1, r.error?.message ?? 'batch refused');
      const out: (unknown | RpcError)[] = new Array(calls.length);
      for (const item of r) {
        const i = item.id - first;
        out[i] = item.error ? new RpcError(item.error.code, item.error.message, item.error.data) : item.result;
      }
      return out;
    },
    async close() {
      await pool.close();
    },
  };
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * Keeps `inFlight` requests outstanding until `durationMs` has passed (or `maxRequests` were sent),
 * each made by `make(i)`; with `batchSize > 1` every HTTP request is a JSON-RPC batch and a request
 * counts as `batchSize` calls.
 */
export async function runLoad(
  client: RpcClient,
  opts: {
    inFlight: number;
    durationMs: number;
    maxRequests?: number;
    batchSize?: number;
    make: (i: number) => RpcRequest;
  },
): Promise<LoadResult> {
  const batchSize = opts.batchSize ?? 1;
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + opts.durationMs;
  const max = opts.maxRequests ?? Number.POSITIVE_INFINITY;
  const worker = async () => {
    while (performance.now() < deadline && sent < max) {
      const i = sent;
      sent += batchSize;
      const t0 = performance.now();
      try {
        if (batchSize === 1) {
          const r = opts.make(i);
          await client.request(r.method, r.params);
        } else {
          const calls: RpcRequest[] = [];
          for (let k = 0; k < batchSize; k++) calls.push(opts.make(i + k));
          const res = await client.batch(calls);
          for (const x of res) {
            if (x instanceof RpcError) {
              errors++;
              firstError ??= x.message;
            }
          }
        }
      } catch (err) {
        errors += batchSize;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: opts.inFlight }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const requests = latencies.length * batchSize;
  return {
    requests,
    errors,
    seconds,
    perSecond: requests / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

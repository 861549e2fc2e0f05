// A small JSON-RPC 2.0 client over fetch for the fork source: a bounded number of requests in
// flight, a timeout per attempt, retries with backoff on network errors and HTTP 429/5xx, and an
// AbortController that stop() uses to cancel whatever is still running.
import { setTimeout as sleep } from 'node:timers/promises';
import { NodeError, NodeErrorCode } from '../errors.ts';

/** Settings of {@link ForkRpcClient}. */
export interface ForkRpcClientOpts {
  /** Milliseconds one attempt may take. */
  timeoutMs: number;
  /** Attempts after the first, for network errors, timeouts and HTTP 429/5xx (never for JSON-RPC errors). */
  retries: number;
  /** Requests in flight at once; the rest wait their turn. */
  maxConcurrent: number;
}

export const defaultForkRpcClientOpts: ForkRpcClientOpts = { timeoutMs: 45_000, retries: 3, maxConcurrent: 8 };

/** `scheme://host:port`, and `/…` when there is more: fork URLs often hold an API key in the path or query. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const more = (u.pathname !== '/' && u.pathname !== '') || u.search !== '' ? '/…' : '';
    return `${u.protocol}//${u.host}${more}`;
  } catch {
    return '<invalid url>';
  }
}

/** An answer that is not worth retrying (a JSON-RPC error, a 4xx). */
class Permanent {
  constructor(readonly message: string) {}
}

export class ForkRpcClient {
  readonly url: string;
  /** The URL without its path and query, for logs and messages. */
  readonly shownUrl: string;
  private readonly opts: ForkRpcClientOpts;
  private readonly stopped = new AbortController();
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private nextId = 1;

  constructor(url: string, opts: Partial<ForkRpcClientOpts> = {}) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new NodeError({ code: NodeErrorCode.INVALID_CONFIG, field: 'fork-url' }, `--fork-url is not a URL: ${url}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new NodeError(
        { code: NodeErrorCode.INVALID_CONFIG, field: 'fork-url' },
        `--fork-url must be an http:// or https:// URL, got ${parsed.protocol}`,
      );
    }
    this.url = url;
    this.shownUrl = redactUrl(url);
    this.opts = { ...defaultForkRpcClientOpts, ...opts };
  }

  /**
   * Calls `method` and resolves with its result. Rejects with a NodeError (FORK_SOURCE_FAILED)
   * whose message says which method failed and why (error answer, HTTP status, timeout, network).
   */
  async request<T>(method: string, params: unknown[]): Promise<T> {
    await this.acquire();
    try {
      let lastError = '';
      for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
        if (this.stopped.signal.aborted) break;
        // A timer that keeps the process alive (an unref'd one let a node starting on a source that
        // did not answer exit 0 during the backoff, with nothing printed), cut short by close().
        if (attempt > 0) {
          const backoff = Math.min(200 * 2 ** (attempt - 1), 3_000);
          await sleep(backoff, undefined, { signal: this.stopped.signal }).catch(() => undefined);
          if (this.stopped.signal.aborted) break;
        }
        const outcome = await this.attempt<T>(method, params);
        if (outcome instanceof Permanent) throw this.failure(method, outcome.message);
        if ('result' in outcome) return outcome.result;
        lastError = outcome.error;
      }
      throw this.failure(method, this.stopped.signal.aborted ? 'the node is shutting down' : lastError);
    } finally {
      this.release();
    }
  }

  /** Cancels every request in flight or waiting; later requests fail at once. */
  close(): void {
    this.stopped.abort();
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async attempt<T>(method: string, params: unknown[]): Promise<{ result: T } | { error: string } | Permanent> {
    const signal = AbortSignal.any([this.stopped.signal, AbortSignal.timeout(this.opts.timeoutMs)]);
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }),
        signal,
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError') return { error: `no answer within ${this.opts.timeoutMs} ms` };
      if (e.name === 'AbortError') return { error: 'the node is shutting down' };
      return { error: e.cause?.code ?? e.cause?.message ?? e.message };
    }
    if (res.status === 429 || res.status >= 500) return { error: `HTTP ${res.status}` };
    if (!res.ok) return new Permanent(`HTTP ${res.status}`);
    let body: { result?: T; error?: { code?: number; message?: string } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return new Permanent(`not a JSON answer: ${text.slice(0, 80)}`);
    }
    if (body.error !== undefined && body.error !== null) {
      return new Permanent(`${body.error.message ?? 'error'} (code ${body.error.code ?? '?'})`);
    }
    if (!('result' in body)) return new Permanent('an answer without result or error');
    return { result: body.result as T };
  }

  private failure(method: string, reason: string): NodeError {
    return new NodeError(
      { code: NodeErrorCode.FORK_SOURCE_FAILED, url: this.shownUrl, method, reason },
      `${method} at ${this.shownUrl} failed: ${reason}`,
    );
  }

  private async acquire(): Promise<void> {
    if (this.inFlight < this.opts.maxConcurrent || this.stopped.signal.aborted) {
      this.inFlight++;
      return;
    }
    // release() hands its slot over: inFlight stays as it is.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.inFlight--;
  }
}

// The fork source client against a real HTTP server on 127.0.0.1: bounded requests in flight,
// a timeout per attempt, retries on 5xx but not on JSON-RPC errors, close() cancelling, and URLs
// shown without their path (API keys).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { NodeErrorCode } from '../src/errors.ts';
import { ForkRpcClient, redactUrl } from '../src/fork/rpcClient.ts';

type Handler = (body: { id: number; method: string }, res: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';
    req.on('data', (c: Buffer) => {
      data += c.toString();
    });
    req.on('end', () => handler(JSON.parse(data) as { id: number; method: string }, res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/SECRET-KEY`;
}

const answer = (res: ServerResponse, body: unknown, status = 200) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('node / fork / rpc client', () => {
  it('keeps at most maxConcurrent requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const url = await serve((body, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        answer(res, { jsonrpc: '2.0', id: body.id, result: body.method });
      }, 20);
    });
    const client = new ForkRpcClient(url, { maxConcurrent: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => client.request(`m${i}`, [])));
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
    expect(most).toBe(3);
  });

  it('retries a 503 and answers; does not retry a JSON-RPC error; messages hide the path', async () => {
    let calls = 0;
    const url = await serve((body, res) => {
      calls++;
      if (body.method === 'flaky' && calls < 3) return answer(res, {}, 503);
      if (body.method === 'bad')
        return answer(res, { jsonrpc: '2.0', id: body.id, error: { code: -32000, message: 'missing trie node' } });
      answer(res, { jsonrpc: '2.0', id: body.id, result: '0x1' });
    });
    const client = new ForkRpcClient(url, { retries: 3 });
    expect(await client.request('flaky', [])).toBe('0x1');
    expect(calls).toBe(3);
    calls = 0;
    const err = (await client.request('bad', []).catch((e: unknown) => e)) as Error & { code: string };
    expect(calls).toBe(1);
    expect(err.code).toBe(NodeErrorCode.FORK_SOURCE_FAILED);
    expect(err.message).toMatch(/^bad at http:\/\/127\.0\.0\.1:\d+\/… failed: missing trie node \(code -32000\)$/);
    expect(err.message).not.toContain('SECRET');
  });

  it('gives up after the timeout of each attempt, and close() cancels what is running', async () => {
    const url = await serve(() => {
      // never answers
    });
    const client = new ForkRpcClient(url, { timeoutMs: 100, retries: 1 });
    const started = Date.now();
    await expect(client.request('slow', [])).rejects.toThrow(/slow at .* failed: no answer within 100 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);

    const other = new ForkRpcClient(url, { timeoutMs: 60_000 });
    const pending = other.request('hang', []).catch((e: unknown) => e as Error);
    setTimeout(() => other.close(), 50);
    expect((await pending).message).toMatch(/hang at .* failed: the node is shutting down/);
  });

  it('rejects URLs that are not http(s); redacts paths and queries', () => {
    expect(() => new ForkRpcClient('ws://127.0.0.1:8545')).toThrow(/--fork-url must be an http/);
    expect(() => new ForkRpcClient('not a url')).toThrow(/--fork-url is not a URL/);
    expect(redactUrl('https://eth.example.com/v2/KEY?x=1')).toBe('https://eth.example.com/…');
    expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545');
    expect(redactUrl('http://user:pw@host:1/')).toBe('http://host:1');
  });
});

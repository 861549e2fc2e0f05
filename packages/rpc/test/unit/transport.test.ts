import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@basalt/common';
import { Dispatcher } from '../../src/dispatcher.ts';
import { InvalidParamsError, ServerError } from '../../src/errors.ts';
import { RpcTransport } from '../../src/transport.ts';
import { bool, optional, quantity } from '../../src/validation.ts';
import { post, WsClient } from '../helpers/http.ts';

describe('rpc / transport', () => {
  let transport: RpcTransport;
  let url: string;
  let logger: MemoryLogger;
  const closers: (() => Promise<void>)[] = [];
  let calls: string[];

  beforeEach(async () => {
    logger = new MemoryLogger();
    calls = [];
    const d = new Dispatcher(logger, 5);
    d.register('test_echo', { handler: (params) => params });
    d.register('test_add', {
      params: [quantity, optional(quantity, 1n)],
      handler: ([a, b]: [bigint, bigint]) => `0x${(a + b).toString(16)}`,
    });
    d.register('test_flag', { params: [bool], handler: ([b]: [boolean]) => b });
    d.register('test_record', {
      handler: (p) => {
        calls.push(String(p[0]));
        return true;
      },
    });
    d.register('test_fail', {
      handler: () => {
        throw new ServerError('nonce too low');
      },
    });
    d.register('test_bug', {
      handler: () => {
        throw new TypeError('secret internals');
      },
    });
    d.register('test_slow', { handler: () => new Promise((r) => setTimeout(() => r('done'), 50)) });
    d.register('test_invalid', {
      handler: () => {
        throw new InvalidParamsError('nope');
      },
    });
    transport = new RpcTransport(
      d,
      {
        host: '127.0.0.1',
        port: 0,
        corsOrigins: '*',
        maxBodyBytes: 64 * 1024,
        maxConnections: 3,
        maxWsBufferedBytes: 1 << 20,
      },
      logger,
    );
    await transport.start();
    url = `http://127.0.0.1:${transport.address()!.port}`;
    closers.push(() => transport.stop());
  });

  afterEach(async () => {
    while (closers.length > 0) await closers.pop()!();
  });

  async function stillServes(): Promise<void> {
    const r = await post(url, { jsonrpc: '2.0', id: 99, method: 'test_add', params: ['0x1', '0x2'] });
    expect(r.json).toEqual({ jsonrpc: '2.0', id: 99, result: '0x3' });
  }

  it('binds 127.0.0.1 on a free port when asked for port 0', () => {
    expect(transport.address()!.host).toBe('127.0.0.1');
    expect(transport.address()!.port).toBeGreaterThan(0);
  });

  it('answers a request with its id and result', async () => {
    const r = await post(url, { jsonrpc: '2.0', id: 'abc', method: 'test_add', params: ['0xa'] });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toEqual({ jsonrpc: '2.0', id: 'abc', result: '0xb' });
  });

  it('answers malformed JSON with -32700 and id null', async () => {
    const r = await post(url, '{"jsonrpc":"2.0",');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
    await stillServes();
  });

  it('answers an empty body with -32700', async () => {
    const r = await post(url, '');
    expect(r.json.error.code).toBe(-32700);
    await stillServes();
  });

  it.each([
    ['a number', 1],
    ['a string', '"x"'],
    ['null', 'null'],
    ['a missing method', { jsonrpc: '2.0', id: 1 }],
    ['a non-string method', { jsonrpc: '2.0', id: 1, method: 5 }],
    ['a wrong version', { jsonrpc: '1.0', id: 1, method: 'test_add', params: ['0x1'] }],
    ['object params', { jsonrpc: '2.0', id: 1, method: 'test_add', params: { a: 1 } }],
    ['an object id', { jsonrpc: '2.0', id: { x: 1 }, method: 'test_add', params: ['0x1'] }],
  ])('answers %s with -32600', async (_what, body) => {
    const r = await post(url, typeof body === 'string' || typeof body === 'number' ? String(body) : body);
    expect(r.json.error.code).toBe(-32600);
    expect(r.json.jsonrpc).toBe('2.0');
    await stillServes();
  });

  it('answers an unknown method with -32601 in geth words', async () => {
    const r = await post(url, { jsonrpc: '2.0', id: 7, method: 'eth_nope', params: [] });
    expect(r.json).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32601, message: 'the method eth_nope does not exist/is not available' },
    });
    await stillServes();
  });

  it.each([
    [['1'], 'invalid argument 0: hex string without 0x prefix'],
    [['0x01'], 'invalid argument 0: hex number with leading zero digits'],
    [['0xzz'], 'invalid argument 0: invalid hex string'],
    [['0x'], 'invalid argument 0: hex string "0x"'],
    [[1], 'invalid argument 0: cannot unmarshal number into a hex quantity'],
    [[], 'missing value for required argument 0'],
    [['0x1', '0x2', '0x3'], 'too many arguments, want at most 2'],
  ])('answers wrong params %j with -32602', async (params, message) => {
    const r = await post(url, { jsonrpc: '2.0', id: 1, method: 'test_add', params });
    expect(r.json).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32602, message } });
    await stillServes();
  });

  it('passes a domain message through with its code and hides unexpected errors behind -32603', async () => {
    const a = await post(url, { jsonrpc: '2.0', id: 1, method: 'test_fail' });
    expect(a.json.error).toEqual({ code: -32000, message: 'nonce too low' });
    const b = await post(url, { jsonrpc: '2.0', id: 2, method: 'test_bug' });
    expect(b.json.error).toEqual({ code: -32603, message: 'internal error' });
    expect(b.text).not.toContain('secret');
    const logged = logger.records.find((r) => r.level === 'error');
    expect(logged!.context).toMatchObject({ method: 'test_bug', id: 2 });
    expect((logged!.err as Error).message).toBe('secret internals');
  });

  it('answers an oversized body with 413 and a -32600 body, then keeps serving', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test_echo', params: ['x'.repeat(70 * 1024)] });
    const r = await post(url, big);
    expect(r.status).toBe(413);
    expect(r.json).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'request body too large (limit 65536 bytes)' },
    });
    await stillServes();
  });

  it('answers a batch in order, errors included', async () => {
    const r = await post(url, [
      { jsonrpc: '2.0', id: 1, method: 'test_add', params: ['0x1'] },
      { jsonrpc: '2.0', id: 2, method: 'eth_nope' },
      5,
      { jsonrpc: '2.0', method: 'test_record', params: ['note'] },
      { jsonrpc: '2.0', id: 3, method: 'test_add', params: ['bad'] },
    ]);
    expect(r.json).toEqual([
      { jsonrpc: '2.0', id: 1, result: '0x2' },
      {
        jsonrpc: '2.0',
        id: 2,
        error: { code: -32601, message: 'the method eth_nope does not exist/is not available' },
      },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'invalid request' } },
      { jsonrpc: '2.0', id: 3, error: { code: -32602, message: 'invalid argument 0: hex string without 0x prefix' } },
    ]);
    expect(calls).toEqual(['note']);
  });

  it('answers an empty batch with one -32600 object', async () => {
    const r = await post(url, []);
    expect(r.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'empty batch' } });
    await stillServes();
  });

  it('answers a batch over the limit with one error carrying the first id (geth)', async () => {
    const batch = Array.from({ length: 6 }, (_, i) => ({
      jsonrpc: '2.0',
      id: i + 10,
      method: 'test_add',
      params: ['0x1'],
    }));
    const r = await post(url, batch);
    expect(r.json).toEqual([{ jsonrpc: '2.0', id: 10, error: { code: -32600, message: 'batch too large' } }]);
    await stillServes();
  });

  it('runs notifications without answering them', async () => {
    const one = await post(url, { jsonrpc: '2.0', method: 'test_record', params: ['a'] });
    expect(one.status).toBe(204);
    expect(one.text).toBe('');
    const batch = await post(url, [
      { jsonrpc: '2.0', method: 'test_record', params: ['b'] },
      { jsonrpc: '2.0', method: 'test_fail' },
      { jsonrpc: '2.0', method: 'eth_nope' },
    ]);
    expect(batch.status).toBe(204);
    expect(calls).toEqual(['a', 'b']);
  });

  it('accepts text/plain bodies and any POST path', async () => {
    const r = await post(
      url,
      { jsonrpc: '2.0', id: 1, method: 'test_flag', params: [true] },
      { 'content-type': 'text/plain' },
    );
    expect(r.json.result).toBe(true);
    const p = await fetch(`${url}/rpc`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'test_flag', params: [false] }),
    });
    expect(await p.json()).toEqual({ jsonrpc: '2.0', id: 2, result: false });
  });

  it('sends CORS headers for any origin by default', async () => {
    const pre = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const r = await post(
      url,
      { jsonrpc: '2.0', id: 1, method: 'test_add', params: ['0x1'] },
      { origin: 'http://example.test' },
    );
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers GET without upgrade with 405', async () => {
    const r = await fetch(url);
    expect(r.status).toBe(405);
    expect((await r.json()).error.code).toBe(-32600);
  });

  describe('websocket', () => {
    it('serves requests, batches and errors on the same port and path', async () => {
      const ws = await WsClient.connect(url.replace('http', 'ws'));
      closers.push(() => ws.close());
      expect(await ws.request('test_add', ['0x2', '0x2'])).toEqual({ jsonrpc: '2.0', id: 1, result: '0x4' });
      ws.sendRaw('{oops');
      expect(await ws.next()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
      ws.sendRaw(
        JSON.stringify([
          { jsonrpc: '2.0', id: 'a', method: 'test_flag', params: [true] },
          { jsonrpc: '2.0', id: 'b', method: 'x_y' },
        ]),
      );
      const batch = await ws.next();
      expect(batch.map((m: any) => m.id)).toEqual(['a', 'b']);
      expect(batch[1].error.code).toBe(-32601);
      expect((await ws.request('test_slow')).result).toBe('done');
    });

    it('closes a connection over the connection limit', async () => {
      const clients = await Promise.all([1, 2, 3].map(() => WsClient.connect(url.replace('http', 'ws'))));
      for (const c of clients) closers.push(() => c.close());
      const extra = await WsClient.connect(url.replace('http', 'ws'));
      const code = await new Promise<number>((resolve) => extra.ws.once('close', (c) => resolve(c)));
      expect(code).toBe(1013);
      expect((await clients[0]!.request('test_flag', [true])).result).toBe(true);
    });

    it('closes a connection whose message is over the size limit (1009), and keeps serving others', async () => {
      const ws = await WsClient.connect(url.replace('http', 'ws'));
      const code = new Promise<number>((resolve) => ws.ws.once('close', (c) => resolve(c)));
      ws.sendRaw(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test_echo', params: ['x'.repeat(70 * 1024)] }));
      expect(await code).toBe(1009);
      await stillServes();
    });
  });

  describe('lifecycle', () => {
    it('stops at once with idle keep-alive and open websocket connections', async () => {
      const ws = await WsClient.connect(url.replace('http', 'ws'));
      await stillServes(); // leaves a keep-alive socket open in fetch's pool
      const closed = new Promise<void>((resolve) => ws.ws.once('close', () => resolve()));
      const t0 = Date.now();
      await transport.stop();
      await closed;
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(transport.isStarted()).toBe(false);
      await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
    });

    it('start and stop are idempotent, and it can start again', async () => {
      await transport.start();
      await transport.stop();
      await transport.stop();
      await transport.start();
      expect(transport.isStarted()).toBe(true);
      const r = await post(`http://127.0.0.1:${transport.address()!.port}`, {
        jsonrpc: '2.0',
        id: 1,
        method: 'test_flag',
        params: [true],
      });
      expect(r.json.result).toBe(true);
    });
  });
});

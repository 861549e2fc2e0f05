// The fastify server: JSON-RPC over HTTP POST and WebSocket on one port. It owns sockets only;
// every request goes through the Dispatcher. stop() destroys keep-alive and WebSocket sockets (H16).
import type { Socket } from 'node:net';
import type { Logger } from '@basalt/common';
import cors from '@fastify/cors';
import websocket, { type WebSocket } from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Dispatcher, errorResponse } from './dispatcher.ts';
import { InternalError, InvalidRequestError } from './errors.ts';
import type { RpcConnection } from './types.ts';

export interface TransportOpts {
  host: string;
  port: number;
  corsOrigins: '*' | string[] | false;
  maxBodyBytes: number;
  maxConnections: number;
  maxWsBufferedBytes: number;
}

const JSON_TYPE = 'application/json';

/** A WebSocket client of the server. */
class WsConnection implements RpcConnection {
  readonly id: number;
  private readonly socket: WebSocket;
  private readonly maxBuffered: number;
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;

  constructor(id: number, socket: WebSocket, maxBuffered: number) {
    this.id = id;
    this.socket = socket;
    this.maxBuffered = maxBuffered;
  }

  send(text: string): boolean {
    if (this.closed || this.socket.readyState !== 1) return false;
    if (this.socket.bufferedAmount > this.maxBuffered) {
      // A consumer that does not read would grow our memory without bound: cut it off.
      this.socket.terminate();
      return false;
    }
    this.socket.send(text);
    return true;
  }

  notify(method: string, params: unknown): boolean {
    return this.send(JSON.stringify({ jsonrpc: '2.0', method, params }));
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners.splice(0)) {
      try {
        l();
      } catch {
        // a listener's failure must not stop the others
      }
    }
  }
}

export class RpcTransport {
  private app: FastifyInstance | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly wsClients = new Set<WebSocket>();
  private bound: { host: string; port: number } | undefined;
  private nextConnId = 1;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly opts: TransportOpts,
    private readonly logger: Logger,
  ) {}

  address(): { host: string; port: number } | undefined {
    return this.bound;
  }

  isStarted(): boolean {
    return this.bound !== undefined;
  }

  async start(): Promise<void> {
    if (this.bound !== undefined) return;
    if (this.starting === undefined) {
      this.starting = this.listen().finally(() => {
        this.starting = undefined;
      });
    }
    await this.starting;
  }

  private async listen(): Promise<void> {
    const { opts, dispatcher } = this;
    const app = Fastify({
      logger: false,
      bodyLimit: opts.maxBodyBytes,
      forceCloseConnections: true,
      keepAliveTimeout: 72_000,
      return503OnClosing: true,
    });
    app.server.on('connection', (sock: Socket) => {
      this.sockets.add(sock);
      sock.once('close', () => this.sockets.delete(sock));
    });

    if (opts.corsOrigins !== false) {
      await app.register(cors, {
        origin: opts.corsOrigins === '*' ? '*' : opts.corsOrigins,
        methods: ['POST', 'GET', 'OPTIONS'],
        maxAge: 600,
      });
    }
    await app.register(websocket, {
      options: { maxPayload: opts.maxBodyBytes },
      preClose: (done) => {
        for (const c of this.wsClients) c.terminate();
        this.wsClients.clear();
        app.websocketServer.close(() => done());
      },
    });

    // Take the body as text whatever the content type: JSON.parse is ours, so bad JSON is -32700.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    app.setErrorHandler((err: { statusCode?: number; code?: string }, _req, reply) => {
      const status = err.statusCode ?? 500;
      const rpcErr =
        status === 413
          ? new InvalidRequestError(`request body too large (limit ${opts.maxBodyBytes} bytes)`)
          : status < 500
            ? new InvalidRequestError()
            : new InternalError();
      if (status >= 500) this.logger.error('rpc transport error', {}, err);
      void reply
        .code(status)
        .header('content-type', JSON_TYPE)
        .send(JSON.stringify(errorResponse(null, rpcErr)));
    });

    const post = async (req: { body: unknown }, reply: import('fastify').FastifyReply) => {
      const text = typeof req.body === 'string' ? req.body : '';
      const out = await dispatcher.handleText(text, 'http');
      if (out === undefined) return reply.code(204).send();
      return reply.header('content-type', JSON_TYPE).send(out);
    };
    app.post('/', post);
    app.post('/*', post);

    app.route({
      method: 'GET',
      url: '/',
      handler: (_req, reply) =>
        reply
          .code(405)
          .header('allow', 'POST')
          .header('content-type', JSON_TYPE)
          .send(
            JSON.stringify(
              errorResponse(null, new InvalidRequestError('use POST for JSON-RPC over HTTP, or a WebSocket upgrade')),
            ),
          ),
      wsHandler: (socket) => this.onWebSocket(socket),
    });

    await app.listen({ host: opts.host, port: opts.port });
    const addr = app.server.address();
    if (addr === null || typeof addr === 'string') throw new InternalError('rpc server bound to no TCP address');
    this.app = app;
    this.bound = { host: addr.address, port: addr.port };
  }

  private onWebSocket(socket: WebSocket): void {
    if (this.wsClients.size >= this.opts.maxConnections) {
      socket.close(1013, 'too many connections');
      return;
    }
    this.wsClients.add(socket);
    const conn = new WsConnection(this.nextConnId++, socket, this.opts.maxWsBufferedBytes);
    socket.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const text = Array.isArray(raw)
        ? Buffer.concat(raw).toString('utf8')
        : raw instanceof ArrayBuffer
          ? Buffer.from(raw).toString('utf8')
          : raw.toString('utf8');
      void isBinary;
      handleWsMessage(this.dispatcher, text, conn, this.logger);
    });
    const onGone = () => {
      this.wsClients.delete(socket);
      conn.markClosed();
    };
    socket.on('close', onGone);
    socket.on('error', (err) => {
      if (this.logger.isDebugEnabled()) this.logger.debug('websocket error', { conn: conn.id }, err);
      socket.terminate();
      onGone();
    });
  }

  async stop(): Promise<void> {
    if (this.starting !== undefined) await this.starting.catch(() => undefined);
    const app = this.app;
    if (app === undefined) return;
    this.app = undefined;
    this.bound = undefined;
    for (const c of this.wsClients) c.terminate();
    const closing = app.close();
    // Idle keep-alive and upgraded sockets would hold close() open: destroy them (H16).
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closing;
  }
}

function handleWsMessage(dispatcher: Dispatcher, text: string, conn: WsConnection, logger: Logger): void {
  dispatcher.handleText(text, 'ws', conn).then(
    (out) => {
      if (out !== undefined) conn.send(out);
    },
    (err) => logger.error('websocket request failed', { conn: conn.id }, err),
  );
}

// The devnet's control port: a small JSON-RPC 2.0 server over HTTP on 127.0.0.1 (devnet_status,
// devnet_kill, devnet_stop, devnet_restart, devnet_partition, devnet_isolate, devnet_heal).
// It changes processes and links only; chain methods go to the nodes' own RPC ports.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Devnet } from './network.ts';

export interface DevnetControl {
  /** The bound port. */
  port(): number;
  close(): Promise<void>;
}

type Handler = (params: unknown[]) => Promise<unknown> | unknown;

function nodeIndex(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new TypeError('expected a node index (0, 1, ...)');
  return v;
}

function groupsParam(v: unknown): number[][] {
  if (!Array.isArray(v) || !v.every((g) => Array.isArray(g))) {
    throw new TypeError('expected groups of node indices, e.g. [[0,1],[2,3]]');
  }
  return (v as unknown[][]).map((g) => g.map(nodeIndex));
}

/** The control methods over `devnet`. */
export function controlMethods(devnet: Devnet): Record<string, Handler> {
  return {
    devnet_status: () => devnet.status(),
    devnet_kill: ([i]) => devnet.kill(nodeIndex(i)),
    devnet_stop: ([i]) => devnet.stopNode(nodeIndex(i)),
    devnet_restart: ([i]) => devnet.restart(nodeIndex(i)),
    devnet_partition: ([groups]) => devnet.partition(groupsParam(groups)),
    devnet_isolate: ([i]) => {
      const index = nodeIndex(i);
      const others = devnet
        .status()
        .map((n) => n.index)
        .filter((n) => n !== index);
      return devnet.partition([[index], others]);
    },
    devnet_heal: () => devnet.heal(),
  };
}

/** Serves the control methods on `host:port` (0: any free port). */
export async function startControlServer(devnet: Devnet, host: string, port: number): Promise<DevnetControl> {
  const methods = controlMethods(devnet);
  const answer = async (req: { id?: unknown; method?: unknown; params?: unknown }) => {
    const id = req.id ?? null;
    const handler = typeof req.method === 'string' ? methods[req.method] : undefined;
    if (handler === undefined) {
      return {
        jsonrpc: '2.0',
        id,
        error: { code: -32601, message: `the method ${String(req.method)} does not exist` },
      };
    }
    try {
      const params = Array.isArray(req.params) ? req.params : [];
      return { jsonrpc: '2.0', id, result: (await handler(params)) ?? null };
    } catch (err) {
      const code = err instanceof TypeError ? -32602 : -32000;
      return { jsonrpc: '2.0', id, error: { code, message: err instanceof Error ? err.message : String(err) } };
    }
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > 1 << 20) req.destroy();
    });
    req.on('end', () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }));
        return;
      }
      const work = Array.isArray(parsed)
        ? Promise.all(parsed.map((r) => answer(r as never)))
        : answer((parsed ?? {}) as never);
      void work.then((out) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: () => (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A do-nothing JSON-RPC server (its own process), to measure the client's ceiling. It speaks just
// enough HTTP/1.1 over raw sockets (keep-alive, pipelining, Content-Length bodies) to stay far
// cheaper than any node: it answers `"0x7a69"` to every call, single or batched, echoing the ids.
// Prints `Listening on 127.0.0.1:PORT`.
import { createServer, type Socket } from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');
const ID = /"id"\s*:\s*("[^"]*"|\d+|null)/g;

function answer(body: string): string {
  const ids = [...body.matchAll(ID)].map((m) => m[1]);
  const one = (id: string | undefined) => `{"jsonrpc":"2.0","id":${id ?? 'null'},"result":"0x7a69"}`;
  return body.trimStart().startsWith('[') ? `[${ids.map(one).join(',')}]` : one(ids[0]);
}

function serve(socket: Socket): void {
  let buf: Buffer = Buffer.alloc(0);
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    const out: string[] = [];
    for (;;) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) break;
      const head = buf.subarray(0, end).toString('latin1');
      const m = /content-length:\s*(\d+)/i.exec(head);
      const len = m ? Number(m[1]) : 0;
      if (buf.length < end + 4 + len) break;
      const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
      buf = buf.subarray(end + 4 + len);
      const res = answer(body);
      out.push(
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: keep-alive\r\ncontent-length: ${Buffer.byteLength(res)}\r\n\r\n${res}`,
      );
    }
    if (out.length > 0) socket.write(out.join(''));
  });
  socket.on('error', () => socket.destroy());
}

const server = createServer(serve);
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const a = server.address();
  if (a && typeof a === 'object') process.stdout.write(`Listening on 127.0.0.1:${a.port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});

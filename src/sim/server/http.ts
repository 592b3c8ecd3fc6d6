// The sim's listener: one node:http server on 127.0.0.1 serving REST, WebSocket upgrades and the loopback
// control endpoint (`/_sim/...`). It knows nothing of any venue: it reads the exact bytes of each request,
// hands them to the dialect, and writes (or, for the drop-response fault, withholds) the reply.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { WsHub } from './ws-hub.js';

export interface SimHttpRequest {
  method: string;
  path: string;
  /** The query string exactly as received, without the '?'. */
  rawQuery: string;
  /** The body exactly as received (UTF-8). */
  rawBody: string;
  headers: IncomingHttpHeaders;
  remote: string;
  /** The listening address the request came in on, as a Host header names it: `127.0.0.1:PORT`. */
  local: string;
}

export type SimHttpReply =
  | { status: number; body: string; headers?: Record<string, string>; contentType?: string }
  | { drop: true };

export interface HttpDialect {
  http(req: SimHttpRequest): Promise<SimHttpReply>;
  /** A WebSocket handler for this path, or undefined (the upgrade is refused with 404). */
  wsRoute(path: string, query: URLSearchParams): ((ws: WebSocket) => void) | undefined;
}

export type ControlHandler = (req: SimHttpRequest) => Promise<SimHttpReply>;

/** The listener's own refusals, worded in the dialect's envelope. */
export interface ListenerWording {
  bodyTooLarge(): SimHttpReply;
  internalError(): SimHttpReply;
}

function write(res: ServerResponse, reply: Exclude<SimHttpReply, { drop: true }>): void {
  res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json;charset=UTF-8', ...reply.headers });
  res.end(reply.body);
}

const MAX_BODY = 1 << 20;

export interface SimServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function listen(
  port: number,
  dialect: HttpDialect,
  control: ControlHandler,
  hub: WsHub,
  wording: ListenerWording,
): Promise<SimServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        const reply = wording.bodyTooLarge();
        if (!('drop' in reply)) write(res, reply);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const request: SimHttpRequest = {
        method: req.method ?? 'GET',
        path: q >= 0 ? url.slice(0, q) : url,
        rawQuery: q >= 0 ? url.slice(q + 1) : '',
        rawBody: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
        remote: req.socket.remoteAddress ?? '',
        local: `${req.socket.localAddress ?? ''}:${req.socket.localPort ?? ''}`,
      };
      const handler = request.path.startsWith('/_sim/') ? control : dialect.http.bind(dialect);
      handler(request).then(
        (reply) => {
          if ('drop' in reply) {
            req.socket.destroy();
            return;
          }
          write(res, reply);
        },
        () => {
          // The sim's own failure: the client gets the venue's words, never the sim's internals.
          const reply = wording.internalError();
          if (!('drop' in reply)) write(res, reply);
        },
      );
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = dialect.wsRoute(url.pathname, url.searchParams);
    if (!route) {
      refuse(socket, '404 Not Found');
      return;
    }
    hub.wss.handleUpgrade(req, socket, head, (ws) => route(ws));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

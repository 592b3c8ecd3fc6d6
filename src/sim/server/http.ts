// The sim's listener: one node:http server (node:https with a certificate) on 127.0.0.1 serving REST,
// WebSocket upgrades and the loopback control endpoint (`/_sim/...`). It knows nothing of any venue: it
// reads the exact bytes of each request, hands them to the dialect, and writes (or, for the drop-response
// fault, withholds) the reply.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
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
  /** Closes every keep-alive connection with no request in flight, as a venue's load balancer does; how many. */
  closeIdle(): number;
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
  /** Serve https/wss with this certificate and key (PEM) instead of http/ws; `onHandshake` counts handshakes. */
  tls?: { cert: string; key: string; onHandshake?(resumed: boolean): void },
): Promise<SimServer> {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
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
  };
  const server: Server = tls === undefined ? createServer(onRequest) : createTlsServer({ cert: tls.cert, key: tls.key }, onRequest);
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  if (tls === undefined) server.on('connection', track);
  else
    server.on('secureConnection', (socket: TLSSocket) => {
      track(socket);
      tls.onHandshake?.(socket.isSessionReused());
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
    closeIdle: () => {
      server.closeIdleConnections();
      let closed = 0;
      for (const socket of open) {
        if (!socket.destroyed) continue;
        open.delete(socket);
        closed++;
      }
      return closed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

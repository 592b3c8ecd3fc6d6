// A loopback HTTP proxy in front of a local venue's REST side that writes down each request's
// method and path as it passes: the venue counts requests (stats), this says which ones they were.
// Headers go through untouched (Coinbase's JWT names the host the client sent to: this one).
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RequestTap {
  /** The REST base URL to hand the engine instead of the venue's. */
  url: string;
  /** 'METHOD /path' of every request so far, query left off, in arrival order. */
  readonly seen: string[];
  close(): Promise<void>;
}

export function requestTap(venueUrl: string): Promise<RequestTap> {
  const to = new URL(venueUrl);
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${(req.url ?? '/').split('?')[0]}`);
    const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

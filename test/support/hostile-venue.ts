// A local HTTP server that answers like a hostile venue: the clock route answers honestly (so a
// client gets as far as its first real request), every other path gets what `answer` says.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = (path: string) => { status: number; body: unknown };

export function hostileVenue(answer: Answer): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const { status, body } = path.endsWith('/time') ? { status: 200, body: { serverTime: Date.now() } } : answer(path);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}


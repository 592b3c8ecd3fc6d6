// A small WebSocket helper for the sim tests: collects parsed messages and waits for one that matches.
// Messages are venue JSON whose shape each test asserts, hence `Json` = any.
import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: venue JSON, shape asserted by each test
type Json = any;

export class Collector {
  readonly messages: Json[] = [];
  readonly raw: string[] = [];
  closed = false;
  closeCode: number | undefined;
  readonly #waiters: Array<{ pred: (m: Json) => boolean; resolve: (m: Json) => void }> = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      let m: unknown;
      try {
        m = JSON.parse(text);
      } catch {
        return;
      }
      this.messages.push(m);
      for (const w of [...this.#waiters]) {
        if (w.pred(m)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
    });
    ws.on('error', () => {});
  }

  static async open(url: string, opts: WebSocket.ClientOptions = {}): Promise<Collector> {
    const ws = new WebSocket(url, opts);
    const c = new Collector(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }

  next(pred: (m: Json) => boolean, timeoutMs = 20_000): Promise<Json> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve };
      this.#waiters.push(w);
      setTimeout(() => {
        const i = this.#waiters.indexOf(w);
        if (i >= 0) {
          this.#waiters.splice(i, 1);
          reject(new Error(`no matching message within ${timeoutMs} ms (got ${this.messages.length})`));
        }
      }, timeoutMs);
    });
  }

  whenClosed(timeoutMs = 20_000): Promise<number | undefined> {
    if (this.closed) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('socket not closed in time')), timeoutMs);
      this.ws.once('close', (code) => {
        clearTimeout(t);
        resolve(code);
      });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

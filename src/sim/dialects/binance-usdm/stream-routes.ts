// Where a Binance USD-M stream connection lands (docs/venues.md §1.7, BFUT-WSC). The stream host
// routes by kind of data:
//   /public   high-frequency book data: <symbol>@bookTicker, !bookTicker, <symbol>@depth…
//   /market   the rest of market data: <symbol>@aggTrade, @markPrice, klines, tickers
//   /private  user data by listen key: /private/ws?listenKey=K&events=A/B (ws mode) or
//             /private/stream?listenKey=K1&events=A&listenKey=K2&events=B (stream mode, combined)
// each with a ws mode (streams in the path: /market/ws/a/b) and a stream mode
// (/market/stream?streams=a/b, frames wrapped as {"stream","data"}). A stream asked of the wrong
// route is accepted and never pushed. The unrouted paths (/ws/…, /stream?…) were retired on
// 2026-04-23: the handshake completes, and only public-route streams still push there ("Connections
// that do not include a routed path will only receive data from the Public endpoint"); market
// streams and listen keys stay silent for good.

export type StreamRoute = 'public' | 'market' | 'private' | 'unrouted';

/** A listen key subscribed on a private connection; `events` null = every event of the key. */
export interface KeySubscription {
  key: string;
  events: ReadonlySet<string> | null;
}

export interface RoutedConnection {
  route: StreamRoute;
  /** Stream mode: every push is wrapped as {"stream","data"}. */
  combined: boolean;
  /** Market streams named at connect time. */
  streams: string[];
  /** Listen keys named at connect time (private route only). */
  keys: KeySubscription[];
  /** Names in the path that look like listen keys on a route that does not serve them. */
  strayKeys: string[];
}

const PUBLIC_KINDS = /^(bookTicker|depth(?:5|10|20)?(?:@(?:100|250|500)ms)?)$/;
const MARKET_KINDS = /^(aggTrade|markPrice(?:@1s)?|kline_[0-9a-zA-Z]+)$/;

/** The route that serves a market stream name, or undefined for a name the sim does not serve. */
export function routeOfStream(stream: string): 'public' | 'market' | undefined {
  const at = stream.indexOf('@');
  if (at <= 0) return undefined;
  const kind = stream.slice(at + 1);
  if (PUBLIC_KINDS.test(kind)) return 'public';
  if (MARKET_KINDS.test(kind)) return 'market';
  return undefined;
}

/** True when a connection on `route` pushes `stream`. */
export function servesStream(route: StreamRoute, stream: string): boolean {
  const home = routeOfStream(stream);
  if (home === undefined) return false;
  return route === home || (route === 'unrouted' && home === 'public');
}

const isStreamName = (s: string): boolean => s.includes('@') || s.startsWith('!');

function splitNames(text: string): string[] {
  return text.split('/').filter((s) => s !== '');
}

/** `listenKey` and `events` pair by position; a key without its own `events` gets every event. */
function keySubscriptions(query: URLSearchParams): KeySubscription[] {
  const events = query.getAll('events');
  return query
    .getAll('listenKey')
    .filter((k) => k !== '')
    .map((key, i) => {
      const list = events[i];
      return { key, events: list === undefined || list === '' ? null : new Set(splitNames(list)) };
    });
}

/** The connection a path asks for, or undefined when the path is not a stream path at all. */
export function routeConnection(rawPath: string, query: URLSearchParams): RoutedConnection | undefined {
  const m = /^\/(public|market|private)(\/.*)$/.exec(rawPath);
  const route: StreamRoute = m === null ? 'unrouted' : (m[1] as StreamRoute);
  const path = m === null ? rawPath : m[2]!;
  const base = { route, streams: [] as string[], keys: [] as KeySubscription[], strayKeys: [] as string[] };
  let named: string[];
  let combined: boolean;
  if (path === '/stream') {
    combined = true;
    named = splitNames(query.get('streams') ?? '');
  } else if (path === '/ws' || path === '/ws/' || path.startsWith('/ws/')) {
    combined = false;
    named = splitNames(path.slice(3));
  } else {
    return undefined;
  }
  const streams = named.filter(isStreamName);
  const keyLike = named.filter((s) => !isStreamName(s));
  if (route === 'private') {
    // Listen keys go in the query; names in the path are not how the private route takes them.
    return { ...base, combined, streams, keys: keySubscriptions(query), strayKeys: keyLike };
  }
  const queryKeys = query.getAll('listenKey').filter((k) => k !== '');
  return { ...base, combined, streams, strayKeys: [...keyLike, ...queryKeys] };
}

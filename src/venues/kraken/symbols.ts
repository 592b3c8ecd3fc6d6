/**
 * Kraken spells one pair several ways (docs/venues.md §5): the v2 sockets and quantdeck say
 * `BTC/USD`; REST requests take the pair's `altname` (`XBTUSD`, assets' REST names joined); REST
 * replies say the altname in an order's `descr.pair` and the legacy pair id (`XXBTZUSD`, X- and
 * Z-prefixed four-letter asset codes) in a trade's `pair`; balances are keyed by asset codes of
 * either kind. The domain symbol is the v2 spelling; this file turns every other spelling into it
 * and back, with no list of pairs at hand (the adapter is pure).
 */

/** REST asset names that differ from the v2 names. */
const V2_OF_REST: Readonly<Record<string, string>> = { XBT: 'BTC', XDG: 'DOGE' };
const REST_OF_V2: Readonly<Record<string, string>> = { BTC: 'XBT', DOGE: 'XDG' };

/** Legacy four-letter asset codes (X for crypto, Z for fiat) → REST names. */
const LEGACY: Readonly<Record<string, string>> = {
  XXBT: 'XBT',
  XXDG: 'XDG',
  XETH: 'ETH',
  XLTC: 'LTC',
  XXRP: 'XRP',
  XXLM: 'XLM',
  XXMR: 'XMR',
  XZEC: 'ZEC',
  XETC: 'ETC',
  XMLN: 'MLN',
  XREP: 'REP',
  ZUSD: 'USD',
  ZEUR: 'EUR',
  ZGBP: 'GBP',
  ZCAD: 'CAD',
  ZJPY: 'JPY',
  ZAUD: 'AUD',
};
const LEGACY_OF_REST: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(LEGACY).map(([k, v]) => [v, k]),
);

/** Quote assets, longest first, for splitting a pair written without a separator. */
const QUOTES = [
  'USDT',
  'USDC',
  'ZUSD',
  'ZEUR',
  'ZGBP',
  'ZCAD',
  'ZJPY',
  'XXBT',
  'XETH',
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'JPY',
  'AUD',
  'CHF',
  'XBT',
  'BTC',
  'ETH',
  'DAI',
  'DOT',
];

/** One asset code of any spelling → its v2 name (`XXBT`, `XBT` → `BTC`; `ZUSD` → `USD`). Suffixes (`XBT.F`) kept. */
export function assetName(code: string): string {
  const dot = code.indexOf('.');
  const head = dot < 0 ? code : code.slice(0, dot);
  const tail = dot < 0 ? '' : code.slice(dot);
  const rest = Object.hasOwn(LEGACY, head) ? (LEGACY[head] as string) : head;
  return (Object.hasOwn(V2_OF_REST, rest) ? (V2_OF_REST[rest] as string) : rest) + tail;
}

/** The REST name of a v2 asset name (`BTC` → `XBT`). */
export function restAsset(name: string): string {
  return Object.hasOwn(REST_OF_V2, name) ? (REST_OF_V2[name] as string) : name;
}

export class KrakenSymbolError extends Error {
  override readonly name = 'KrakenSymbolError';
}

/** `BTC/USD` → [`BTC`, `USD`]; throws for a symbol not in the v2 spelling. */
export function splitSymbol(symbol: string): [string, string] {
  const parts = symbol.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new KrakenSymbolError(`kraken symbol ${JSON.stringify(symbol)} is not BASE/QUOTE (e.g. BTC/USD)`);
  }
  return [parts[0] as string, parts[1] as string];
}

/** The `pair` a REST request takes: the altname (`BTC/USD` → `XBTUSD`). */
export function restPair(symbol: string): string {
  const [base, quote] = splitSymbol(symbol);
  return restAsset(base) + restAsset(quote);
}

function forms(v2: string): string[] {
  const rest = restAsset(v2);
  const legacy = Object.hasOwn(LEGACY_OF_REST, rest) ? LEGACY_OF_REST[rest] : undefined;
  return [...new Set([v2, rest, ...(legacy === undefined ? [] : [legacy])])];
}

/** Every spelling of a pair a reply may use: `BTC/USD`, `XBT/USD`, `XBTUSD`, `XXBTZUSD`… */
export function pairSpellings(symbol: string): ReadonlySet<string> {
  const [base, quote] = splitSymbol(symbol);
  const out = new Set<string>();
  for (const b of forms(base)) {
    for (const q of forms(quote)) {
      out.add(b + q);
      out.add(`${b}/${q}`);
    }
  }
  return out;
}

/** A pair as a reply spells it → the v2 symbol; undefined when it cannot be split without the pair list. */
export function symbolOf(pair: string): string | undefined {
  if (pair.includes('/')) {
    const [b, q] = pair.split('/');
    return b && q ? `${assetName(b)}/${assetName(q)}` : undefined;
  }
  for (const quote of QUOTES) {
    if (pair.length > quote.length && pair.endsWith(quote))
      return `${assetName(pair.slice(0, -quote.length))}/${assetName(quote)}`;
  }
  return undefined;
}

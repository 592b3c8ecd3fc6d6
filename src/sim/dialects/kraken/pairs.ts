// Kraken's names for the shared symbol table, traded as spot against USD. The venue spells one pair
// four ways: its key in AssetPairs (`XXBTZUSD`), its `altname` (`XBTUSD`), its `wsname` (`XBT/USD`,
// the v1 socket's) and the v2 socket's and FIX's `BASE/QUOTE` with common codes (`BTC/USD`). The sim's
// market is keyed by the last; REST accepts any of the four, as the venue does, and answers under the key.
// Assets likewise: `XXBT`/`ZUSD` in REST balances, `BTC`/`USD` (the sim's own) on the v2 socket.
import type { SymbolSpec } from '../../market/symbols.js';

export interface KrakenPair {
  /** The sim's market symbol and the v2 socket's: `BTC/USD`. */
  symbol: string;
  key: string;
  altname: string;
  wsname: string;
  base: string;
  quote: string;
  /** The venue's own asset codes, as REST names them. */
  baseCode: string;
  quoteCode: string;
  /** Order minimum (base) and cost minimum (quote), magnitudes of the venue's AssetPairs. */
  ordermin: string;
  costmin: string;
  tick: string;
  pairDecimals: number;
  lotDecimals: number;
}

const QUOTE = { quote: 'USD', quoteCode: 'ZUSD', costmin: '0.5', lotDecimals: 8 } as const;

/** By the shared table's symbol. */
const PAIRS: Record<string, KrakenPair> = {
  BTCUSDT: {
    ...QUOTE,
    symbol: 'BTC/USD',
    key: 'XXBTZUSD',
    altname: 'XBTUSD',
    wsname: 'XBT/USD',
    base: 'BTC',
    baseCode: 'XXBT',
    ordermin: '0.00005',
    tick: '0.1',
    pairDecimals: 1,
  },
  ETHUSDT: {
    ...QUOTE,
    symbol: 'ETH/USD',
    key: 'XETHZUSD',
    altname: 'ETHUSD',
    wsname: 'ETH/USD',
    base: 'ETH',
    baseCode: 'XETH',
    ordermin: '0.002',
    tick: '0.01',
    pairDecimals: 2,
  },
  SOLUSDT: {
    ...QUOTE,
    symbol: 'SOL/USD',
    key: 'SOLUSD',
    altname: 'SOLUSD',
    wsname: 'SOL/USD',
    base: 'SOL',
    baseCode: 'SOL',
    ordermin: '0.02',
    tick: '0.01',
    pairDecimals: 2,
  },
  XRPUSDT: {
    ...QUOTE,
    symbol: 'XRP/USD',
    key: 'XXRPZUSD',
    altname: 'XRPUSD',
    wsname: 'XRP/USD',
    base: 'XRP',
    baseCode: 'XXRP',
    ordermin: '2',
    tick: '0.00001',
    pairDecimals: 5,
  },
};

const BY_SYMBOL = new Map(Object.values(PAIRS).map((p) => [p.symbol, p]));
const BY_NAME = new Map<string, KrakenPair>();
for (const p of Object.values(PAIRS))
  for (const n of [p.symbol, p.key, p.altname, p.wsname]) BY_NAME.set(n.toUpperCase(), p);

/** The pair a client named in any of the venue's spellings (case-insensitive), or undefined. */
export function pairNamed(name: string): KrakenPair | undefined {
  return BY_NAME.get(name.toUpperCase());
}

export function pairOf(symbol: string): KrakenPair {
  const p = BY_SYMBOL.get(symbol);
  if (p === undefined) throw new Error(`no Kraken pair for ${symbol}`);
  return p;
}

const CODES = new Map<string, string>(
  Object.values(PAIRS).flatMap((p) => [
    [p.base, p.baseCode],
    [p.quote, p.quoteCode],
  ]),
);

/** An asset's REST code (`BTC` → `XXBT`); an asset the table does not know keeps its name. */
export function assetCode(asset: string): string {
  return CODES.get(asset) ?? asset;
}

/** The shared symbol as a Kraken spot pair: the venue's names, tick and minimums, no price band. */
export function krakenInstrument(s: SymbolSpec): SymbolSpec {
  const p = PAIRS[s.symbol];
  if (p === undefined) return s;
  const step = `0.${'0'.repeat(p.lotDecimals - 1)}1`;
  return {
    ...s,
    symbol: p.symbol,
    baseAsset: p.base,
    quoteAsset: p.quote,
    marginAsset: p.quote,
    pricePrecision: p.pairDecimals,
    quantityPrecision: p.lotDecimals,
    tickSize: p.tick,
    stepSize: step,
    minQty: p.ordermin,
    maxQty: '100000000',
    marketMaxQty: '100000000',
    minNotional: p.costmin,
    // The venue refuses no limit price for its distance from the market (it protects market orders only).
    percentUp: '100',
    percentDown: '0.0001',
    maxLeverage: 1,
  };
}

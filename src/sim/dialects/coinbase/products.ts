// Coinbase's names for the shared symbol table: spot products against USD (`BTC-USD`), with the
// venue's increments and minimums (Get Product's `base_increment`, `quote_increment`, `base_min_size`,
// `quote_min_size`). The sim's market is keyed by the product id, as the venue's is.
import type { SymbolSpec } from '../../market/symbols.js';

export interface CoinbaseProduct {
  id: string;
  base: string;
  quote: string;
  baseName: string;
  baseIncrement: string;
  quoteIncrement: string;
  baseMin: string;
  baseMax: string;
  quoteMin: string;
  quoteMax: string;
}

const USD = { quote: 'USD', quoteIncrement: '0.01', quoteMin: '1', quoteMax: '150000000' } as const;

/** By the shared table's symbol. */
const PRODUCTS: Record<string, CoinbaseProduct> = {
  BTCUSDT: {
    ...USD,
    id: 'BTC-USD',
    base: 'BTC',
    baseName: 'Bitcoin',
    baseIncrement: '0.00000001',
    baseMin: '0.00000001',
    baseMax: '3400',
  },
  ETHUSDT: {
    ...USD,
    id: 'ETH-USD',
    base: 'ETH',
    baseName: 'Ethereum',
    baseIncrement: '0.00000001',
    baseMin: '0.00000001',
    baseMax: '38000',
  },
  SOLUSDT: {
    ...USD,
    id: 'SOL-USD',
    base: 'SOL',
    baseName: 'Solana',
    baseIncrement: '0.00000001',
    baseMin: '0.00000001',
    baseMax: '240000',
  },
  XRPUSDT: {
    ...USD,
    id: 'XRP-USD',
    base: 'XRP',
    baseName: 'XRP',
    baseIncrement: '0.000001',
    baseMin: '0.000001',
    baseMax: '1800000',
    quoteIncrement: '0.0001',
  },
};

const BY_ID = new Map(Object.values(PRODUCTS).map((p) => [p.id, p]));

/** The product a client named (exactly as the venue spells it), or undefined. */
export function productNamed(id: string): CoinbaseProduct | undefined {
  return BY_ID.get(id);
}

const decimals = (step: string) => (step.includes('.') ? step.split('.')[1]!.length : 0);

/** The shared symbol as a Coinbase spot product: the venue's names, increments and minimums. */
export function coinbaseInstrument(s: SymbolSpec): SymbolSpec {
  const p = PRODUCTS[s.symbol];
  if (p === undefined) return s;
  return {
    ...s,
    symbol: p.id,
    baseAsset: p.base,
    quoteAsset: p.quote,
    marginAsset: p.quote,
    pricePrecision: decimals(p.quoteIncrement),
    quantityPrecision: decimals(p.baseIncrement),
    tickSize: p.quoteIncrement,
    stepSize: p.baseIncrement,
    minQty: p.baseMin,
    maxQty: p.baseMax,
    marketMaxQty: p.baseMax,
    minNotional: p.quoteMin,
    // Like Kraken, the venue refuses no limit price for its distance from the market.
    percentUp: '100',
    percentDown: '0.0001',
    maxLeverage: 1,
  };
}

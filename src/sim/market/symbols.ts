// The instruments the sim lists, with filters shaped like the venue's own (USD-M perpetuals, mid-2026
// magnitudes). Volatilities are per tick, not annual: the sim ticks a few times a second.
export interface SymbolSpec {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  marginAsset: string;
  pricePrecision: number;
  quantityPrecision: number;
  tickSize: string;
  minPrice: string;
  maxPrice: string;
  stepSize: string;
  minQty: string;
  maxQty: string;
  marketMaxQty: string;
  minNotional: string;
  maxOpenOrders: number;
  /** Limit prices must lie within mark × [down, up] (PERCENT_PRICE). */
  percentUp: string;
  percentDown: string;
  startPrice: number;
  /** Typical quantity per book level, in base units. */
  levelQty: number;
  /** Per-tick log-return standard deviation, calm and volatile. */
  calmVol: number;
  volatileVol: number;
  onboardDate: number;
  maxLeverage: number;
}

const base = {
  quoteAsset: 'USDT',
  marginAsset: 'USDT',
  maxOpenOrders: 200,
  percentUp: '1.05',
  percentDown: '0.95',
};

export const defaultSymbols: readonly SymbolSpec[] = [
  {
    ...base,
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    pricePrecision: 2,
    quantityPrecision: 3,
    tickSize: '0.10',
    minPrice: '261.10',
    maxPrice: '809484',
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '1000',
    marketMaxQty: '120',
    minNotional: '100',
    startPrice: 65000,
    levelQty: 1.5,
    calmVol: 0.0002,
    volatileVol: 0.003,
    onboardDate: 1569398400000,
    maxLeverage: 125,
  },
  {
    ...base,
    symbol: 'ETHUSDT',
    baseAsset: 'ETH',
    pricePrecision: 2,
    quantityPrecision: 3,
    tickSize: '0.01',
    minPrice: '39.86',
    maxPrice: '306177',
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '10000',
    marketMaxQty: '2000',
    minNotional: '20',
    startPrice: 3200,
    levelQty: 25,
    calmVol: 0.00025,
    volatileVol: 0.004,
    onboardDate: 1569398400000,
    maxLeverage: 100,
  },
  {
    ...base,
    symbol: 'SOLUSDT',
    baseAsset: 'SOL',
    pricePrecision: 4,
    quantityPrecision: 0,
    tickSize: '0.0100',
    minPrice: '0.4200',
    maxPrice: '6857',
    stepSize: '1',
    minQty: '1',
    maxQty: '1000000',
    marketMaxQty: '5000',
    minNotional: '5',
    startPrice: 150,
    levelQty: 400,
    calmVol: 0.0003,
    volatileVol: 0.005,
    onboardDate: 1569398400000,
    maxLeverage: 75,
  },
  {
    ...base,
    symbol: 'XRPUSDT',
    baseAsset: 'XRP',
    pricePrecision: 4,
    quantityPrecision: 1,
    tickSize: '0.0001',
    minPrice: '0.0143',
    maxPrice: '100000',
    stepSize: '0.1',
    minQty: '0.1',
    maxQty: '10000000',
    marketMaxQty: '2000000',
    minNotional: '5',
    startPrice: 0.6,
    levelQty: 50000,
    calmVol: 0.0003,
    volatileVol: 0.005,
    onboardDate: 1569398400000,
    maxLeverage: 75,
  },
];

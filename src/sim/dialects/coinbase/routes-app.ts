// The Coinbase App's public data on the same host (`/v2/...`, not under Advanced Trade's prefix): the
// fiat currencies, the crypto assets and the exchange rates. Clients written for the venue read them
// before trading — ccxt's `coinbase` loads its currency table from these three — so a venue without
// them is one such a client cannot start against. Answers carry the venue's `{"data": …}` envelope;
// only the currencies the sim's products trade are listed.
import * as D from '../../../core/decimal.js';
import { uuidOf } from './routes-account.js';
import { productNamed } from './products.js';
import type { Ctx, Route } from './route.js';

const APP = '/v2';

/** Colours are the venue's display data; a client shows them, the sim picks one per asset. */
const CRYPTO_COLOUR: Record<string, string> = { BTC: '#F7931A', ETH: '#627EEA', SOL: '#9945FF', XRP: '#23292F' };

function listedProducts(ctx: Ctx) {
  return [...ctx.core.market.symbols.keys()].map((s) => productNamed(s)).filter((p) => p !== undefined);
}

function fiat(ctx: Ctx): unknown {
  const quotes = [...new Set(listedProducts(ctx).map((p) => p.quote))];
  return { data: quotes.map((id) => ({ id, name: id === 'USD' ? 'US Dollar' : id, min_size: '0.01' })) };
}

function crypto(ctx: Ctx): unknown {
  return {
    data: listedProducts(ctx).map((p, i) => ({
      asset_id: uuidOf(`asset ${p.base}`),
      code: p.base,
      name: p.baseName,
      color: CRYPTO_COLOUR[p.base] ?? '#0052FF',
      sort_index: 100 + i,
      exponent: p.baseIncrement.split('.')[1]?.length ?? 0,
      type: 'crypto',
      address_regex: '',
    })),
  };
}

/** Units of each currency one `currency` (default USD) buys, from the market's mid prices. */
function exchangeRates(ctx: Ctx): unknown {
  const currency = ctx.query.get('currency') ?? 'USD';
  const rates: Record<string, string> = { [currency]: '1' };
  for (const p of listedProducts(ctx)) {
    if (p.quote !== currency) continue;
    const mid = ctx.core.market.get(p.id)?.mid;
    if (mid !== undefined && !D.isZero(mid)) rates[p.base] = D.div('1', mid, 12, 'half_up');
  }
  return { data: { currency, rates } };
}

export const appRoutes: Route[] = [
  { method: 'GET', prefix: APP, path: '/currencies', private: false, handle: fiat },
  { method: 'GET', prefix: APP, path: '/currencies/crypto', private: false, handle: crypto },
  { method: 'GET', prefix: APP, path: '/exchange-rates', private: false, handle: exchangeRates },
];

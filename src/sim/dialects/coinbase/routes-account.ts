// Account endpoints: the asset accounts (`accounts`: one per currency, with what is free as
// `available_balance` and what open orders hold as `hold`), the key's rights (`key_permissions`) and
// the fee tier with the volume traded (`transaction_summary`).
import { createHash } from 'node:crypto';
import * as D from '../../../core/decimal.js';
import { coinbaseKeyPermissions } from './permissions.js';
import { accountOf, type Ctx, type Route, spotOf } from './route.js';

/** A stable UUID for a name (the account's asset accounts, its portfolio). */
export function uuidOf(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const FIAT = new Set(['USD', 'EUR', 'GBP']);

function accounts(ctx: Ctx): unknown {
  const account = accountOf(ctx);
  const spot = spotOf(ctx);
  const portfolio = uuidOf(`${account.id} portfolio`);
  const created = new Date(account.updateTime).toISOString();
  const list = [...spot.balances.keys()].map((currency, i) => ({
    uuid: uuidOf(`${account.id} ${currency}`),
    name: `${currency} Wallet`,
    currency,
    available_balance: { value: spot.free(currency), currency },
    default: i === 0,
    active: true,
    created_at: created,
    updated_at: created,
    deleted_at: null,
    type: FIAT.has(currency) ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
    ready: true,
    hold: { value: spot.held(currency), currency },
    retail_portfolio_id: portfolio,
  }));
  return { accounts: list, has_next: false, cursor: '', size: list.length };
}

/** The account's fee tier (the sim's one tier) and what it has traded and paid through this dialect. */
function transactionSummary(ctx: Ctx): unknown {
  const fees = spotOf(ctx).fees;
  let volume = '0';
  let paid = '0';
  for (const o of ctx.orders.all(accountOf(ctx).id)) {
    volume = D.add(volume, o.cumQuote);
    paid = D.add(paid, ctx.orders.extras(o.orderId).fee);
  }
  return {
    total_volume: Number(volume),
    total_fees: Number(paid),
    fee_tier: {
      pricing_tier: 'Advanced 1',
      usd_from: '0',
      usd_to: '1000',
      taker_fee_rate: fees.taker,
      maker_fee_rate: fees.maker,
      aop_from: '',
      aop_to: '',
    },
    margin_rate: null,
    goods_and_services_tax: null,
    advanced_trade_only_volume: Number(volume),
    advanced_trade_only_fees: Number(paid),
    coinbase_pro_volume: 0,
    coinbase_pro_fees: 0,
    total_balance: '',
    has_promo_fee: false,
  };
}

export const accountRoutes: Route[] = [
  { method: 'GET', path: '/transaction_summary', private: true, right: 'view', kind: 'query', handle: transactionSummary },
  { method: 'GET', path: '/accounts', private: true, right: 'view', kind: 'query', handle: accounts },
  {
    method: 'GET',
    path: '/key_permissions',
    private: true,
    handle: (ctx) => {
      const p = coinbaseKeyPermissions(ctx.key!);
      return {
        can_view: p.can_view,
        can_trade: p.can_trade,
        can_transfer: p.can_transfer,
        portfolio_uuid: uuidOf(`${accountOf(ctx).id} portfolio`),
        portfolio_type: 'DEFAULT',
      };
    },
  },
];

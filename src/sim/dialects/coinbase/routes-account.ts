// Account endpoints: the asset accounts (`accounts`: one per currency, with what is free as
// `available_balance` and what open orders hold as `hold`) and the key's rights (`key_permissions`).
import { createHash } from 'node:crypto';
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

export const accountRoutes: Route[] = [
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

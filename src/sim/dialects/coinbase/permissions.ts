// A Coinbase CDP key's rights as `GET /api/v3/brokerage/key_permissions` reports them: `can_view`,
// `can_trade`, `can_transfer`, and the portfolio the key is scoped to (`portfolio_uuid`,
// `portfolio_type`). A keys file sets any of the three booleans; a demo key views and trades and
// cannot transfer. Reads need can_view, orders and cancels can_trade.
import { KeysFileError, type StoredKey } from '../../accounts.js';
import type { PermissionShape } from '../spec.js';

export interface CoinbaseKeyPermissions {
  can_view: boolean;
  can_trade: boolean;
  can_transfer: boolean;
}

export type Right = 'view' | 'trade';

const FIELDS = ['can_view', 'can_trade', 'can_transfer'] as const;

export const coinbasePermissions: PermissionShape<CoinbaseKeyPermissions> = {
  tradeOnly: { can_view: true, can_trade: true, can_transfer: false },
  read(raw, where) {
    const out = { ...coinbasePermissions.tradeOnly };
    for (const [i, [name, value]] of Object.entries(raw).entries()) {
      if (!(FIELDS as readonly string[]).includes(name))
        throw new KeysFileError(
          `${where}: permission #${i + 1} is not a Coinbase key field (${FIELDS.join(', ')})`,
        );
      if (typeof value !== 'boolean')
        throw new KeysFileError(`${where}: permissions.${name} must be true or false`);
      out[name as (typeof FIELDS)[number]] = value;
    }
    return out;
  },
};

export function coinbaseKeyPermissions(key: StoredKey): CoinbaseKeyPermissions {
  return key.permissions as CoinbaseKeyPermissions;
}

export function may(key: StoredKey, right: Right): boolean {
  const p = coinbaseKeyPermissions(key);
  return right === 'view' ? p.can_view : p.can_trade;
}

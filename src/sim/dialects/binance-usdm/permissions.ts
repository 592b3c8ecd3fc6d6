// A Binance key's rights as `GET /sapi/v1/account/apiRestrictions` reports them (docs/venues.md §1.6): one boolean
// per right. A keys file sets any of them; it may also add a flag the venue introduces later
// (`enable…`/`permit…`, boolean), which the sim reports as given, so a client's handling of an
// unknown right can be tested against it.
import { KeysFileError, type StoredKey } from '../../accounts.js';
import type { PermissionShape } from '../spec.js';

export interface BinanceKeyPermissions {
  ipRestrict: boolean;
  enableReading: boolean;
  enableFutures: boolean;
  enableWithdrawals: boolean;
  enableInternalTransfer: boolean;
  permitsUniversalTransfer: boolean;
  enableMargin: boolean;
  enableSpotAndMarginTrading: boolean;
  enableVanillaOptions: boolean;
  enablePortfolioMarginTrading: boolean;
  /** Flags the venue may add; reported as given. */
  [flag: `enable${string}` | `permit${string}`]: boolean;
}

const tradeOnly: BinanceKeyPermissions = {
  ipRestrict: false,
  enableReading: true,
  enableFutures: true,
  enableWithdrawals: false,
  enableInternalTransfer: false,
  permitsUniversalTransfer: false,
  enableMargin: false,
  enableSpotAndMarginTrading: false,
  enableVanillaOptions: false,
  enablePortfolioMarginTrading: false,
};

const FLAG = /^(enable|permit)[A-Z][A-Za-z]{0,40}$/;

export const binancePermissions: PermissionShape<BinanceKeyPermissions> = {
  tradeOnly,
  read(raw, where) {
    const out: BinanceKeyPermissions = { ...tradeOnly };
    for (const [i, [name, value]] of Object.entries(raw).entries()) {
      const field = name in tradeOnly || FLAG.test(name) ? `permissions.${name}` : `permission #${i + 1}`;
      if (!(name in tradeOnly) && !FLAG.test(name))
        throw new KeysFileError(`${where}: ${field} is not a Binance key right (ipRestrict, enable…, permit…)`);
      if (typeof value !== 'boolean') throw new KeysFileError(`${where}: ${field} must be true or false`);
      (out as unknown as Record<string, boolean>)[name] = value;
    }
    return out;
  },
};

/** A key of this dialect's rights (its accounts were built with `binancePermissions`). */
export function binanceRights(key: StoredKey): BinanceKeyPermissions {
  return key.permissions as BinanceKeyPermissions;
}

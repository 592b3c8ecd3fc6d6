// Hyperliquid keys have no exchange-side rights (docs/venues.md §6.7): a key is an agent (API) wallet the master
// approved, which may trade and can never withdraw or transfer; only the master's own key signs those.
// So there is nothing for a keys file to set, and `info userRole` answers `agent` for every agent.
import { KeysFileError } from '../../accounts.js';
import type { PermissionShape } from '../spec.js';

export type HyperliquidKeyPermissions = Record<string, never>;

export const hyperliquidPermissions: PermissionShape<HyperliquidKeyPermissions> = {
  tradeOnly: {},
  read(raw, where) {
    if (Object.keys(raw).length > 0)
      throw new KeysFileError(`${where}: Hyperliquid agents carry no permissions (an agent trades and never withdraws)`);
    return {};
  },
};

// A Bybit key's rights as `GET /v5/user/query-api` reports them (BYD `user/apikey-info.mdx`):
// `readOnly` (0 read-write, 1 read-only), `permissions` (groups of named rights: ContractTrade Order
// and Position, Spot SpotTrade, Wallet AccountTransfer / SubMemberTransfer / Withdraw, …) and `ips`
// (the bound addresses, `["*"]` when none). A keys file sets any of the three; groups and names are
// reported exactly as given, so a client's reading of them can be tested, and the sim grants linear
// trading only to a read-write key whose ContractTrade names `Order` exactly.
import { KeysFileError, type StoredKey } from '../../accounts.js';
import type { PermissionShape } from '../spec.js';

export interface BybitKeyPermissions {
  readOnly: number;
  permissions: Record<string, string[]>;
  ips: string[];
}

const FIELDS = 'readOnly, permissions, ips';

function strings(value: unknown, where: string, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new KeysFileError(`${where}: ${name} must be an array of strings`);
  return [...value];
}

export const bybitPermissions: PermissionShape<BybitKeyPermissions> = {
  tradeOnly: {
    readOnly: 0,
    permissions: {
      ContractTrade: ['Order', 'Position'],
      Spot: ['SpotTrade'],
      Wallet: [],
      Options: ['OptionsTrade'],
      Derivatives: ['DerivativesTrade'],
      CopyTrading: [],
      BlockTrade: [],
      Exchange: [],
      NFT: [],
      Affiliate: [],
      Earn: [],
    },
    ips: ['*'],
  },
  read(raw, where) {
    const out = structuredClone(bybitPermissions.tradeOnly);
    for (const [i, [name, value]] of Object.entries(raw).entries()) {
      if (name === 'readOnly') {
        if (value !== 0 && value !== 1) throw new KeysFileError(`${where}: permissions.readOnly must be 0 or 1`);
        out.readOnly = value;
      } else if (name === 'ips') {
        out.ips = strings(value, where, 'permissions.ips');
      } else if (name === 'permissions') {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          throw new KeysFileError(`${where}: permissions.permissions must be an object of groups`);
        out.permissions = {};
        for (const [group, rights] of Object.entries(value))
          out.permissions[group] = strings(rights, where, `permissions.permissions group #${Object.keys(out.permissions).length + 1}`);
      } else {
        throw new KeysFileError(`${where}: permission #${i + 1} is not a Bybit key field (${FIELDS})`);
      }
    }
    return out;
  },
};

/** A key of this dialect's rights (its accounts were built with `bybitPermissions`). */
export function bybitKeyPermissions(key: StoredKey): BybitKeyPermissions {
  return key.permissions as BybitKeyPermissions;
}

/** Whether the key may place and cancel linear orders. */
export function canTradeLinear(key: StoredKey): boolean {
  const p = bybitKeyPermissions(key);
  return p.readOnly === 0 && (p.permissions['ContractTrade'] ?? []).includes('Order');
}

// An OKX key's rights as `GET /api/v5/account/config` reports them (docs/venues.md §2.6): `perm`, a comma-separated list of
// `read_only`, `trade`, `withdraw`, and `ip`, the addresses the key is bound to (empty: none). A keys
// file sets either; `perm` is reported exactly as given (odd case or separators included), so a
// client's parsing of it can be tested, and the sim grants only the rights it names exactly.
import { KeysFileError, type StoredKey } from '../../accounts.js';
import type { PermissionShape } from '../spec.js';

export interface OkxKeyPermissions {
  perm: string;
  ip: string;
}

export const okxPermissions: PermissionShape<OkxKeyPermissions> = {
  tradeOnly: { perm: 'read_only,trade', ip: '' },
  read(raw, where) {
    const out: OkxKeyPermissions = { ...okxPermissions.tradeOnly };
    for (const [i, [name, value]] of Object.entries(raw).entries()) {
      if (name !== 'perm' && name !== 'ip')
        throw new KeysFileError(`${where}: permission #${i + 1} is not an OKX key field (perm, ip)`);
      if (typeof value !== 'string') throw new KeysFileError(`${where}: permissions.${name} must be a string`);
      out[name] = value;
    }
    return out;
  },
};

/** A key of this dialect's `perm` and `ip` (its accounts were built with `okxPermissions`). */
export function okxKeyPermissions(key: StoredKey): OkxKeyPermissions {
  return key.permissions as OkxKeyPermissions;
}

/** The rights `perm` grants: the comma-separated names, exactly as the venue spells them. */
export function okxRights(key: StoredKey): Set<string> {
  return new Set(okxKeyPermissions(key).perm.split(','));
}

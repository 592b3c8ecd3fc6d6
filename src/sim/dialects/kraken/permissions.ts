// A Kraken key's settings as `GetApiKeyInfo` reports them: `permissions` (words such as `query-funds`,
// `withdraw-funds`, `query-open-trades`, `modify-trades` — the four the reference's example shows; the
// others here follow their pattern for the key page's remaining rights) and `nonceWindow` (0: every
// nonce must exceed the last; N: a nonce up to N below the highest may still come once). A keys file
// sets either; words are reported exactly as given, and each endpoint needs the word named in RIGHTS.
import { KeysFileError, type StoredKey } from '../../accounts.js';
import type { PermissionShape } from '../spec.js';

export interface KrakenKeyPermissions {
  permissions: string[];
  nonceWindow: number;
}

/** The rights an endpoint needs: any one of the words listed (absent: none, as GetApiKeyInfo). */
export const RIGHTS = {
  funds: ['query-funds'],
  trade: ['modify-trades'],
  cancel: ['cancel-trades'],
  open: ['query-open-trades'],
  closed: ['query-closed-trades'],
  history: ['query-open-trades', 'query-closed-trades'],
  websocket: ['access-websockets'],
} as const;

export type Right = keyof typeof RIGHTS;

const FIELDS = 'permissions, nonceWindow';

export const krakenPermissions: PermissionShape<KrakenKeyPermissions> = {
  tradeOnly: {
    permissions: [
      'query-funds',
      'query-open-trades',
      'query-closed-trades',
      'modify-trades',
      'cancel-trades',
      'access-websockets',
    ],
    nonceWindow: 0,
  },
  read(raw, where) {
    const out = structuredClone(krakenPermissions.tradeOnly);
    for (const [i, [name, value]] of Object.entries(raw).entries()) {
      if (name === 'permissions') {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
          throw new KeysFileError(`${where}: permissions.permissions must be an array of strings`);
        out.permissions = [...value];
      } else if (name === 'nonceWindow') {
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
          throw new KeysFileError(`${where}: permissions.nonceWindow must be an integer ≥ 0`);
        out.nonceWindow = value;
      } else {
        throw new KeysFileError(`${where}: permission #${i + 1} is not a Kraken key field (${FIELDS})`);
      }
    }
    return out;
  },
};

export function krakenKeyPermissions(key: StoredKey): KrakenKeyPermissions {
  return key.permissions as KrakenKeyPermissions;
}

export function may(key: StoredKey, right: Right): boolean {
  const words = krakenKeyPermissions(key).permissions;
  return RIGHTS[right].some((w) => words.includes(w));
}

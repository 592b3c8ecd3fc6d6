// POST /0/private/GetApiKeyInfo → result.{permissions[], ipAllowlist[]}: docs/venues.md §5.6.
import {
  type KeyPermissions,
  type PermissionQuery,
  PermissionQueryError,
  objectField,
  rightToken,
  rightTokens,
  stringArrayField,
  unknownRights,
} from '../key-permissions.js';

const VENUE = 'kraken';
const WHAT = 'kraken GetApiKeyInfo';

const READ_RIGHTS = ['query-funds', 'query-open-trades', 'query-closed-trades', 'query-ledger'];

// The rights Kraken's key settings offer; anything else is refused as unknown. The venue's
// GetApiKeyInfo example spells four (query-funds, withdraw-funds, query-open-trades,
// modify-trades: docs/venues.md §5.6); the key page names the rest in words only ("Cancel/Close
// Orders", "Access WebSocket API"), so both spellings seen for those two are known: neither can
// move funds, and refusing a trader's ordinary key over a spelling helps no one.
const KNOWN_RIGHTS = [
  ...READ_RIGHTS,
  'export-data',
  'modify-trades',
  'cancel-close-trades',
  'cancel-trades',
  'deposit-funds',
  'withdraw-funds',
  'earn-funds',
  'access-websockets-api',
  'access-websockets',
];

function parse(body: unknown): KeyPermissions {
  const reply = objectField(WHAT, body);
  const errors = Array.isArray(reply['error']) ? reply['error'] : [];
  if (errors.length > 0) throw new PermissionQueryError(VENUE, `GetApiKeyInfo refused: ${errors.join('; ')}`);
  const result = objectField(WHAT, reply, 'result');
  const rights = stringArrayField(`${WHAT}.result`, result, 'permissions');
  const ips =
    result['ipAllowlist'] === undefined ? [] : stringArrayField(`${WHAT}.result`, result, 'ipAllowlist');
  const text = `permissions: [${rights.join(', ')}]`;
  // Compared by token: `Withdraw_Funds` is withdraw-funds.
  const has = rightTokens(rights);
  const any = (names: readonly string[]): boolean => names.some((n) => has.has(rightToken(n)));
  const notes: string[] = [];
  const validUntil = result['validUntil'];
  if (validUntil !== undefined && validUntil !== '0' && validUntil !== 0)
    notes.push(`key valid until ${String(validUntil)} (unix s)`);
  return {
    venue: VENUE,
    canRead: any(READ_RIGHTS),
    canTrade: any(['modify-trades']),
    canWithdraw: any(['withdraw-funds']),
    // Kraken spot keys have no transfer-out right apart from withdraw-funds.
    canTransfer: false,
    canTransferInternal: any(['earn-funds']),
    ipRestricted: ips.length > 0,
    ipBinding: ips.length > 0 ? 'bound' : 'unbound',
    ...(ips.length > 0 ? { ips } : {}),
    fields: {
      read: text,
      trade: text,
      withdraw: text,
      transferInternal: text,
      ip: `ipAllowlist: [${ips.join(', ')}]`,
    },
    notes,
    unknown: unknownRights(rights, KNOWN_RIGHTS).map((r) => `permissions: ${r}`),
  };
}

export const krakenPermissions: PermissionQuery = {
  venue: VENUE,
  request: () => ({
    name: 'GetApiKeyInfo',
    method: 'POST',
    path: '/0/private/GetApiKeyInfo',
    params: {},
    signed: true,
  }),
  parse,
};

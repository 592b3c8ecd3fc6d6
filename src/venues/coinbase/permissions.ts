// GET /api/v3/brokerage/key_permissions → can_view, can_trade, can_transfer: docs/venues.md §4.6.
import {
  type KeyPermissions,
  type PermissionQuery,
  booleanField,
  flagsByToken,
  objectField,
  rightToken,
} from '../key-permissions.js';

const VENUE = 'coinbase';
const WHAT = 'coinbase key_permissions';

// Every `can_*` right Coinbase documents; any other that is on is refused as unknown.
const KNOWN_RIGHTS = ['can_view', 'can_trade', 'can_transfer'].map(rightToken);

function parse(body: unknown): KeyPermissions {
  const reply = objectField(WHAT, body);
  const canView = booleanField(WHAT, reply, 'can_view');
  const canTrade = booleanField(WHAT, reply, 'can_trade');
  // On Coinbase "transfer" is sending funds out of the portfolio: a withdrawal in all but name.
  const canTransfer = booleanField(WHAT, reply, 'can_transfer');
  const unknown = [...flagsByToken(reply, (name) => /^can[_-]?/i.test(name)).entries()]
    .filter(([token, flag]) => flag.on && !KNOWN_RIGHTS.includes(token))
    .map(([, flag]) => `${flag.name}: ${JSON.stringify(reply[flag.name])}`);
  const portfolio = typeof reply['portfolio_type'] === 'string' ? reply['portfolio_type'] : undefined;
  return {
    venue: VENUE,
    canRead: canView,
    canTrade,
    canWithdraw: canTransfer,
    canTransfer,
    canTransferInternal: false,
    ipRestricted: false,
    ipBinding: 'unreported',
    fields: {
      read: `can_view: ${canView}`,
      trade: `can_trade: ${canTrade}`,
      withdraw: `can_transfer: ${canTransfer}`,
      transfer: `can_transfer: ${canTransfer}`,
    },
    notes: [
      "Coinbase does not report the key's IP allowlist; set one in the CDP key settings",
      ...(portfolio !== undefined ? [`portfolio type ${portfolio}`] : []),
    ],
    unknown,
  };
}

export const coinbasePermissions: PermissionQuery = {
  venue: VENUE,
  request: () => ({
    name: 'key_permissions',
    method: 'GET',
    path: '/api/v3/brokerage/key_permissions',
    params: {},
    signed: true,
  }),
  parse,
};

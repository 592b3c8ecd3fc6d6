// GET /api/v5/account/config → data[0].perm, data[0].ip: docs/venues.md §2.6.
import {
  type KeyPermissions,
  type PermissionQuery,
  PermissionQueryError,
  excerpt,
  objectField,
  rightTokens,
  splitRights,
  stringField,
  unknownRights,
} from '../key-permissions.js';
import { VenueParseError } from '../venue.js';

const VENUE = 'okx';
const WHAT = 'okx account/config';

// The rights OKX documents for `perm`; anything else is refused as unknown.
const KNOWN_RIGHTS = ['read_only', 'trade', 'withdraw'];

function parse(body: unknown): KeyPermissions {
  const reply = objectField(WHAT, body);
  const code = reply['code'];
  if (code !== '0' && code !== 0) {
    throw new PermissionQueryError(
      VENUE,
      `account/config refused: ${String(code)} ${String(reply['msg'] ?? '')}`,
    );
  }
  const data = reply['data'];
  if (!Array.isArray(data) || data.length === 0) throw new VenueParseError(`${WHAT}.data[0]`, excerpt(body));
  const config = objectField(WHAT, data[0]);
  const perm = stringField(WHAT, config, 'perm');
  // Compared by token: `Withdraw`, `read-only` and `read_only;trade` are read as OKX means them.
  const listed = splitRights(perm);
  const rights = rightTokens(listed);
  const ip = typeof config['ip'] === 'string' ? config['ip'] : '';
  const ips = ip
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const notes: string[] = [];
  if (ips.length === 0 && (rights.has('trade') || rights.has('withdraw'))) {
    notes.push('OKX expires a trade/withdraw key with no IP binding after 14 days without use');
  }
  return {
    venue: VENUE,
    canRead: rights.has('readonly') || rights.has('trade') || rights.has('withdraw'),
    canTrade: rights.has('trade'),
    canWithdraw: rights.has('withdraw'),
    // OKX keys have no separate transfer right; moving funds out is `withdraw`.
    canTransfer: false,
    canTransferInternal: false,
    ipRestricted: ips.length > 0,
    ipBinding: ips.length > 0 ? 'bound' : 'unbound',
    ...(ips.length > 0 ? { ips } : {}),
    fields: {
      read: `perm: ${perm}`,
      trade: `perm: ${perm}`,
      withdraw: `perm: ${perm}`,
      ip: `ip: "${ip}"`,
    },
    notes,
    unknown: unknownRights(listed, KNOWN_RIGHTS).map((r) => `perm: ${r}`),
  };
}

export const okxPermissions: PermissionQuery = {
  venue: VENUE,
  request: () => ({
    name: 'account/config',
    method: 'GET',
    path: '/api/v5/account/config',
    params: {},
    signed: true,
  }),
  parse,
};

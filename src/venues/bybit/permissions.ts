// GET /v5/user/query-api → result.{readOnly, permissions, ips}: docs/venues.md §3.6.
import {
  type KeyPermissions,
  type PermissionQuery,
  PermissionQueryError,
  excerpt,
  objectField,
  stringArrayField,
} from '../key-permissions.js';
import { VenueParseError } from '../venue.js';

const VENUE = 'bybit';
const WHAT = 'bybit query-api';

// Permission groups whose entries let the key place orders.
const TRADING_GROUPS = [
  'ContractTrade',
  'Spot',
  'Options',
  'Derivatives',
  'CopyTrading',
  'BlockTrade',
] as const;

function group(permissions: Record<string, unknown>, name: string): string[] {
  const value = permissions[name];
  if (value === undefined) return [];
  return stringArrayField(`${WHAT}.permissions`, permissions, name);
}

function parse(body: unknown): KeyPermissions {
  const reply = objectField(WHAT, body);
  if (reply['retCode'] !== 0) {
    throw new PermissionQueryError(
      VENUE,
      `query-api refused: ${String(reply['retCode'])} ${String(reply['retMsg'] ?? '')}`,
    );
  }
  const result = objectField(WHAT, reply, 'result');
  const readOnly = result['readOnly'];
  if (readOnly !== 0 && readOnly !== 1)
    throw new VenueParseError(`${WHAT}.result.readOnly (0|1)`, excerpt(body));
  const permissions = objectField(`${WHAT}.result`, result, 'permissions');
  const wallet = group(permissions, 'Wallet');
  const trading = TRADING_GROUPS.filter((g) => group(permissions, g).length > 0);
  // "*" is how Bybit reports a key usable from any IP.
  const ips = stringArrayField(`${WHAT}.result`, result, 'ips').filter((ip) => ip !== '*' && ip !== '');
  const transfersOut = wallet.filter((w) => w === 'SubMemberTransfer' || w === 'SubMemberTransferList');
  const notes: string[] = [];
  const deadline = result['deadlineDay'];
  if (typeof deadline === 'number' && deadline > 0 && ips.length === 0) {
    notes.push(`Bybit expires this key in ${deadline} days because it is not bound to an IP`);
  }
  const walletText = `permissions.Wallet: [${wallet.join(', ')}]`;
  return {
    venue: VENUE,
    canRead: true,
    canTrade: readOnly === 0 && trading.length > 0,
    canWithdraw: wallet.includes('Withdraw'),
    canTransfer: transfersOut.length > 0,
    canTransferInternal: wallet.includes('AccountTransfer'),
    ipRestricted: ips.length > 0,
    ipBinding: ips.length > 0 ? 'bound' : 'unbound',
    ...(ips.length > 0 ? { ips } : {}),
    fields: {
      read: `readOnly: ${readOnly}`,
      trade: `readOnly: ${readOnly}, trading groups: [${trading.join(', ')}]`,
      withdraw: walletText,
      transfer: walletText,
      transferInternal: walletText,
      ip: `ips: ${JSON.stringify(result['ips'])}`,
    },
    notes,
  };
}

export const bybitPermissions: PermissionQuery = {
  venue: VENUE,
  request: () => ({ name: 'query-api', method: 'GET', path: '/v5/user/query-api', params: {}, signed: true }),
  parse,
};

// GET /sapi/v1/account/apiRestrictions (USER_DATA, weight 1, signed): docs/venues.md §1.6.
import {
  type KeyPermissions,
  type PermissionQuery,
  PermissionQueryError,
  booleanField,
  objectField,
  optionalBooleanField,
} from '../key-permissions.js';

const VENUE = 'binance';
const WHAT = 'binance apiRestrictions';

// Any of these lets the key place orders somewhere.
const TRADING_FLAGS = [
  'enableFutures',
  'enableSpotAndMarginTrading',
  'enableMargin',
  'enableVanillaOptions',
  'enablePortfolioMarginTrading',
  'enableFixApiTrade',
] as const;

function parse(body: unknown): KeyPermissions {
  const reply = objectField(WHAT, body);
  if (reply['ipRestrict'] === undefined && typeof reply['code'] === 'number') {
    throw new PermissionQueryError(
      VENUE,
      `apiRestrictions refused: ${reply['code']} ${String(reply['msg'] ?? '')}`,
    );
  }
  const ipRestrict = booleanField(WHAT, reply, 'ipRestrict');
  const withdraw = booleanField(WHAT, reply, 'enableWithdrawals');
  const internalTransfer = booleanField(WHAT, reply, 'enableInternalTransfer');
  const universalTransfer = optionalBooleanField(WHAT, reply, 'permitsUniversalTransfer');
  const trading = TRADING_FLAGS.filter((flag) => optionalBooleanField(WHAT, reply, flag));
  return {
    venue: VENUE,
    canRead: booleanField(WHAT, reply, 'enableReading'),
    canTrade: trading.length > 0,
    canWithdraw: withdraw,
    // Master ↔ sub-account transfers take funds out of this account.
    canTransfer: internalTransfer,
    // Universal transfer moves funds between this account's own wallets.
    canTransferInternal: universalTransfer,
    ipRestricted: ipRestrict,
    ipBinding: ipRestrict ? 'bound' : 'unbound',
    fields: {
      read: `enableReading: ${String(reply['enableReading'])}`,
      trade:
        trading.length > 0
          ? trading.map((f) => `${f}: true`).join(', ')
          : `${TRADING_FLAGS.join('/')}: false`,
      withdraw: `enableWithdrawals: ${withdraw}`,
      transfer: `enableInternalTransfer: ${internalTransfer}`,
      transferInternal: `permitsUniversalTransfer: ${universalTransfer}`,
      ip: `ipRestrict: ${ipRestrict}`,
    },
    notes: [],
  };
}

export const binancePermissions: PermissionQuery = {
  venue: VENUE,
  request: () => ({
    name: 'apiRestrictions',
    method: 'GET',
    path: '/sapi/v1/account/apiRestrictions',
    params: {},
    signed: true,
  }),
  parse,
};

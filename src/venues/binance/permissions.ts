// GET /sapi/v1/account/apiRestrictions (USER_DATA, weight 1, signed): docs/venues.md §1.6.
import {
  type KeyPermissions,
  type PermissionQuery,
  PermissionQueryError,
  booleanField,
  excerpt,
  flagsByToken,
  objectField,
  rightToken,
} from '../key-permissions.js';
import { VenueParseError } from '../venue.js';

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

// Every `enable*`/`permit*` flag quantdeck knows; any other that is on is refused as unknown.
const KNOWN_FLAGS = [
  'enableReading',
  'enableFixReadOnly',
  'enableWithdrawals',
  'enableInternalTransfer',
  'permitsUniversalTransfer',
  ...TRADING_FLAGS,
].map(rightToken);

const isFlag = (name: string): boolean => /^(enable|permit)/i.test(name);

function parse(body: unknown): KeyPermissions {
  const reply = objectField(WHAT, body);
  if (reply['ipRestrict'] === undefined && typeof reply['code'] === 'number') {
    throw new PermissionQueryError(
      VENUE,
      `apiRestrictions refused: ${reply['code']} ${String(reply['msg'] ?? '')}`,
    );
  }
  const ipRestrict = booleanField(WHAT, reply, 'ipRestrict');
  // Flags are read whatever their case; a flag written twice is on if either spelling is.
  const flags = flagsByToken(reply, isFlag);
  const required = (name: string): boolean => {
    const flag = flags.get(rightToken(name));
    if (flag === undefined) throw new VenueParseError(`${WHAT}.${name} (boolean)`, excerpt(reply));
    if (flag.on) return true;
    return booleanField(WHAT, reply, flag.name);
  };
  const optional = (name: string): boolean => flags.get(rightToken(name))?.on === true;
  const withdraw = required('enableWithdrawals');
  const internalTransfer = required('enableInternalTransfer');
  const universalTransfer = optional('permitsUniversalTransfer');
  const trading = TRADING_FLAGS.filter(optional);
  const unknown = [...flags.entries()]
    .filter(([token, flag]) => flag.on && !KNOWN_FLAGS.includes(token))
    .map(([, flag]) => `${flag.name}: ${JSON.stringify(reply[flag.name])}`);
  const read = required('enableReading');
  return {
    venue: VENUE,
    canRead: read,
    canTrade: trading.length > 0,
    canWithdraw: withdraw,
    // Master ↔ sub-account transfers take funds out of this account.
    canTransfer: internalTransfer,
    // Universal transfer moves funds between this account's own wallets.
    canTransferInternal: universalTransfer,
    ipRestricted: ipRestrict,
    ipBinding: ipRestrict ? 'bound' : 'unbound',
    fields: {
      read: `enableReading: ${read}`,
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
    unknown,
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

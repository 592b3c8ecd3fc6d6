// GET /v5/user/query-api → result.{readOnly, permissions, ips}: docs/venues.md §3.6.
import {
  type KeyPermissions,
  type PermissionQuery,
  PermissionQueryError,
  excerpt,
  objectField,
  rightToken,
  rightTokens,
  stringArrayField,
  unknownRights,
} from '../key-permissions.js';
import { VenueParseError } from '../venue.js';

const VENUE = 'bybit';
const WHAT = 'bybit query-api';

// Every group and value `/v5/user/query-api` documents (apikey-info, 2026-05-14); any other value
// is refused as unknown: a right nobody here can name may be one that moves funds.
const KNOWN: Readonly<Record<string, readonly string[]>> = {
  ContractTrade: ['Order', 'Position'],
  Spot: ['SpotTrade'],
  Wallet: ['AccountTransfer', 'SubMemberTransfer', 'SubMemberTransferList', 'Withdraw'],
  Options: ['OptionsTrade'],
  Derivatives: ['DerivativesTrade'],
  Exchange: ['ExchangeHistory'],
  Earn: ['Earn'],
  FiatP2P: ['FiatP2POrder', 'Advertising'],
  FiatBitPay: ['FaitPayOrder'],
  FiatConvertBroker: ['FiatConvertBrokerOrder'],
  BitCard: ['BitCard'],
  ByXPost: ['ByXPost'],
  // Documented without their values (Affiliate, BlockTrade) or as always empty (NFT, CopyTrading):
  // any entry there is unknown.
  Affiliate: [],
  BlockTrade: [],
  NFT: [],
  CopyTrading: [],
};

// Permission groups whose entries let the key place orders.
const TRADING_GROUPS = ['ContractTrade', 'Spot', 'Options', 'Derivatives', 'CopyTrading', 'BlockTrade'] as const;

// Groups whose rights send funds out of the account: P2P orders and adverts, Bybit Pay, fiat
// conversion through a broker, the Bybit card. Any entry in them is a transfer-out right.
const PAYMENT_GROUPS = ['FiatP2P', 'FiatBitPay', 'FiatConvertBroker', 'BitCard'] as const;

// A group by name in any case (`wallet`, `WALLET`): entries of all its spellings together.
function group(permissions: Record<string, unknown>, name: string): string[] {
  const entries: string[] = [];
  for (const key of Object.keys(permissions)) {
    if (rightToken(key) === rightToken(name))
      entries.push(...stringArrayField(`${WHAT}.permissions`, permissions, key));
  }
  return entries;
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
  const walletRights = rightTokens(wallet);
  const walletOut = ['SubMemberTransfer', 'SubMemberTransferList'].filter((w) => walletRights.has(rightToken(w)));
  const paymentsOut = PAYMENT_GROUPS.filter((g) => group(permissions, g).length > 0);
  const knownGroups = Object.keys(KNOWN);
  const unknownGroups = Object.keys(permissions).filter(
    (g) => unknownRights([g], knownGroups).length > 0 && group(permissions, g).length > 0,
  );
  const unknown = [
    ...knownGroups.flatMap((g) => unknownRights(group(permissions, g), KNOWN[g] ?? []).map((v) => `permissions.${g}: ${v}`)),
    ...unknownGroups.map((g) => `permissions.${g}: [${group(permissions, g).join(', ')}]`),
  ];
  const notes: string[] = [];
  const deadline = result['deadlineDay'];
  if (typeof deadline === 'number' && deadline > 0 && ips.length === 0) {
    notes.push(`Bybit expires this key in ${deadline} days because it is not bound to an IP`);
  }
  const walletText = `permissions.Wallet: [${wallet.join(', ')}]`;
  // The field that grants a transfer out: the wallet's, else the first payment group's.
  const transferText =
    walletOut.length > 0 || paymentsOut.length === 0
      ? walletText
      : paymentsOut.map((g) => `permissions.${g}: [${group(permissions, g).join(', ')}]`).join('; ');
  return {
    venue: VENUE,
    canRead: true,
    canTrade: readOnly === 0 && trading.length > 0,
    canWithdraw: walletRights.has(rightToken('Withdraw')),
    canTransfer: walletOut.length > 0 || paymentsOut.length > 0,
    canTransferInternal: walletRights.has(rightToken('AccountTransfer')),
    ipRestricted: ips.length > 0,
    ipBinding: ips.length > 0 ? 'bound' : 'unbound',
    ...(ips.length > 0 ? { ips } : {}),
    fields: {
      read: `readOnly: ${readOnly}`,
      trade: `readOnly: ${readOnly}, trading groups: [${trading.join(', ')}]`,
      withdraw: walletText,
      transfer: transferText,
      transferInternal: walletText,
      ip: `ips: ${JSON.stringify(result['ips'])}`,
    },
    notes,
    unknown,
  };
}

export const bybitPermissions: PermissionQuery = {
  venue: VENUE,
  request: () => ({ name: 'query-api', method: 'GET', path: '/v5/user/query-api', params: {}, signed: true }),
  parse,
};

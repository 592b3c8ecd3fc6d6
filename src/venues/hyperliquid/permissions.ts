// Hyperliquid keys have no exchange-side permissions (docs/venues.md §6.7): a trading key is an agent
// (API) wallet that the master approved with `approveAgent`. An agent can place and cancel orders
// but cannot withdraw or transfer: those actions are user-signed and need the master's key. So the
// question to ask is not "what may this key do" but "is this key an agent, and whose": info
// `userRole` for the signing address.
import {
  type KeyPermissions,
  type PermissionQuery,
  PermissionQueryError,
  objectField,
  stringField,
} from '../key-permissions.js';

const VENUE = 'hyperliquid';
const WHAT = 'hyperliquid userRole';

function parse(body: unknown, expect?: { walletAddress?: string }): KeyPermissions {
  const reply = objectField(WHAT, body);
  // Compared in lower case: `Agent` is an agent, and anything unrecognised is refused below.
  const role = stringField(WHAT, reply, 'role').toLowerCase();
  const base = {
    venue: VENUE,
    canRead: true,
    canTrade: true,
    canTransferInternal: false,
    ipRestricted: false,
    ipBinding: 'not-applicable' as const,
    unknown: [],
  };
  if (role === 'agent') {
    const master = stringField(`${WHAT}.data`, objectField(WHAT, reply, 'data'), 'user');
    if (expect?.walletAddress !== undefined && master.toLowerCase() !== expect.walletAddress.toLowerCase()) {
      throw new PermissionQueryError(
        VENUE,
        `this agent key trades for ${master}, not for the configured wallet ${expect.walletAddress}`,
      );
    }
    return {
      ...base,
      canWithdraw: false,
      canTransfer: false,
      fields: {
        withdraw: 'userRole.role: agent',
        transfer: 'userRole.role: agent',
        trade: 'userRole.role: agent',
      },
      notes: [
        `agent (API) wallet of ${master}: it cannot withdraw or transfer by construction; only the master key signs those`,
        'Hyperliquid keys have no IP binding',
      ],
    };
  }
  if (role === 'user') {
    // The key is the master wallet itself: it signs withdrawals and transfers too.
    return {
      ...base,
      canWithdraw: true,
      canTransfer: true,
      fields: {
        withdraw: 'userRole.role: user',
        transfer: 'userRole.role: user',
        trade: 'userRole.role: user',
      },
      notes: [
        'this private key is a master wallet, not an agent: approve an API wallet and store its key instead',
      ],
    };
  }
  if (role === 'missing') {
    throw new PermissionQueryError(
      VENUE,
      'the signing address is unknown to Hyperliquid (role missing): approve it as an agent first',
    );
  }
  throw new PermissionQueryError(
    VENUE,
    `the signing address is a ${role}, which cannot sign for itself; use an agent key`,
  );
}

export const hyperliquidPermissions: PermissionQuery = {
  venue: VENUE,
  request: (subject) => {
    if (subject?.agentAddress === undefined) {
      throw new PermissionQueryError(VENUE, 'userRole needs the address of the signing (agent) wallet');
    }
    return {
      name: 'userRole',
      method: 'POST',
      path: '/info',
      params: { type: 'userRole', user: subject.agentAddress },
      signed: false,
    };
  },
  parse,
};

/**
 * What an API key may do, in one venue-neutral shape, and how to ask. Each venue folder has a
 * `permissions.ts` that describes its introspection request and parses the reply into
 * `KeyPermissions`; custody's preflight decides from that shape alone. Pure.
 */
import { neutralise } from '../core/untrusted.js';
import { type HttpMethod, VenueParseError } from './venue.js';

/** The introspection request, before auth: the engine signs and sends it like any other. */
export interface PermissionRequest {
  /** The venue's name for it, for messages ("apiRestrictions"). */
  name: string;
  method: HttpMethod;
  path: string;
  /** Query parameters (GET) or body fields (POST), auth fields (timestamp, nonce) excluded. */
  params: Readonly<Record<string, string>>;
  signed: boolean;
}

/** bound/unbound: the venue says; unreported: the venue does not tell; not-applicable: no such thing. */
export type IpBinding = 'bound' | 'unbound' | 'unreported' | 'not-applicable';

export type PermissionRight = 'read' | 'trade' | 'withdraw' | 'transfer' | 'transferInternal' | 'ip';

export interface KeyPermissions {
  venue: string;
  canRead: boolean;
  canTrade: boolean;
  canWithdraw: boolean;
  /** Can move funds to another account (a sub-account, another user). */
  canTransfer: boolean;
  /** Can move funds only between this account's own wallets (spot ↔ futures). */
  canTransferInternal: boolean;
  ipRestricted: boolean;
  ipBinding: IpBinding;
  ips?: string[];
  /** The venue's own field and value behind each right, quoted in messages: `enableWithdrawals: true`. */
  fields: Partial<Record<PermissionRight, string>>;
  /** Facts worth showing that are not rights (key expiry, agent wallet). */
  notes: string[];
  /**
   * Rights the venue granted that quantdeck does not know, as the venue spelled them
   * (`enableOutboundTransfer: true`, `perm: staking`). Any of them makes the preflight refuse:
   * a right nobody here can name may be one that moves funds.
   */
  unknown: string[];
}

/**
 * A right's or flag's name in one spelling, so that `Read-Only`, `read_only` and `READONLY` are one
 * right and `Withdraw` is never missed for a capital letter: lower case, separators removed.
 */
export function rightToken(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A list of rights sent as one string, whatever separates them (`,` `;` `|` `/` `+` spaces). */
export function splitRights(text: string): string[] {
  return text.split(/[\s,;|/+]+/).filter((r) => r !== '');
}

/** The set of rights, by token, for membership tests. */
export function rightTokens(rights: readonly string[]): Set<string> {
  return new Set(rights.map(rightToken));
}

/** The rights in `rights` that are not in `known` (compared by token), as the venue spelled them. */
export function unknownRights(rights: readonly string[], known: readonly string[]): string[] {
  const knownTokens = rightTokens(known);
  return rights.filter((r) => !knownTokens.has(rightToken(r)));
}

/**
 * A reply's boolean flags by token. Two spellings of one flag (`enableWithdrawals`,
 * `EnableWithdrawals`) count as granted if either is anything but `false`: a flag is only off
 * when the venue says so plainly.
 */
export function flagsByToken(
  reply: Record<string, unknown>,
  isFlag: (name: string) => boolean,
): Map<string, { name: string; on: boolean }> {
  const flags = new Map<string, { name: string; on: boolean }>();
  for (const [name, value] of Object.entries(reply)) {
    if (!isFlag(name)) continue;
    const token = rightToken(name);
    const on = value !== false;
    const seen = flags.get(token);
    if (seen === undefined || (on && !seen.on)) flags.set(token, { name, on });
  }
  return flags;
}

/** Asks the venue what one key may do. */
export interface PermissionQuery {
  venue: string;
  /** `agentAddress`: the signing wallet, for venues that ask about an address (Hyperliquid). */
  request(subject?: { agentAddress?: string }): PermissionRequest;
  /** `walletAddress`: the account the key must act for, where the venue reports it. */
  parse(body: unknown, expect?: { walletAddress?: string }): KeyPermissions;
}

/** The venue answered, but with a refusal (bad key, wrong environment) instead of the permissions. */
export class PermissionQueryError extends Error {
  override readonly name = 'PermissionQueryError';
  constructor(
    readonly venue: string,
    message: string,
  ) {
    super(`${venue}: ${message}`);
  }
}

// Field readers: a reply of the wrong shape is named (which reply, which field), never guessed.

export function excerpt(body: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(body) ?? String(body);
  } catch {
    text = String(body);
  }
  const shown = neutralise(text.length > 200 ? text.slice(0, 200) : text);
  return text.length > 200 ? `${shown}…` : shown;
}

export function objectField(what: string, body: unknown, field?: string): Record<string, unknown> {
  const value = field === undefined ? body : (body as Record<string, unknown> | null)?.[field];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new VenueParseError(field === undefined ? what : `${what}.${field}`, excerpt(body));
  }
  return value as Record<string, unknown>;
}

export function booleanField(what: string, body: Record<string, unknown>, field: string): boolean {
  const value = body[field];
  if (typeof value !== 'boolean') throw new VenueParseError(`${what}.${field} (boolean)`, excerpt(body));
  return value;
}

export function optionalBooleanField(what: string, body: Record<string, unknown>, field: string): boolean {
  return body[field] === undefined ? false : booleanField(what, body, field);
}

export function stringField(what: string, body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw new VenueParseError(`${what}.${field} (string)`, excerpt(body));
  return value;
}

export function stringArrayField(what: string, body: Record<string, unknown>, field: string): string[] {
  const value = body[field];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new VenueParseError(`${what}.${field} (string[])`, excerpt(body));
  }
  return value as string[];
}

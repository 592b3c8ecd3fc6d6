/**
 * The key preflight at start: ask the venue what the key may do, judge it with custody's rules
 * (a key that can withdraw or transfer out is refused), and turn the answer into the `auth`
 * event of the Connection & auth pane. Venues without a permission call here yet, or
 * environments without the endpoint (Binance testnet has no /sapi), are reported as unchecked
 * rather than guessed.
 */
import type { CustodyCredentials } from '../custody/credentials.js';
import type { PreflightResult } from '../custody/preflight.js';
import type { Engine } from '../engine/engine.js';
import { safeMessage } from '../log/secret-registry.js';
import type { AuthEvent } from '../engine/events.js';
import { keyFacts } from '../custody/key-family.js';
import { checkKeyPermissions } from './key-permissions.js';

/** The key may not be used (the venue says it can move funds out, or refused to answer). */
export class KeyRefusedError extends Error {
  override readonly name = 'KeyRefusedError';
}

export interface PreflightOutcome {
  auth: AuthEvent;
  /** Present when the venue answered. */
  result?: PreflightResult;
  /** Warnings and notes worth a line in the event log. */
  notes: Array<{ level: 'warn' | 'info'; text: string }>;
}

/**
 * Why this session cannot ask the venue at all (the adapter has no permission request, or the
 * environment has no such endpoint: Binance's is on mainnet only), decided offline; undefined
 * when it can ask.
 */
export function uncheckable(engine: Pick<Engine, 'adapter' | 'urls' | 'signContext'>): string | undefined {
  const spec = engine.adapter.keyPermissions;
  if (spec === undefined) return `${engine.adapter.name} cannot be asked what a key may do yet`;
  try {
    spec.origin?.(engine.signContext().credentials.env, engine.urls.rest);
    return undefined;
  } catch (err) {
    return safeMessage(err);
  }
}

/** The signing method, for the pane: never anything from the key itself. */
export function signingMethod(credentials: CustodyCredentials): string {
  return keyFacts(credentials.family).signingMethod(credentials);
}

export async function preflightKey(
  engine: Engine,
  credentials: CustodyCredentials,
  now: () => number = Date.now,
): Promise<PreflightOutcome> {
  const base = { type: 'auth' as const, method: signingMethod(credentials), keySource: credentials.source };
  const why = uncheckable(engine);
  if (why !== undefined) {
    // No way to ask here: say so on screen rather than guess. (Stored keys were checked, if at
    // all, by `quantdeck keys check`.)
    return {
      auth: {
        ...base,
        at: now(),
        permissions: { read: true, trade: true, withdraw: false, summary: 'permissions not checked' },
      },
      notes: [{ level: 'warn', text: `key permissions not checked: ${why}` }],
    };
  }
  let check: Awaited<ReturnType<typeof checkKeyPermissions>>;
  try {
    check = await checkKeyPermissions({ engine });
  } catch (err) {
    throw new KeyRefusedError(`key preflight failed: ${safeMessage(err)}`);
  }
  const { permissions: perms, result } = check;
  const refusals = result.messages.filter((m) => m.level === 'refuse');
  if (result.verdict === 'refuse')
    throw new KeyRefusedError(`key refused: ${refusals.map((m) => m.text).join('; ')}`);
  return {
    auth: {
      ...base,
      at: now(),
      permissions: {
        read: perms.canRead,
        trade: perms.canTrade,
        withdraw: perms.canWithdraw || perms.canTransfer,
        ...(perms.ipBinding === 'bound' || perms.ipBinding === 'unbound'
          ? { ipRestricted: perms.ipRestricted }
          : {}),
        summary: result.summary,
      },
    },
    result,
    notes: result.messages
      .filter((m) => m.level !== 'refuse')
      .map((m) => ({ level: m.level === 'warn' ? ('warn' as const) : ('info' as const), text: m.text })),
  };
}

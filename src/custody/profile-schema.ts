/**
 * The profile config's one definition (valibot): quantdeck validates profile.json with it, and
 * `schema/profile.schema.json`, the JSON Schema editors use to complete and check the file, is
 * generated from it (`npx tsx src/custody/profile-json-schema.ts --write`). Every message is worded
 * for the person editing the file; profile.ts puts the file and the field's path in front of it.
 * What JSON Schema cannot say (a key name with `..`, a venue spelled in capitals) is checked here
 * too and left out of the published schema: editors check less than quantdeck, never more.
 */
import * as v from 'valibot';
import { keyFamilies, keyFamilyOf, venueIds } from '../venues/descriptors.js';
import { ENVS } from '../venues/venue.js';
import { ENV_PREFIX_PATTERN, KEY_NAME_PATTERN } from './key-ref.js';
import { ALERT_RULES, STRATEGY_KINDS, type StrategyKind, TIMEFRAMES } from '../core/signals/types.js';
import { PARAM_RANGES, paramsProblem } from '../core/signals/strategy-params.js';

const NON_EMPTY = 'expected a non-empty string';

const text = () => v.pipe(v.string(NON_EMPTY), v.nonEmpty(NON_EMPTY));

const quoted = (input: unknown): string => (typeof input === 'string' ? `'${input}'` : JSON.stringify(input) ?? 'nothing');

/** Names a venue is stored under: every key family, and every traded venue id. */
export function venueNames(): string[] {
  return [...new Set([...keyFamilies().map((f) => f.family), ...venueIds()])];
}

const venue = v.pipe(
  text(),
  v.check(
    (name) => keyFamilyOf(name) !== undefined,
    (issue) =>
      `unknown venue ${quoted(issue.input)}; known: ${keyFamilies()
        .map((f) => f.family)
        .join(', ')} (or a product id such as ${venueIds().find((id) => id.includes('-')) ?? venueIds()[0]})`,
  ),
  v.description('The venue family (binance, okx …) or a traded product id of it.'),
  v.examples(venueNames()),
);

const ENV_WORDS = [...ENVS, 'mainnet'] as const;

const env = v.pipe(
  v.picklist(ENV_WORDS, (issue) => `${quoted(issue.input)} is not one of ${ENVS.join(', ')} (mainnet = live)`),
  v.description('sim, testnet, demo or live; mainnet is read as live.'),
);

const KEYRING = `keyring:${KEY_NAME_PATTERN}`;
const FILE = 'file:.+';
const ENV_REF = `env:${ENV_PREFIX_PATTERN}`;
// A secrets manager's command line (key-command.ts); its words are checked when it is parsed.
const CMD_REF = 'cmd:.*\\S.*';
const REF_FORMS =
  'env:PREFIX, keyring:NAME, file:PATH or cmd:COMMAND (PREFIX: a variable prefix such as BINANCE_TESTNET; NAME: 1-63 letters, digits, . _ -)';

const noDoubleDot = v.check((ref: string) => !ref.startsWith('keyring:') || !ref.includes('..'), "a keyring name may not contain '..'");

/** Where an account's key is: env:PREFIX, keyring:NAME, file:PATH or cmd:COMMAND. */
const keyRef = v.pipe(
  text(),
  v.regex(new RegExp(`^(${ENV_REF}|${KEYRING}|${FILE}|${CMD_REF})$`), (issue) => `${quoted(issue.input)} is not ${REF_FORMS}`),
  noDoubleDot,
  v.description('Where the key is: env:PREFIX, keyring:NAME, file:PATH or cmd:COMMAND (a secrets manager that prints it).'),
);

/** Where a stored key is: only the keyring or a file (an env: key is never stored). */
const storedRef = v.pipe(
  text(),
  v.regex(new RegExp(`^(${KEYRING}|${FILE})$`), (issue) =>
    typeof issue.input === 'string' && /^(env|cmd):/.test(issue.input)
      ? `stored keys live in the keyring or a file, not ${issue.input.slice(0, 4)} (an account may use it)`
      : `${quoted(issue.input)} is not keyring:NAME or file:PATH`,
  ),
  noDoubleDot,
  v.description('Where quantdeck stored the key: keyring:NAME or file:PATH.'),
);

const keyName = v.pipe(
  v.string(),
  v.regex(
    new RegExp(`^${KEY_NAME_PATTERN}$`),
    (issue) => `name ${quoted(issue.input)} is not valid: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit`,
  ),
  v.check((name: string) => !name.includes('..'), (issue) => `name ${quoted(issue.input)} may not contain '..'`),
);

/** An object whose fields are exactly these: an unknown field is named with the ones allowed. */
function fields<const E extends v.ObjectEntries>(entries: E, what: string) {
  const allowed = Object.keys(entries).join(', ');
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return `unknown field (expected ${allowed})`;
    // A required field that is absent is reported at its own path.
    if (issue.path !== undefined && issue.input === undefined) return 'missing';
    return `expected ${what}, an object`;
  });
}

const keyEntry = v.pipe(
  fields(
    {
      venue,
      env,
      ref: storedRef,
      keyId: v.pipe(text(), v.description('The key id as the venue shows it, masked (first4…last4).')),
      createdAt: v.pipe(text(), v.description('When the key was added (ISO 8601).')),
      rotatedAt: v.optional(v.pipe(text(), v.description('When its secret was last replaced (ISO 8601).'))),
    },
    'a stored key',
  ),
  v.description('A key quantdeck stores; written by quantdeck keys add and keys rotate.'),
);

const DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

/** A positive amount: a decimal string (exact) or a JSON number, as people write either. */
const amount = (description: string) =>
  v.pipe(
    v.union([v.string(), v.number()], 'expected a positive number such as "50000" or 2.5'),
    v.check((x) => DECIMAL.test(String(x)) && /[1-9]/.test(String(x)), (issue) => `${quoted(issue.input)} is not a positive number`),
    v.transform((x) => String(x)),
    v.description(description),
  );

/** The fat-finger guard's limits (src/core/order-guard.ts): every field optional except on mainnet. */
const guardEntry = v.pipe(
  fields(
    {
      maxOrderNotional: v.optional(amount('Largest order, in the quote currency (size × price).')),
      maxPositionNotional: v.optional(amount('Largest position an order may leave, in the quote currency.')),
      priceBandPct: v.optional(amount('A limit order more than this % through the best opposite price is refused.')),
      sweepConfirmPct: v.optional(amount('A marketable limit more than this % through the best price asks first.')),
      maxOrdersPerMinute: v.optional(
        v.pipe(
          v.number('expected a whole number of orders'),
          v.integer('expected a whole number of orders'),
          v.minValue(1, 'expected at least 1 order a minute'),
          v.description('Orders the cockpit sends in any 60 s at most.'),
        ),
      ),
    },
    'the guard limits',
  ),
  v.description("The account's fat-finger limits; mainnet accounts must set maxOrderNotional, maxPositionNotional and priceBandPct."),
);

/** A share of equity: above 0, at most 1 (the whole equity). */
const share = v.pipe(
  amount('A share of the account\'s equity, above 0 and at most 1 (0.25 = a quarter).'),
  v.check((x: string) => Number(x) <= 1, (issue) => `${quoted(issue.input)} is more than 1 (the whole equity)`),
);

/**
 * How a fan-out sizes this account's order (src/store/desk.ts FanOutSizing): one of the two. Both
 * fields are optional in the published schema; "exactly one" is checked here.
 */
const sizingEntry = v.pipe(
  fields(
    {
      multiplier: v.optional(amount("This account's order is the ticket's size times this (0.5 = half).")),
      equityShare: v.optional(share),
    },
    'the fan-out sizing',
  ),
  v.check(
    (s) => (s.multiplier === undefined) !== (s.equityShare === undefined),
    'give one of multiplier or equityShare, not both and not neither',
  ),
  v.description("How a fan-out to a group sizes this account's order: the ticket's size times multiplier, or equityShare of its equity at the ticket's price (default: multiplier 1)."),
);

const accountEntry = v.pipe(
  fields(
    {
      venue,
      env: v.optional(env),
      key: keyRef,
      guard: v.optional(guardEntry),
      slippagePct: v.optional(
        amount('A market order leaves as an IOC limit this % through the reference price (default 2); what it cannot fill there is cancelled.'),
      ),
      rateTier: v.optional(
        v.pipe(
          text(),
          v.description(
            "The account's standing where the venue's rate limits depend on it (Kraken: starter, intermediate or pro, its verification tier; default the strictest).",
          ),
        ),
      ),
      sizing: v.optional(sizingEntry),
    },
    'an account',
  ),
  v.description('What quantdeck --account NAME connects with. Without env, an account is a testnet one.'),
);

// An http:// endpoint sends the bearer key in the clear: only on this machine (a local model server).
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function plainHttpOffLoopback(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** L3's optional LLM (docs/signals.md §L3): an OpenAI-compatible chat-completions endpoint. */
const llmEntry = v.pipe(
  fields(
    {
      url: v.pipe(
        text(),
        v.regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, (issue) => `${quoted(issue.input)} is not an http(s) URL`),
        v.check((u: string) => !plainHttpOffLoopback(u), 'http:// sends the key in the clear: use https://, or http:// on 127.0.0.1'),
        v.description('The API base; quantdeck POSTs to URL/chat/completions (https://, or http:// on 127.0.0.1).'),
      ),
      model: v.pipe(text(), v.description('The model name the endpoint knows.')),
      key: keyRef,
      timeoutMs: v.optional(
        v.pipe(
          v.number('expected milliseconds, a whole number'),
          v.integer('expected milliseconds, a whole number'),
          v.minValue(100, 'expected at least 100 ms'),
          v.maxValue(120_000, 'expected at most 120000 ms'),
          v.description('A reply later than this is refused as a timeout, and the rules model\'s signals are shown (default 15000).'),
        ),
      ),
      maxTokens: v.optional(
        v.pipe(
          v.number('expected a whole number of tokens'),
          v.integer('expected a whole number of tokens'),
          v.minValue(64, 'expected at least 64 tokens'),
          v.maxValue(32_768, 'expected at most 32768 tokens'),
          v.description('The reply\'s token budget (max_tokens); a reply cut at it is refused (default 1024).'),
        ),
      ),
    },
    'the LLM endpoint',
  ),
  v.description("L3's optional LLM; its key (key:) is the endpoint's API key, sent only in the Authorization header."),
);

/** A positive number (JSON number) of what `unit` says. */
const positive = (unit: string, description: string) =>
  v.optional(
    v.pipe(
      v.number(`expected ${unit}, a number`),
      v.check((x: number) => Number.isFinite(x) && x > 0, `expected ${unit} above 0`),
      v.description(description),
    ),
  );
const flag = (description: string) => v.optional(v.pipe(v.boolean('expected true or false'), v.description(description)));

/** L2's thresholds (docs/signals.md §L2 watcher); every field optional, over src/core/signals/watcher-config.ts's defaults. */
const alertsEntry = v.pipe(
  fields(
    {
      off: v.optional(
        v.pipe(
          v.array(v.picklist(ALERT_RULES, (issue) => `${quoted(issue.input)} is not a rule (${ALERT_RULES.join(', ')})`), 'expected a list of rules'),
          v.description('Rules that never fire.'),
        ),
      ),
      bell: flag('Ring the terminal bell once per new warn or critical alert (default false).'),
      flash: flag('Flash the Alerts line once per new critical alert (default false).'),
      rearmSeconds: positive('seconds', 'A condition that cleared fires again only this long after its last alert (default 60).'),
      atrMoveK: positive('a multiple of the ATR', 'atr-move: a move of this many ATRs (default 3)…'),
      atrMoveSeconds: positive('seconds', '…within this many seconds (default 60).'),
      atrTimeframe: v.optional(
        v.pipe(
          v.picklist(TIMEFRAMES, (issue) => `${quoted(issue.input)} is not one of ${TIMEFRAMES.join(', ')}`),
          v.description('atr-move: the ATR of this timeframe (default 1m).'),
        ),
      ),
      spreadRatio: positive('a ratio', 'spread: the spread at this many times its recent average (default 3).'),
      depthRatio: positive('a ratio', "depth: the best bid's or ask's size below this share of its recent average (default 0.2)."),
      fundingFlip: flag('funding-flip: say when the funding rate changes sign (default true).'),
      liquidationPct: positive('a percentage', 'liquidation-distance: the mark within this % of the liquidation price; critical at half of it (default 10).'),
      noStopSeconds: positive('seconds', 'no-stop: a position with no stop for this long (default 30).'),
      disconnectSeconds: positive('seconds', 'disconnect: a socket down or silent for this long (default 5).'),
      clockOffsetMs: positive('milliseconds', "clock: the venue's clock this far from ours (default 1000)…"),
      clockUncertaintyMs: positive('milliseconds', '…or the estimate this unsure (default 500).'),
      budgetPct: positive('a percentage', 'budget: a rate-limit pool this % used (default 80); limited warns, banned is critical.'),
      largeFillNotional: positive('an amount', "large-fill: a fill of at least this notional, in the quote currency (default 100000)."),
    },
    'the alert thresholds',
  ),
  v.description("L2's alerts: thresholds over the defaults, rules turned off, the bell and the flash (both off by default)."),
);

const rangesText = STRATEGY_KINDS.map(
  (kind) => `${kind}: ${Object.entries(PARAM_RANGES[kind]).map(([k, r]) => `${k} ${r.min}–${r.max}`).join(', ')}`,
).join('; ');

/** Why a strategy's params are not its kind's (the key named), or undefined. */
const strategyProblem = (entry: { kind: StrategyKind; params?: Record<string, unknown> | undefined }): string | undefined =>
  entry.params === undefined ? undefined : Array.isArray(entry.params) ? 'params: expected an object, not a list' : paramsProblem(entry.kind, entry.params);

/** One named strategy (docs/signals.md §Strategies in the profile): a kind, the params it fixes, its timeframes. */
const strategyEntry = v.pipe(
  fields(
    {
      name: v.pipe(keyName, v.description('What the cockpit, the audit and `quantdeck backtest NAME` call it.')),
      kind: v.pipe(
        v.picklist(STRATEGY_KINDS, (issue) => `${quoted(issue.input)} is not a kind (${STRATEGY_KINDS.join(', ')})`),
        v.description('The rule it runs (docs/signals.md §Strategies and the EV gate).'),
      ),
      params: v.optional(
        v.pipe(
          v.record(v.string(), v.unknown(), 'expected the parameters by name, an object'),
          v.description(`The parameters it fixes; the others are fitted over the kind's grid. Ranges: ${rangesText}.`),
        ),
      ),
      timeframes: v.optional(
        v.pipe(
          v.array(v.picklist(TIMEFRAMES, (issue) => `${quoted(issue.input)} is not one of ${TIMEFRAMES.join(', ')}`), 'expected a list of timeframes'),
          v.minLength(1, 'expected at least one timeframe'),
          v.description('The only timeframes its gate walks (default all).'),
        ),
      ),
    },
    'a strategy',
  ),
  v.check(
    (entry) => strategyProblem(entry) === undefined,
    (issue) => strategyProblem(issue.input as { kind: StrategyKind; params?: Record<string, unknown> }) ?? '',
  ),
);

const strategiesEntry = v.pipe(
  v.array(strategyEntry, 'expected a list of strategies'),
  v.check(
    (list) => new Set(list.map((s) => s.name)).size === list.length,
    (issue) => {
      const names = (issue.input as { name: string }[]).map((s) => s.name);
      return `the name '${names.find((n, i) => names.indexOf(n) !== i)}' is used twice`;
    },
  ),
  v.description('The strategies the signal stack runs, each named, with its kind and parameters; absent, the three built-ins (one per kind, nothing fixed).'),
);

/** The signal stack's settings (docs/signals.md). */
const signalsEntry = v.pipe(
  fields(
    {
      llm: v.optional(llmEntry),
      alerts: v.optional(alertsEntry),
      strategies: v.optional(strategiesEntry),
      auto: v.optional(
        v.pipe(
          v.array(keyName, 'expected a list of account names'),
          v.description(
            "Accounts whose automatic mode starts on (docs/signals.md §Automatic mode); on mainnet the only way to allow it, and only with the account's guard limits set.",
          ),
        ),
      ),
    },
    'the signal settings',
  ),
  v.description('The signal stack: the LLM the synthesizer may ask (without it, the rules model alone).'),
);

/** profile.json: `version` 1, `keys` and `accounts` by name, and an editor's `$schema` if any. */
export const PROFILE_SCHEMA = v.pipe(
  fields(
    {
      $schema: v.optional(v.pipe(text(), v.description('Where an editor finds this schema.'))),
      version: v.literal(1, (issue) => `expected 1, got ${JSON.stringify(issue.input)}`),
      keys: v.optional(v.record(keyName, keyEntry, 'expected the stored keys by name, an object')),
      accounts: v.optional(v.record(keyName, accountEntry, 'expected the accounts by name, an object')),
      groups: v.optional(
        v.pipe(
          v.record(
            keyName,
            v.pipe(
              v.array(text(), 'expected a list of account names'),
              v.minLength(1, 'a group needs at least one account'),
              v.description('The accounts of the group, by name (each one an account of this file).'),
            ),
            'expected the groups by name, an object',
          ),
          v.description('Groups of accounts by name: quantdeck --group NAME starts them all in one cockpit (docs/desk.md).'),
        ),
      ),
      signals: v.optional(signalsEntry),
    },
    'the profile',
  ),
  v.title('quantdeck profile'),
  v.description('Non-secret metadata: which keys quantdeck stores and where, the accounts the cockpit connects with, and groups of them.'),
);

export type ProfileInput = v.InferOutput<typeof PROFILE_SCHEMA>;

/** The profile's shape checked, or the first problem with its field's path (`keys.bn-test.venue`). */
export function parseProfile(
  parsed: unknown,
): { ok: true; value: ProfileInput } | { ok: false; path: string; message: string } {
  const result = v.safeParse(PROFILE_SCHEMA, parsed, { abortEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  return { ok: false, path: (issue.path ?? []).map((item) => String(item.key)).join('.'), message: issue.message };
}

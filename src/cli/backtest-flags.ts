/** `quantdeck backtest`'s command line, as data (src/cli/commands.ts lists it; the code is in backtest.ts). */
import type { CommandSpec } from '../core/command-line.js';
import { STRATEGY_KINDS, TIMEFRAMES } from '../core/signals/types.js';
import { defaultVenue, venueIds } from '../venues/descriptors.js';

/** The period a backtest covers when --from is not given. */
export const DEFAULT_DAYS = 90;
/** The longest period: a year of one-minute bars is about half a million. */
export const MAX_DAYS = 366;

export const BACKTEST_COMMAND: CommandSpec = {
  command: 'quantdeck backtest',
  summary: "walk a strategy forward per timeframe and print its out-of-sample EV and the EV gate's verdict",
  positionals: [{ name: 'STRATEGY', help: `a strategy of the profile (signals.strategies) or a kind: ${STRATEGY_KINDS.join(', ')}` }],
  options: [
    { name: 'symbol', value: 'SYMBOL', help: "the instrument (required; with --seed one the local venue lists, e.g. BTCUSDT, or the venue's form of it)" },
    { name: 'from', value: 'DATE', help: `the period's start, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC), or an age: 30d, 12h, 90m, 2w; default ${DEFAULT_DAYS} days before --to` },
    { name: 'to', value: 'DATE', help: "the period's end (exclusive), same forms; default today 00:00 UTC" },
    { name: 'venue', value: 'VENUE', suggest: venueIds, help: 'whose fees to charge, and whose klines to read without --seed', default: defaultVenue().id },
    { name: 'env', value: 'ENV', choices: ['sim', 'testnet', 'demo', 'mainnet'], help: 'without --seed: where the klines are read (public data, no key); sim is the local venue', default: 'sim' },
    { name: 'account', value: 'NAME', help: "without --seed: a profile account's venue and env (its key is not read)" },
    { name: 'sim-url', value: 'URL', help: 'without --seed: a running local venue (`quantdeck sim`) at http://127.0.0.1:PORT' },
    { name: 'timeframes', value: 'LIST', help: `the timeframes walked, comma-separated (${TIMEFRAMES.join(',')})`, default: TIMEFRAMES.join(',') },
    { name: 'param', value: 'KEY=VALUE', repeatable: true, help: "fix one of the strategy's parameters (over the profile's), e.g. lookback=30; repeatable" },
    { name: 'seed', value: 'S', help: "run on klines from the local venue's price model with this seed (same seed, same table)" },
  ],
  notes: `Every fill pays the venue's base-tier taker fee and market fills a 0.02 % slippage; EV is per
trade, net, in % of entry, with a 95 % t-interval. A timeframe passes only when its out-of-sample EV and
the aggregate's are both above zero with the interval's low above zero (docs/signals.md).
Without --seed the klines are the venue's over REST, paged, for the whole period: a period the
venue does not fully serve is refused with the missing runs named (exit 1), never filled.`,
};

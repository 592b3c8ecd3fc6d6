/**
 * Klines for `quantdeck backtest` without --seed: the venue's own over REST for the whole period
 * (src/engine/kline-history.ts pages them through a key-less runner, src/engine/public-rest.ts), from
 * where the configuration says, like the cockpit: the local venue when nothing is configured (one
 * started for the run, or a running `quantdeck sim` given by --sim-url), testnet, demo or mainnet by
 * --env or a profile account (--account; its key is never read: klines are public). Mainnet is
 * allowed without --live: nothing is signed and nothing traded, and the header names it in capitals.
 * A period with a run the venue did not serve is refused, each run named (docs/signals.md §Backtest history).
 */
import { errorMessage } from '../core/error-message.js';
import type { MissingRange } from '../core/signals/kline-gaps.js';
import type { Kline, Timeframe } from '../core/signals/types.js';
import { neutralise } from '../core/untrusted.js';
import { envLabel } from '../custody/env-name.js';
import { readHistories, type SeriesHistory } from '../engine/kline-history.js';
import { PublicRest } from '../engine/public-rest.js';
import type { VenueDescriptor } from '../venues/descriptor.js';
import { venueAdapter } from '../venues/index.js';
import type { Env, VenueUrls } from '../venues/venue.js';

/** Where the history is read, resolved from the flags (and the profile). */
export interface HistoryTarget {
  venue: VenueDescriptor;
  env: Env;
  /** A running local venue (`--sim-url`), already checked to be on loopback. */
  simUrls?: VenueUrls;
  /** The profile account it came from, for the header. */
  account?: string;
}

/** The history could not be read, or the period is not whole: the message says which and why. */
export class HistoryError extends Error {
  override readonly name = 'HistoryError';
}

export interface History {
  series: Partial<Record<Timeframe, Kline[]>>;
  read: SeriesHistory[];
  /** One line: venue, environment and address, for the header. */
  source: string;
  requests: number;
  /** Requests the venue refused for load and that were sent again (0 when the budget kept within its limits). */
  resent: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');

function rangeText(r: MissingRange): string {
  return `${iso(r.from)} → ${iso(r.to)} (${r.bars} bar${r.bars === 1 ? '' : 's'})`;
}

/** The refusal's lines: per timeframe with a hole, the runs the venue did not serve. */
export function missingText(read: readonly SeriesHistory[], venue: string): string {
  const lines: string[] = [];
  for (const s of read) {
    if (s.missing.length === 0) continue;
    const none = s.bars.length === 0 ? ` — ${venue} served no bar of the period at all (an unknown symbol is answered so by some venues)` : '';
    const runs = s.missing.slice(0, 5).map(rangeText);
    if (s.missing.length > 5) runs.push(`and ${s.missing.length - 5} more`);
    lines.push(`  ${s.timeframe}: ${s.bars.length} of ${s.expected} bars; missing ${runs.join(', ')}${none}`);
  }
  return lines.join('\n');
}

async function openRest(t: HistoryTarget): Promise<{ rest: PublicRest; source: string; close(): Promise<void> }> {
  const adapter = venueAdapter(t.venue.id);
  const account = t.account === undefined ? '' : ` (account ${t.account})`;
  if (t.env !== 'sim') {
    let urls: VenueUrls;
    try {
      urls = adapter.urls(t.env);
    } catch (err) {
      throw new HistoryError(`${t.venue.name} has no ${envLabel(t.env)} to read klines from: ${errorMessage(err)}`);
    }
    const rest = new PublicRest({ adapter, env: t.env, urls });
    const env = t.env === 'live' ? 'MAINNET (public market data, no key; nothing is traded)' : envLabel(t.env);
    return { rest, source: `${t.venue.id} ${env}${account} at ${urls.rest}`, close: () => rest.close() };
  }
  if (t.simUrls !== undefined) {
    const rest = new PublicRest({ adapter, env: 'sim', urls: t.simUrls });
    return { rest, source: `${t.venue.id} sim: the local venue at ${t.simUrls.rest}${account}`, close: () => rest.close() };
  }
  // Nothing configured: the local venue, as the cockpit starts it (its history ends at its start).
  const { startLocalVenue } = await import('./local-venue.js');
  const local = await startLocalVenue(t.venue.id, undefined);
  const rest = new PublicRest({ adapter, env: 'sim', urls: local.urls });
  return {
    rest,
    source: `${t.venue.id} sim: a local venue started for this run at ${local.urls.rest} (its default seed; --seed S reads a seed's bars without one)`,
    close: async () => {
      await rest.close();
      await local.handle.close();
    },
  };
}

/** Every timeframe's bars of [from, to) from the target, or a HistoryError naming what is missing. */
export async function readVenueHistory(t: HistoryTarget, symbol: string, timeframes: readonly Timeframe[], from: number, to: number): Promise<History> {
  const adapter = venueAdapter(t.venue.id);
  // Older bars from where the venue keeps them (OKX's history-candles), else the klines plan itself.
  const plan = adapter.klineHistory ?? adapter.klines;
  if (plan === undefined) throw new HistoryError(`${t.venue.name} has no klines over REST in quantdeck`);
  const { rest, source, close } = await openRest(t);
  try {
    let read: SeriesHistory[];
    try {
      await rest.start();
      read = await readHistories({ plan, run: rest.run, venueNow: () => rest.venueNow() }, symbol, timeframes, from, to);
    } catch (err) {
      throw new HistoryError(`reading ${neutralise(symbol)} klines from ${source}: ${neutralise(errorMessage(err))}`);
    }
    const requests = read.reduce((n, s) => n + s.requests, 0);
    const holes = missingText(read, t.venue.name);
    const resent = rest.retries > 0 ? `\n(${rest.retries} requests were refused for load (429) and sent again)` : '';
    if (holes !== '')
      throw new HistoryError(
        `${t.venue.name} did not serve the whole period for ${neutralise(symbol)} (${source}); nothing is filled in, so it is not run:\n${holes}\nGive a --from the venue still holds, or fewer --timeframes.${resent}`,
      );
    const series: Partial<Record<Timeframe, Kline[]>> = {};
    for (const s of read) series[s.timeframe] = s.bars;
    return { series, read, source, requests, resent: rest.retries };
  } finally {
    await close();
  }
}

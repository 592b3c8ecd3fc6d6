/**
 * The real program (`npm start`) in a detached tmux window, for the end-to-end and leak tests:
 * temp XDG dirs (so the log file is the run's own), CI removed from its environment (ink renders
 * only the last frame under CI), and the exit code echoed to the window when it ends. Plus the
 * readers of what the cockpit screen shows, and the per-venue facts a test needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import * as D from '../../src/core/decimal.js';
import { TmuxWindow, tmuxVersion } from './tmux.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const TMUX = tmuxVersion();

export type PerpsVenue = 'binance-usdm' | 'okx' | 'hyperliquid' | 'bybit';
export type SpotVenue = 'kraken' | 'coinbase';

/** Perps: the Positions pane, its row named by the symbol cut to its column. */
export interface PositionBook {
  pane: 'Positions';
  /** The symbol as the Positions pane shows it (cut to its column). */
  symbol: string;
}

/** Spot: the Holdings pane, its row of the base asset (docs/spot.md). */
export interface HoldingsBook {
  pane: 'Holdings';
  base: string;
  /** What the account holds of the base before the session trades (the local venue's demo account). */
  start: string;
}

/** What differs between venues on the screen; everything else is one scenario. */
export interface VenueCase {
  venue: PerpsVenue | SpotVenue;
  /** The default symbol the header and ticket show. */
  symbol: string;
  /** The auth line of the Connection pane. */
  keyLine: RegExp;
  /** Where what the session bought shows: a position, or a holding. */
  book: PositionBook | HoldingsBook;
  /**
   * Whether the venue refuses a limit buy at 2 % of the market (the perps venues' price bands).
   * Kraken takes any limit price; a buy beyond the free USD is stopped by the ticket before the venue.
   */
  refusesFarPrice: boolean;
  /** Whether the venue has a dead-man's switch the session arms (Coinbase has none: docs/venues.md §4.9). */
  deadman: boolean;
}

export const VENUE_CASES: readonly VenueCase[] = [
  {
    venue: 'binance-usdm',
    symbol: 'BTCUSDT',
    keyLine: /key HMAC-SHA256 · .*\btrade\b/,
    book: { pane: 'Positions', symbol: 'BTCUSDT' },
    refusesFarPrice: true,
    deadman: true,
  },
  {
    venue: 'okx',
    symbol: 'BTC-USDT-SWAP',
    keyLine: /key HMAC-SHA256 \+ passphrase · .*\btrade\b/,
    book: { pane: 'Positions', symbol: 'BTC-USDT…' },
    refusesFarPrice: true,
    deadman: true,
  },
  {
    venue: 'hyperliquid',
    symbol: 'BTC',
    keyLine: /key EIP-712 \(agent wallet\) · .*\btrade\b/,
    book: { pane: 'Positions', symbol: 'BTC' },
    refusesFarPrice: true,
    deadman: true,
  },
  {
    venue: 'bybit',
    symbol: 'BTCUSDT',
    keyLine: /key HMAC-SHA256 · .*\btrade\b/,
    book: { pane: 'Positions', symbol: 'BTCUSDT' },
    refusesFarPrice: true,
    deadman: true,
  },
  {
    venue: 'kraken',
    symbol: 'BTC/USD',
    keyLine: /key HMAC-SHA512 · .*\btrade\b/,
    book: { pane: 'Holdings', base: 'BTC', start: '1' },
    refusesFarPrice: false,
    deadman: true,
  },
  {
    venue: 'coinbase',
    symbol: 'BTC-USD',
    keyLine: /key JWT \(ES256 or EdDSA\) · .*\btrade\b/,
    book: { pane: 'Holdings', base: 'BTC', start: '1' },
    // Coinbase takes any limit price too (docs/sim.md: none is refused for its distance).
    refusesFarPrice: false,
    deadman: false,
  },
];

/**
 * What the book pane shows once the session holds `bought` more than it started with: the position
 * row of that size (perps; with `bought` 0 no row), or the base asset's holding row at start +
 * bought (spot; the quote pays the fees on the local venue's spot dialects, so the base moves by
 * exactly what was bought). Trailing zeros as the pane pads them.
 */
export function bookRow(book: VenueCase['book'], bought: string): RegExp {
  if (book.pane === 'Positions') return positionRow(bought, escaped(book.symbol));
  const held = D.add(book.start, bought);
  const shown = held.includes('.') ? `${escaped(held)}0*` : `${escaped(held)}(?:\\.0+)?`;
  return new RegExp(`\\b${escaped(book.base)}\\s+${shown}\\s`);
}

export interface CockpitRun {
  tty: TmuxWindow;
  dir: string;
  logFile: string;
  close(): void;
}

/**
 * Starts `npm start -- ARGS` in a 100x30 window (`columns`, `rows` larger where a test reads a long
 * line or more rows of a pane). `dir` (default: a new temp dir, removed on close) holds the XDG dirs; `shellTail` is appended to the program's command inside the window
 * (e.g. `2>FILE` to keep its stderr).
 */
export function startCockpitRun(
  label: string,
  args: readonly string[],
  options: { dir?: string; shellTail?: string; columns?: number; rows?: number } = {},
): CockpitRun {
  const name = `qd-${label}-${process.pid}-${Date.now().toString(36)}`;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `qd-${label}-`));
  const shellTail = options.shellTail ?? '';
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env['CI'];
  const argv = args.length === 0 ? '' : ` -- ${args.map((a) => `'${a}'`).join(' ')}`;
  // `env -u CI` too: a tmux server started elsewhere would hand its own environment down.
  const command =
    `env -u CI XDG_STATE_HOME=${join(dir, 'state')} XDG_CONFIG_HOME=${join(dir, 'config')} ` +
    `npm_config_update_notifier=false npm start --silent${argv}${shellTail}; echo "QD_EXIT=$?"; sleep 600`;
  const tty = new TmuxWindow({ name, columns: options.columns ?? 100, rows: options.rows ?? 30, command, env, cwd: ROOT });
  return {
    tty,
    dir,
    logFile: join(dir, 'state', 'quantdeck', 'quantdeck.log'),
    close() {
      tty.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A cockpit shared by the tests of one describe block, with its `:` command line at hand. */
export interface LiveCockpit {
  readonly tty: TmuxWindow;
  /** Types `:LINE`, waits until the screen shows it, presses Enter. */
  command(line: string): Promise<void>;
}

/**
 * Called inside a describe block: one SIM cockpit started (`startCockpitRun`) before its tests and
 * waited until live, closed after them.
 */
export function liveCockpit(label: string, args: readonly string[], options: { columns?: number; rows?: number } = {}): LiveCockpit {
  let run: CockpitRun | undefined;
  beforeAll(async () => {
    run = startCockpitRun(label, args, options);
    await run.tty.waitFor('the cockpit live', isLive, 60_000);
  }, 90_000);
  afterAll(() => run?.close());
  const started = (): CockpitRun => {
    if (run === undefined) throw new Error(`the ${label} cockpit is read before its beforeAll ran`);
    return run;
  };
  return {
    get tty() {
      return started().tty;
    },
    async command(line: string) {
      const { tty } = started();
      tty.type(`:${line}`);
      await tty.waitFor(`:${line} typed`, (s) => s.includes(`:${line}`));
      tty.press('Enter');
    },
  };
}

/** The Positions pane's row of `symbol` holding the signed quantity `qty`. */
export const positionRow = (qty: string, symbol = 'BTCUSDT') => new RegExp(`${symbol}\\s+${escaped(qty)}\\s`);

/** The numbers of the Market pane's "bid × ask" line (a price may have no fraction). */
export function bestBid(screen: string): number | undefined {
  const m = /(\d+(?:\.\d+)?) × (\d+(?:\.\d+)?)/.exec(screen);
  if (m === null) return undefined;
  const bid = Number(m[1]);
  const ask = Number(m[2]);
  // A capture taken while the terminal redraws the line can hold a number cut short ("977.6 ×
  // 64977.7"): a pair whose ask is not just above its bid is such a frame, not a quote.
  return ask >= bid && ask - bid <= bid * 0.01 ? bid : undefined;
}

/** The best bid, from the first capture that shows a whole quote. */
export async function bidIn(tty: TmuxWindow): Promise<number> {
  return bestBid(await tty.waitFor('a whole bid × ask quote', (s) => bestBid(s) !== undefined)) as number;
}

/** The ticket's size after a preset key: "size 0.004 BTC (preset 2)", "size 0.02 contracts (preset 2)". */
export function ticketSize(screen: string): string | undefined {
  // The word "size" is the first the ticket drops when the line is too long for the pane (a spot
  // size in eight decimals and its unit, beside a two-decimal price, left it out at 80 columns).
  return /(?:size )?(\d+(?:\.\d+)?)(?: [A-Za-z]+)? \(preset \d\)/.exec(screen)?.[1];
}

/** A decimal string as a regex source. */
export const escaped = (decimal: string) => decimal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The row count a pane title shows: "Open orders (2)". */
export function count(screen: string, pane: string): number {
  const m = new RegExp(`${pane} \\((\\d+)\\)`).exec(screen);
  return m === null ? -1 : Number(m[1]);
}

/**
 * Every socket live and a price: the cockpit is trading. Some venues have a third socket: Binance
 * USD-M's 'public' (book data on its own route), OKX's 'algo' (orders-algo on the business
 * socket); where its row shows, it must be live too.
 */
export const isLive = (s: string) =>
  /user\s+● live/.test(s) &&
  /market\s+● live/.test(s) &&
  ['public', 'algo'].every((row) => !new RegExp(`^\\s*│?\\s*${row}\\s`, 'm').test(s) || new RegExp(`${row}\\s+● live`).test(s)) &&
  bestBid(s) !== undefined;

/** In an open ticket: p, the price, Enter (checks it shows), Enter sends. */
export async function typePriceAndSendIn(tty: TmuxWindow, price: string): Promise<void> {
  tty.type('p');
  await tty.waitFor('price entry', (s) => s.includes('type digits'));
  tty.type(price);
  tty.press('Enter');
  // In the ticket's line, with or without the word "price" (dropped first when the line is long).
  const typed = new RegExp(`(?:^|\\s)${escaped(price)}(?:\\s|$)`);
  await tty.waitFor('the typed price in the ticket', (s) =>
    s.split('\n').some((line) => /\b(?:BUY|SELL)\b.*\b(?:limit|market)\b/.test(line) && typed.test(line)),
  );
  tty.press('Enter');
}

/**
 * A limit buy 2 % under the bid with size preset 2 (rests in the calm regime, inside the venue's
 * price band): its price and size as the ticket showed them.
 */
export async function placeRestingBuyIn(tty: TmuxWindow, symbol: string): Promise<{ price: string; qty: string }> {
  const bid = await bidIn(tty);
  const price = String(Math.floor(bid * 0.98));
  tty.type('b');
  await tty.waitFor('the buy ticket', (s) => new RegExp(`BUY\\s+${escaped(symbol)} limit`).test(s));
  tty.type('2'); // size preset 2
  const qty = ticketSize(await tty.waitFor('preset 2', (t) => /\(preset 2\)/.test(t)));
  if (qty === undefined || !/^\d+(\.\d+)?$/.test(qty)) throw new Error(`no size in the ticket:\n${tty.lastScreen}`);
  await typePriceAndSendIn(tty, price);
  return { price, qty };
}

/**
 * End to end in a real terminal, once per venue: `npm start -- --venue V` (the local venue
 * speaking V's dialect, SIM) in a detached 100x30 tmux window, driven with keys like a trader,
 * asserted on what the screen shows. One scenario; what differs per venue is data (VENUE_CASES).
 * The venues run one after the other, each in its own window, tmux server and temp dirs.
 *
 * CI is removed from the program's environment: ink renders only the last frame under CI.
 * tmux missing: skipped with a message naming the Debian package, and a failure under CI
 * (test/support/system-program.ts).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bidIn,
  bookRow,
  type CockpitRun,
  count,
  escaped,
  isLive,
  placeRestingBuyIn,
  startCockpitRun,
  TMUX,
  typePriceAndSendIn,
  VENUE_CASES,
  type VenueCase,
} from './cockpit-run.js';
import { needs } from '../support/system-program.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

describe.runIf(hasTmux).each(VENUE_CASES)(
  'cockpit end to end in tmux: $venue (SIM)',
  (v: VenueCase) => {
    let run: CockpitRun;
    let startedAt = 0;
    // The size of the first order and of the crossing one (preset 2, whatever the presets are).
    let qty = '';
    const buyTicket = (s: string) => new RegExp(`BUY\\s+${escaped(v.symbol)} limit`).test(s);
    const pane = v.book.pane;
    /** A size as the panes write it: the ticket pads to the venue's step ("0.00003140"), a row may not ("0.0000314"). */
    const shown = (size: string) => `${escaped(size.includes('.') ? size.replace(/0+$/, '') : size)}0*`;
    /** What the session bought (the crossing order's size) in the book pane: the position, or the holding. */
    const bought = () => bookRow(v.book, qty);
    /** Perps: the one position row; spot: the base's holding moved by what was bought. */
    const booked = (s: string) => bought().test(s) && (pane === 'Holdings' || count(s, 'Positions') === 1);

    beforeAll(() => {
      startedAt = Date.now();
      run = startCockpitRun(`e2e-${v.venue}`, ['--venue', v.venue]);
    });

    afterAll(() => run?.close());

    const typePriceAndSend = (price: string) => typePriceAndSendIn(run.tty, price);

    /** A limit buy 2 % under the bid; keeps its size for the later steps. */
    async function placeRestingBuy(): Promise<string> {
      const placed = await placeRestingBuyIn(run.tty, v.symbol);
      qty = placed.qty;
      return placed.price;
    }

    it('draws the cockpit marked SIM, then goes live against the local venue', async () => {
      const { tty } = run;
      // Generous bounds: on a loaded box, npm + bundling + ink start-up alone can take many seconds.
      await tty.waitFor(
        'the first frame, marked SIM',
        (s) => s.includes('QUANTDECK') && s.includes(' SIM '),
        40_000,
      );
      const live = await tty.waitFor('both sockets live and a price', isLive, 30_000);
      expect(live).toContain(v.venue);
      expect(live).toContain(v.symbol);
      expect(live).toMatch(v.keyLine);
      expect(live).not.toMatch(/Error|TypeError|at .*\.tsx?:\d+/);
    }, 120_000);

    it('renders at 80x24 and back at 100x30 (a resize keeps it whole)', async () => {
      const { tty } = run;
      tty.resize(80, 24);
      const small = await tty.waitFor(
        'the 80x24 frame',
        (s) => s.split('\n')[0]?.includes('QUANTDECK') === true && s.includes('Open orders'),
      );
      // The screen rows are 80 wide whatever was written; a line the cockpit drew too wide is
      // wrapped by the terminal onto the next row, and only the joined capture shows it.
      const tooWide = tty.logicalLines().filter((l) => [...l].length > 80);
      expect(tooWide, 'lines wider than 80 columns (wrapped by the terminal)').toEqual([]);
      expect(small).toContain('SIM');
      expect(small).toContain('Fills');
      expect(small).not.toMatch(/Error|TypeError/);
      tty.resize(100, 30);
      await tty.waitFor(
        'the 100x30 frame again',
        (s) => s.includes('Rate budget') && s.includes(pane),
      );
    });

    it('places a limit order with keys and shows it in Open orders', async () => {
      const price = await placeRestingBuy();
      // The size as the venue took it, from the row: a preset of a value (Coinbase's) sizes at the
      // price, so the ticket's figure can move while the price is typed.
      const row = new RegExp(`BUY\\s+LMT\\s+(\\d+(?:\\.\\d+)?)\\s+${price}\\b.*\\bnew\\b`);
      // Shown at once as "sending"; "new" once the venue's acknowledgement is in.
      const onScreen = await run.tty.waitFor('the order resting in Open orders', (s) => count(s, 'Open orders') === 1 && row.test(s));
      qty = row.exec(onScreen)![1]!;
      expect(onScreen).not.toMatch(/\bsending\b/);
    });

    it(`c acts only on the visibly selected row: with ${pane} focused it cancels nothing`, async () => {
      const { tty } = run;
      tty.press('Tab', 'Tab');
      await tty.waitFor(`${pane} focused`, (s) => s.includes(`> ${pane}`));
      // An order row leads with its symbol: '> BTCUSDT  BUY  LMT …'.
      expect(tty.lastScreen).not.toMatch(/^> \S+\s+(BUY|SELL)\b/m);
      tty.type('c');
      const said = await tty.waitFor('the no-selection message', (s) => s.includes('no order selected'));
      expect(count(said, 'Open orders')).toBe(1);
      tty.press('Tab');
      const marked = await tty.waitFor('Open orders focused, its row marked >', (s) => /^> \S+\s+BUY\s+LMT/m.test(s));
      expect(count(marked, 'Open orders')).toBe(1);
    });

    // A venue that takes any limit price (Kraken) has no refusal this step can provoke from the ticket.
    if (v.refusesFarPrice)
    it('a venue refusal is shown in words on the message line and stays until Esc', async () => {
      const { tty } = run;
      const bid = await bidIn(tty);
      // 2 % of the bid: outside every venue's price band (Hyperliquid allows up to 95 % away).
      const price = String(Math.floor(bid * 0.02));
      tty.type('b');
      await tty.waitFor('the buy ticket', buyTicket);
      await typePriceAndSend(price);
      const refused = await tty.waitFor('the refusal on the message line', (s) =>
        /✗ REFUSED by the venue: \w+/.test(s.split('\n').filter((l) => l.trim() !== '').at(-1) ?? ''),
      );
      expect(refused).not.toMatch(/: sent\b/);
      expect(count(refused, 'Open orders')).toBe(1);
      tty.press('Escape');
      await tty.waitFor('the refusal dismissed', (s) => !s.includes('REFUSED'));
    });

    it(`crosses with a market order: the fill shows in Fills and what it bought in ${pane}`, async () => {
      const { tty } = run;
      tty.type('b');
      await tty.waitFor('the buy ticket', buyTicket);
      tty.type('2');
      await tty.waitFor('preset 2', (t) => /\(preset 2\)/.test(t));
      tty.type('m');
      await tty.waitFor('a market ticket', (s) => new RegExp(`BUY\\s+${escaped(v.symbol)} market`).test(s));
      tty.press('Enter');
      // The crossing order's size, from its row in Fills: a preset of a size (perps, Kraken) is the
      // first order's; one of a value (Coinbase's) sizes at the market as it moves.
      const fillRow = /\d\d:\d\d:\d\d BUY\s+(\d+(?:\.\d+)?)\s+\d+(\.\d+)?\s+\S/;
      qty = fillRow.exec(await tty.waitFor('the fill', (s) => count(s, 'Fills') >= 1 && fillRow.test(s)))![1]!;
      const filled = await tty.waitFor(`the ${pane === 'Positions' ? 'position' : 'holding'}`, booked);
      expect(count(filled, 'Open orders')).toBe(1);
    });

    it('a socket drop from the fault menu: reconnecting → live, with the fills intact', async () => {
      const { tty } = run;
      const fills = count(tty.screen(), 'Fills');
      tty.type('f');
      await tty.waitFor('the faults menu', (s) => s.includes('Faults (SIM)') && s.includes('drop-socket'));
      tty.type('1');
      // The fault's answer first: a slow resync (Kraken's) leaves the message line to later news.
      await tty.waitFor('the fault answered', (s) => /dropped \d+ sockets?/.test(s));
      const back = await tty.waitFor(
        'both sockets live again after a reconnect',
        (s) => /user\s+● live [^↻\n]*↻\d/.test(s) && /market\s+● live [^↻\n]*↻\d/.test(s),
      );
      expect(count(back, 'Fills')).toBe(fills);
      expect(booked(back)).toBe(true);
      expect(count(back, 'Open orders')).toBe(1);
      // The transitions themselves, from the event log view.
      tty.type('l');
      const log = await tty.waitFor('the log view', (s) => s.includes('Log ('));
      const reconnecting = log.search(/user socket reconnecting/);
      const liveAgain = log.lastIndexOf('user socket live');
      expect(reconnecting).toBeGreaterThan(-1);
      expect(liveAgain).toBeGreaterThan(reconnecting);
      tty.type('q');
      await tty.waitFor('the main screen', (s) => s.includes('Rate budget'));
    });

    it('asks before quitting while an order is open, and any key but y stays', async () => {
      const { tty } = run;
      tty.type(':q');
      tty.press('Enter');
      await tty.waitFor('the quit question', (s) => /Quit\? 1 order stays resting/.test(s));
      tty.type('n');
      const stayed = await tty.waitFor('not quitting', (s) => s.includes('not quitting'));
      expect(count(stayed, 'Open orders')).toBe(1);
    });

    it('cancels everything with C y', async () => {
      const { tty } = run;
      tty.type('C');
      await tty.waitFor('the cancel-all question', (s) => s.includes('Cancel ALL 1 open order?'));
      tty.type('y');
      const done = await tty.waitFor('no open orders', (s) => count(s, 'Open orders') === 0);
      expect(done).toMatch(/order \S+ canceled/);
    });

    // Spot: flatten sells back what this session bought, at market (docs/spot.md "Flatten on spot").
    if (v.book.pane === 'Holdings') {
      const { base } = v.book;
      it(':flatten on spot sells back what the session bought, the smaller of the two amounts', async () => {
        const { tty } = run;
        const fills = count(tty.screen(), 'Fills');
        tty.type(':flatten');
        await tty.waitFor(':flatten typed', (s) => s.includes(':flatten'));
        tty.press('Enter');
        const asked = await tty.waitFor('the flatten question', (s) => /Sell [\d.]+ \S+ for \S+ at market/.test(s.replace(/\s*\n\s*/g, ' ')));
        expect(asked.replace(/\s*\n\s*/g, ' ')).toMatch(
          new RegExp(`Sell ${shown(qty)} ${base} for \\S+ at market — what this session bought \\(${shown(qty)} ${base}\\), the smaller \\(:flatten all sells all [\\d.]+ ${base} free`),
        );
        tty.type('y');
        const sold = await tty.waitFor('the sell filled and the holding back where it started', (s) => count(s, 'Fills') === fills + 1 && bookRow(v.book, '0').test(s));
        expect(sold).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d SELL\\s+${shown(qty)}\\s+\\d+(\\.\\d+)?\\s+\\S`));
        expect(sold).toMatch(/session PnL [+-][\d.]+ \S+ · realized [+-]/);
        expect(count(sold, 'Open orders')).toBe(0);
      });
    }

    it('quits with confirmation (Ctrl-C, y) and shuts down cleanly', async () => {
      const { tty } = run;
      // A resting order again, so that quitting asks.
      await placeRestingBuy();
      await tty.waitFor('the order in Open orders', (s) => count(s, 'Open orders') === 1);
      tty.press('C-c');
      // It says what stays: the order, the position (perps; spot has none, and flatten sold what
      // the session bought), and the dead-man armed to cancel it.
      const stays = pane === 'Positions' ? ', \\S+ long [\\d.]+ stays open' : '';
      const deadman = v.deadman ? 'dead-man stays armed: the venue cancels it within' : '';
      const question = new RegExp(`Quit\\? 1 order stays resting${stays}; ${deadman}`);
      await tty.waitFor('the quit question', (s) => question.test(s.replace(/\s*\n\s*/g, ' ')));
      tty.type('y');
      await tty.waitFor('the program exited', (s) => s.includes('QD_EXIT='), 20_000);
      expect(tty.lastScreen).toContain('QD_EXIT=0');
      const log = readFileSync(run.logFile, 'utf8');
      // The exit did what the question said: the dead-man left armed (the venue cancels the
      // resting order when it expires), the sockets closed, the session ended.
      expect(log).toContain(`"venue":"${v.venue}"`);
      // A timer says when; a cancel-on-disconnect (Bybit DCP) counts from the socket's close. A
      // venue with none (Coinbase) never arms one.
      if (v.deadman) {
        expect(log).toMatch(/dead-man left armed: the venue cancels open orders (at |\d+ s after this session's private socket closes)/);
        expect(log).not.toMatch(/"type":"deadman"[^\n]*"armed":false/);
      } else expect(log).not.toMatch(/dead-man left armed/);
      expect(log).toMatch(/"state":"closed","reason":"session ended"/);
      expect(log).toContain('"msg":"session ended"');
      expect(log).toContain('"msg":"first frame"');
      // Start to clean exit, for the report (not asserted: the box is shared and noisy).
      console.info(`cockpit e2e ${v.venue}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    });
  },
);

// A spot session at the keyboard: X and :flatten [session|all] ask how much base to sell back
// (default the smaller, and the question says which), :close N% takes a share of it, a yes places
// one market sell through the guard; leverage, margin, reverse and reduce-only say why they mean
// nothing on spot and ask nothing of the engine.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import { initialUi, type UiState } from '../../../views/controller.js';
import { SPOT_NO_REDUCE } from '../../../views/spot-flatten.js';
import { T0 } from '../../store/fixtures.js';
import { liveSpotSession, spotFill } from '../../store/spot-fixtures.js';
import { accountDown, after as movedOn, contextOf, done, DOWN, NOW, press } from './keys.js';

const line = (command: string): UiState => ({ ...initialUi, mode: 'command', command });
/** The session bought 0.5 BTC; the account holds 1.5 (0.2 locked by a resting sell). */
const bought: EngineEvent[] = [...liveSpotSession(), { type: 'fill', at: T0 + 2000, fill: spotFill(1) }];
const ctx = contextOf(bought);
const SELL = { symbol: 'BTC/USD', side: 'sell', type: 'market', reduceOnly: false, postOnly: false } as const;

describe('flatten on spot', () => {
  it('X asks to sell what the session bought when that is the smaller, and names the other amount', () => {
    const out = press(ctx, initialUi, 'X');
    expect(out.effects).toEqual([]);
    expect(out.ui.mode).toBe('confirm');
    expect(out.ui.confirm?.kind).toBe('spot-sell');
    expect(out.ui.confirm?.text).toBe(
      'Sell 0.50000000 BTC for USD at market — what this session bought (0.5 BTC), the smaller (:flatten all sells all 1.3 BTC free; 0.2 BTC locked by resting orders stays)?',
    );
  });

  it('a yes places one market sell of that amount, not reduce-only, and follows it (the guard may still ask)', () => {
    const out = press(ctx, initialUi, 'X', 'y');
    const ticket = { ...SELL, qty: '0.5' };
    expect(out.ui.message).toEqual({
      text: 'sending SELL 0.50000000 BTC BTC/USD at market…',
      level: 'info',
      at: NOW,
    });
    expect(done(out)).toEqual([
      {
        label: 'SELL 0.50000000 BTC BTC/USD at market',
        follow: '',
        ticket,
        calls: [{ name: 'place', args: [ticket] }],
      },
    ]);
  });

  it('a no sends nothing', () => {
    const out = press(ctx, initialUi, 'X', 'n');
    expect(out.effects).toEqual([]);
    expect(out.ui.message?.text).toBe('cancelled — nothing was sent');
  });

  it(':flatten all sells all that is free; :flatten session what the session bought', () => {
    const all = press(ctx, line('flatten all'), 'enter');
    expect(all.ui.confirm?.text).toBe(
      'Sell 1.30000000 BTC for USD at market — all 1.3 BTC free (:flatten session sells what this session bought (0.5 BTC); 0.2 BTC locked by resting orders stays)?',
    );
    expect(done(press(ctx, line('flatten all'), 'enter', 'y'))[0]).toMatchObject({
      ticket: { ...SELL, qty: '1.3' },
    });
    expect(press(ctx, line('flat session'), 'enter').ui.confirm?.text).toMatch(
      /^Sell 0\.50000000 BTC for USD at market — what this session bought \(0\.5 BTC\) \(:flatten all/,
    );
  });

  it('when the account holds less free than the session bought, the default is all that is free', () => {
    const locked = movedOn(ctx, {
      type: 'balances',
      at: T0 + 3000,
      snapshot: false,
      balances: [{ asset: 'BTC', wallet: '1.5', available: '0.3', updatedAt: T0 + 3000 }],
    });
    expect(press(locked, initialUi, 'X').ui.confirm?.text).toMatch(
      /^Sell 0\.30000000 BTC for USD at market — all 0\.3 BTC free, the smaller \(:flatten session sells what this session bought \(0\.3 BTC\); 1\.2 BTC locked/,
    );
  });

  it(':close N% takes that share of the amount, rounded down to the step', () => {
    expect(press(ctx, line('close 50%'), 'enter').ui.confirm?.text).toMatch(
      /^Sell 0\.25000000 BTC for USD at market — 50 % of what this session bought \(0\.5 BTC\), the smaller \(:close 50% all sells all 1\.3 BTC free/,
    );
    expect(done(press(ctx, line('close 50% all'), 'enter', 'y'))[0]).toMatchObject({
      ticket: { ...SELL, qty: '0.65' },
    });
    expect(press(ctx, line('close 50% most'), 'enter').ui.message?.text).toMatch(
      /^'most' is neither session nor all — :close PERCENT \[session\|all\]/,
    );
  });

  it('says why nothing is asked: nothing bought, an amount under the minimum, a bad word, the account down', () => {
    const fresh = contextOf(liveSpotSession());
    expect(press(fresh, initialUi, 'X')).toEqual({
      ui: {
        ...initialUi,
        message: {
          text: 'flatten: nothing to sell — the session holds no BTC it bought (1.3 BTC free from before) — :flatten all sells all that is free',
          level: 'warn',
          at: NOW,
        },
      },
      effects: [],
    });
    const dust = contextOf([
      ...liveSpotSession(),
      { type: 'fill', at: T0 + 2000, fill: spotFill(1, { qty: '0.00005', fee: '0' }) },
    ]);
    expect(press(dust, initialUi, 'X').ui.message?.text).toBe(
      "flatten: not sent — 0.00005 BTC is under BTC/USD's minimum of 0.0001 (step 0.00000001)",
    );
    expect(press(ctx, line('flatten most'), 'enter').ui.message?.text).toMatch(/^:flatten \[session\|all\]/);
    const down = press(movedOn(ctx, accountDown), initialUi, 'X');
    expect(down.effects).toEqual([]);
    expect(down.ui.message?.text).toBe(`X: refused, ${DOWN}`);
  });
});

describe('what means nothing on spot', () => {
  it(':lev, :margin and :reverse say why and ask the engine nothing', () => {
    for (const [command, text] of [
      ['lev 5', 'BTC/USD is spot: no leverage — an order spends what the account holds'],
      ['lev', 'BTC/USD is spot: no leverage — an order spends what the account holds'],
      ['margin isolated', 'BTC/USD is spot: no margin mode — nothing is borrowed'],
      ['reverse', 'spot cannot go short: nothing to reverse — :flatten sells the base back'],
    ] as const) {
      const out = press(ctx, line(command), 'enter');
      expect(out.effects).toEqual([]);
      expect(out.ui.message).toEqual({ text, level: 'warn', at: NOW });
    }
  });

  it(':stop, :tp and :bracket are sized to a position: on spot there is none, and nothing is asked', () => {
    for (const command of ['stop 50000', 'tp 70000', 'bracket 50000 70000']) {
      const out = press(ctx, line(command), 'enter');
      expect(out.effects).toEqual([]);
      expect(out.ui.message?.level).toBe('warn');
      expect(out.ui.message?.text).toMatch(/position/);
    }
  });

  it('the ticket refuses reduce-only, and judges a sell by the base that is free, a buy by the quote', () => {
    const t = press(ctx, initialUi, 's', 'r');
    expect(t.ui.ticket?.reduceOnly).toBe(false);
    expect(t.ui.ticket?.error).toBe(SPOT_NO_REDUCE);
    const big = press(ctx, line('sell 2 mkt'), 'enter', 'enter');
    expect(big.effects).toEqual([]);
    expect(big.ui.ticket?.error).toBe('sells 2.00000000 BTC, 1.3 BTC free (0.7 short)');
    const buy = press(ctx, line('buy 0.2 mkt'), 'enter', 'enter');
    expect(buy.ui.ticket?.error).toBe('needs 12800.20 USD, 10000.00 free (2800.20 short)');
    expect(done(press(ctx, line('sell 1 mkt'), 'enter', 'enter'))[0]).toMatchObject({
      calls: [{ name: 'place', args: [{ ...SELL, qty: '1' }] }],
    });
  });
});

// `:stop`, `:tp` and `:bracket` typed on the command line, word for word: what the message line says
// while the order is placed, and each refusal's whole sentence (a warning, nothing asked).
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import { initialUi, type UiState } from '../../../views/controller.js';
import { liveSession, position, T0 } from '../../store/fixtures.js';
import { accountDown, after, contextOf, DOWN, done, NOW, press } from './keys.js';

const long: EngineEvent = { type: 'positions', at: T0, snapshot: true, positions: [position({ qty: '0.010', markPrice: '64000.0' })] };
const ctx = contextOf([...liveSession(), long]);
const line = (command: string): UiState => ({ ...initialUi, mode: 'command', command });
const said = (text: string, level = 'info') => ({ ...initialUi, message: { text, level, at: NOW } });
const refused = (text: string) => ({ ui: said(text, 'warn'), effects: [] });

describe(':stop, :tp, :bracket: what the line says', () => {
  it('placing, named as the order is', () => {
    expect(press(ctx, line('stop 60800'), 'enter').ui).toEqual(said('placing stop at 60800…'));
    expect(press(ctx, line('tp 67000 all'), 'enter').ui).toEqual(said('placing take-profit at 67000 for the whole position…'));
    const bracket = press(ctx, line('bracket 60800 67000'), 'enter');
    expect(bracket.ui).toEqual(said('placing bracket 60800 / 67000…'));
    expect(done(bracket)).toEqual([{ label: 'bracket 60800 / 67000', follow: '', calls: [{ name: 'bracket', args: ['60800', '67000'] }] }]);
  });
});

describe(':stop, :tp, :bracket: refusals, whole sentences', () => {
  const stopUsage = ':stop PRICE [all], e.g. :stop 61500 or :stop 61500 all';
  const tpUsage = ':tp PRICE [all], e.g. :tp 61500 or :tp 61500 all';
  const bracketUsage = ':bracket STOP TARGET, e.g. :bracket 61500 66000';

  it('the words', () => {
    expect(press(ctx, line('tp'), 'enter')).toEqual(refused(`one trigger price, then 'all' or nothing — ${tpUsage}`));
    expect(press(ctx, line('stop x1'), 'enter')).toEqual(refused(`trigger 'x1' is not a number — ${stopUsage}`));
    expect(press(ctx, line('bracket 60800 67000 1'), 'enter')).toEqual(refused(`a stop and a target — ${bracketUsage}`));
    expect(press(ctx, line('bracket abc 67000'), 'enter')).toEqual(refused(`'abc' is not a number — ${bracketUsage}`));
    expect(press(ctx, line('bracket 60800 xyz'), 'enter')).toEqual(refused(`'xyz' is not a number — ${bracketUsage}`));
  });

  it("a bracket's target on the wrong side is refused even when its stop is fine", () => {
    expect(press(ctx, line('bracket 60800 63000'), 'enter')).toEqual(
      refused("a long's take-profit sits above the mark 64000.0: 63000 would trigger at once"),
    );
  });

  it('with the account down, saying why', () => {
    const down = after(ctx, accountDown);
    expect(press(down, line('stop 60800'), 'enter')).toEqual(refused(`:stop: refused, ${DOWN}`));
    expect(press(down, line('tp 67000'), 'enter')).toEqual(refused(`:tp: refused, ${DOWN}`));
    expect(press(down, line('bracket 60800 67000'), 'enter')).toEqual(refused(`:bracket: refused, ${DOWN}`));
  });

  it("the tick is the session instrument's, and only when it is the session symbol's", () => {
    expect(press(ctx, line('stop 60800.05'), 'enter')).toEqual(refused('trigger 60800.05 is not on the 0.10 tick'));
    const noInstrument = contextOf([...liveSession().map((e) => (e.type === 'session' ? { ...e, instrument: undefined } : e)), long]);
    expect(done(press(noInstrument, line('stop 60800.05'), 'enter'))[0]).toMatchObject({ calls: [{ name: 'protect', args: ['stop', '60800.05'] }] });
    // An instrument still of the symbol before (a switch under way) does not lend its tick.
    const other = contextOf([
      ...liveSession().map((e) => (e.type === 'session' && e.instrument !== undefined ? { ...e, instrument: { ...e.instrument, symbol: 'ETHUSDT', tickSize: '1' } } : e)),
      long,
    ]);
    expect(done(press(other, line('stop 60800.05'), 'enter'))[0]).toMatchObject({ calls: [{ name: 'protect', args: ['stop', '60800.05'] }] });
  });
});

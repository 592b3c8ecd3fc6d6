// Fast exits from the command line: `:close PERCENT` and `:reverse` ask first (like X), show the
// size from the position on screen, and a yes calls the engine, which sizes from the venue.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import { initialUi } from '../../../views/controller.js';
import { liveSession, position, T0 } from '../../store/fixtures.js';
import { accountDown, after, contextOf, done, press } from './keys.js';

const holding = (qty: string): EngineEvent[] => [
  ...liveSession(),
  { type: 'positions', at: T0, snapshot: true, positions: [position({ qty })] },
];
const typeIn = (events: EngineEvent[], command: string) => {
  const ctx = contextOf(events);
  return { ctx, out: press(ctx, initialUi, ':', ...command.split(''), 'enter') };
};

describe(':close PERCENT', () => {
  it('asks with the side and size from the position, and y closes that percent', () => {
    const { ctx, out } = typeIn(holding('0.010'), 'close 50%');
    expect(out.ui.mode).toBe('confirm');
    expect(out.ui.confirm).toEqual({ kind: 'close', percent: '50', text: 'Close 50 % of BTCUSDT: SELL 0.005 BTC at market, reduce-only?' });
    expect(out.effects).toEqual([]);
    const yes = press(ctx, out.ui, 'y');
    expect(done(yes)).toEqual([{ label: 'Close 50 % of BTCUSDT: SELL 0.005 BTC at market, reduce-only', follow: '', calls: [{ name: 'closePart', args: ['50'] }] }]);
  });

  it('a short is closed by buying; the share is rounded down to the step; a bare number is a percent', () => {
    const { out } = typeIn(holding('-0.007'), 'close 25');
    expect(out.ui.confirm?.text).toBe('Close 25 % of BTCUSDT: BUY 0.001 BTC at market, reduce-only?');
  });

  it('n sends nothing', () => {
    const { ctx, out } = typeIn(holding('0.010'), 'close 100%');
    const no = press(ctx, out.ui, 'n');
    expect(no.effects).toEqual([]);
    expect(no.ui.message?.text).toBe('cancelled — nothing was sent');
  });

  it.each([
    ['close', 'how much? — :close PERCENT'],
    ['close 0%', "'0%' is not a percent above 0 and at most 100"],
    ['close 150%', "'150%' is not a percent above 0 and at most 100"],
    ['close half', "'half' is not a percent"],
    ['close 50 50', 'how much? — :close PERCENT'],
  ])(':%s is refused with a reason, nothing asked', (command, why) => {
    const { out } = typeIn(holding('0.010'), command);
    expect(out.ui.mode).toBe('main');
    expect(out.ui.message).toMatchObject({ level: 'warn' });
    expect(out.ui.message?.text).toContain(why);
    expect(out.effects).toEqual([]);
  });

  it('with no position, a share below one step, or the account down: says why, asks nothing', () => {
    expect(typeIn(liveSession(), 'close 50%').out.ui.message?.text).toBe('no BTCUSDT position to close');
    expect(typeIn(holding('0.001'), 'close 25%').out.ui.message?.text).toBe('25 % of the position is less than one size step — :close 100% closes it all');
    const ctx = after(contextOf(holding('0.010')), accountDown);
    const out = press(ctx, initialUi, ':', ...'close 50%'.split(''), 'enter');
    expect(out.ui.mode).toBe('main');
    expect(out.ui.message?.text).toMatch(/^:close: refused, /);
  });
});

describe(':reverse', () => {
  it('asks with twice the position the other way, and y reverses', () => {
    const { ctx, out } = typeIn(holding('0.010'), 'reverse');
    expect(out.ui.confirm).toEqual({ kind: 'reverse', text: 'Reverse BTCUSDT (long 0.010 BTC): close, then SELL 0.010 BTC once flat, at market?' });
    expect(done(press(ctx, out.ui, 'y'))).toEqual([
      { label: 'Reverse BTCUSDT (long 0.010 BTC): close, then SELL 0.010 BTC once flat, at market', follow: '', calls: [{ name: 'reverse', args: [] }] },
    ]);
  });

  it('a short is reversed by buying; no position or values: refused', () => {
    expect(typeIn(holding('-0.004'), 'reverse').out.ui.confirm?.text).toBe('Reverse BTCUSDT (short 0.004 BTC): close, then BUY 0.004 BTC once flat, at market?');
    expect(typeIn(liveSession(), 'reverse').out.ui.message?.text).toBe('no BTCUSDT position to reverse');
    expect(typeIn(holding('0.010'), 'reverse now').out.ui.message?.text).toBe(":reverse takes no values (got 'now')");
  });
});

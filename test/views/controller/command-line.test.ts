// The command line (`:`): typing, Tab completion, Esc, and Enter running a command through the
// same key bindings (so the same guards and questions apply).
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import { initialUi, type UiState } from '../../../views/controller.js';
import { liveSession, T0 } from '../../store/fixtures.js';
import { contextOf, done, NOW, press, withOrders } from './keys.js';

const ctx = contextOf(withOrders());
const line = (command: string): UiState => ({ ...initialUi, mode: 'command', command });

describe('typing a command', () => {
  it(': opens an empty command line and clears the message line', () => {
    const said: UiState = { ...initialUi, command: 'stale', message: { text: 'x', level: 'info', at: T0 } };
    expect(press(ctx, said, ':')).toEqual({ ui: line(''), effects: [] });
  });

  it('any printable character types, Backspace erases, each clearing the message line', () => {
    const said = (ui: UiState): UiState => ({ ...ui, message: { text: 'x', level: 'warn', at: T0 } });
    expect(press(ctx, said(line('')), 'c', 'X', ' ', '?', 'q', 'j')).toEqual({ ui: line('cX ?qj'), effects: [] });
    expect(press(ctx, said(line('cab')), 'backspace')).toEqual({ ui: line('ca'), effects: [] });
    expect(press(ctx, line(''), 'backspace').ui).toEqual(line(''));
  });

  it('holds at most 40 characters', () => {
    const typed = press(ctx, line(''), ...'x'.repeat(45).split('')).ui;
    expect(typed.command).toBe('x'.repeat(40));
  });

  it('Esc drops what was typed and goes back', () => {
    expect(press(ctx, line('cancel'), 'escape')).toEqual({ ui: initialUi, effects: [] });
  });
});

describe('Tab completes a command name', () => {
  it('to the one command that starts with the typed letters', () => {
    expect(press(ctx, line('qu'), 'tab')).toEqual({ ui: line('quit '), effects: [] });
  });

  it('as far as several agree, listing them', () => {
    expect(press(ctx, line('ca'), 'tab')).toEqual({
      ui: { ...line('cancel'), message: { text: ':cancel  :cancelall', level: 'info', at: NOW } },
      effects: [],
    });
    expect(press(ctx, line('f'), 'tab').ui.message?.text).toBe(':flatten  :fan  :faults');
  });

  it('to nothing, saying where the commands are listed', () => {
    expect(press(ctx, line('zz'), 'tab')).toEqual({
      ui: { ...line('zz'), message: { text: "no command starts with 'zz' — :help lists them", level: 'warn', at: NOW } },
      effects: [],
    });
  });
});

describe('Enter runs the command', () => {
  it('an empty line just closes', () => {
    expect(press(ctx, line('  '), 'enter')).toEqual({ ui: initialUi, effects: [] });
  });

  it('a command a key also does goes through that key: :cancelall asks like C', () => {
    expect(press(ctx, line('cancelall'), 'enter')).toEqual(press(ctx, initialUi, 'C'));
    expect(press(ctx, line('ca'), 'enter').ui.confirm?.kind).toBe('cancel-all');
    expect(press(ctx, line('log'), 'enter').ui.mode).toBe('log');
    expect(press(ctx, line('help'), 'enter').ui.mode).toBe('help');
    expect(press(ctx, line('buy'), 'enter').ui.ticket?.side).toBe('buy');
    expect(press(ctx, line('sell 0.002'), 'enter').ui.ticket).toMatchObject({ side: 'sell', qty: '0.002' });
  });

  it(':cancel ID cancels that order like c on its row', () => {
    const out = press(ctx, line('cancel old'), 'enter');
    expect(out.ui.message?.text).toBe('cancelling BUY 0.010 BTC BTCUSDT @ 64200.0 (qd-old)…');
    expect(done(out)).toEqual([expect.objectContaining({ calls: [{ name: 'cancel', args: ['qd-old'] }] })]);
  });

  it('SIM commands meet the SIM guard outside SIM', () => {
    const testnet = liveSession().map((e): EngineEvent => (e.type === 'session' ? { ...e, env: 'testnet' } : e));
    const out = press(contextOf(testnet), line('faults'), 'enter');
    expect(out).toEqual({
      ui: { ...initialUi, message: { text: 'f: SIM only (this session trades against testnet)', level: 'warn', at: NOW } },
      effects: [],
    });
  });

  it(':q quits at once with nothing open, asks with orders open', () => {
    expect(done(press(contextOf(liveSession()), line('q'), 'enter'))).toEqual([{ quit: { deadman: 'disarm' } }]);
    expect(press(ctx, line('q'), 'enter').ui.confirm?.kind).toBe('quit');
  });

  it('an unknown command says so and suggests the nearest', () => {
    const out = press(ctx, line('w'), 'enter');
    expect(out.effects).toEqual([]);
    expect(out.ui.mode).toBe('main');
    expect(out.ui.message?.text).toMatch(/^no command ':w' — did you mean :/);
  });
});

// A ticket sent to a group in the cockpit: `:fan desk` makes the ticket say where it goes, Enter
// asks ONE question listing every account with its own size (and the skipped one with its reason),
// y hands the group to the desk's actions, and their answer is shown per account. The group's
// close asks once too, listing what each account would do. Fixture stores, the real cockpit.
import { afterEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/core/types.js';
import type { EngineEvent } from '../../src/engine/events.js';
import type { CockpitActions, OrderTicket } from '../../src/store/actions.js';
import type { Desk, DeskActions, GroupOutcome } from '../../src/store/desk.js';
import { createQuantStore, dispatchEvents } from '../../src/store/store.js';
import { BTC, balance, liveSession, order, position, T0 } from '../store/fixtures.js';
import { KEY, type Mounted, mount, RecordingActions } from './harness.js';

const OKX_SWAP: Instrument = { ...BTC, symbol: 'BTC-USDT-SWAP', stepSize: '1', minQty: '1', minNotional: '0', contractSize: '0.01', qtyPrecision: 0 };
const ETH: Instrument = { ...BTC, symbol: 'ETHUSDT', base: 'ETH' };

/** A live session on another instrument, with its own ticker. */
function sessionOn(instrument: Instrument, venue: string): EngineEvent[] {
  return liveSession().map((e) => {
    if (e.type === 'session') return { ...e, venue, symbol: instrument.symbol, instrument };
    if (e.type === 'ticker') return { ...e, symbol: instrument.symbol };
    return e;
  });
}

class RecordingDesk implements DeskActions {
  readonly calls: Array<{ name: string; args: unknown[] }> = [];
  answer: GroupOutcome[] = [];
  #record(name: string, args: unknown[]): Promise<GroupOutcome[]> {
    this.calls.push({ name, args });
    return Promise.resolve(this.answer);
  }
  fanOut(accounts: readonly string[], ticket: OrderTicket, lead?: string) {
    return this.#record('fanOut', [accounts, ticket, lead]);
  }
  cancelAll(accounts: readonly string[]) {
    return this.#record('cancelAll', [accounts]);
  }
  flatten(accounts: readonly string[]) {
    return this.#record('flatten', [accounts]);
  }
  closePart(accounts: readonly string[], percent: string) {
    return this.#record('closePart', [accounts, percent]);
  }
}

function desk(group: RecordingDesk): { desk: Desk; lead: ReturnType<typeof createQuantStore> } {
  const account = (name: string, events: EngineEvent[], sizing?: Desk['accounts'][number]['sizing']) => ({
    name,
    venue: 'sim',
    env: 'sim' as const,
    store: createQuantStore({ initialEvents: events }),
    actions: new RecordingActions(true) as CockpitActions,
    ...(sizing === undefined ? {} : { sizing }),
  });
  const withPosition = (events: EngineEvent[], symbol: string, qty: string): EngineEvent[] => [
    ...events,
    { type: 'positions', at: T0, snapshot: true, positions: [position({ symbol, qty })] },
  ];
  const accounts = [
    account('alpha', withPosition(liveSession(), 'BTCUSDT', '0.010')),
    account('beta', [...liveSession(), { type: 'balances', at: T0, snapshot: true, balances: [balance()] }], { multiplier: '2' }),
    account('gamma', withPosition(sessionOn(OKX_SWAP, 'okx'), 'BTC-USDT-SWAP', '-7')),
    account('delta', sessionOn(ETH, 'binance-usdm')),
  ];
  return { desk: { accounts, groups: { desk: accounts.map((a) => a.name) }, actions: group }, lead: accounts[0]!.store };
}

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

const bottom = (mm: Mounted, n = 4) => mm.lines().slice(-n).join(' ').replace(/\s+/g, ' ');
const typed = (text: string) => [':', ...text.split(''), KEY.enter];

describe('a ticket sent to a group', () => {
  it('says where it goes, asks once listing each account and its size, and shows each account\'s answer', async () => {
    const group = new RecordingDesk();
    const { desk: d, lead } = desk(group);
    m = await mount([], { store: lead, desk: d, columns: 240, rows: 40 });
    await m.press(...typed('fan desk'));
    expect(bottom(m, 1)).toContain('tickets go to group desk (alpha, beta, gamma, delta)');
    await m.press(...typed('buy 0.05 64000'));
    expect(m.screen()).toContain('→ group desk (4): alpha, beta, gamma, delta');
    await m.press(KEY.enter);
    const question = bottom(m);
    expect(question).toContain('Fan-out BUY 0.050 BTC BTCUSDT @ 64000.0 to desk:');
    expect(question).toContain('alpha 0.050 BTC · beta 0.100 BTC · gamma 5 contracts · delta skipped');
    expect(question).toContain('delta skipped: it trades ETH, the ticket BTC');
    expect(question).toContain('send to 3 accounts?');
    expect(group.calls).toHaveLength(0);

    group.answer = [
      { account: 'alpha', status: 'sent', message: 'buy 0.05 BTCUSDT sent (qd-a1)', clientOrderId: 'qd-a1', qty: '0.05' },
      { account: 'beta', status: 'sent', message: 'buy 0.1 BTCUSDT sent (qd-b1)', clientOrderId: 'qd-b1', qty: '0.1' },
      { account: 'gamma', status: 'failed', message: 'venue unreachable' },
      { account: 'delta', status: 'skipped', message: 'skipped: it trades ETH, the ticket BTC' },
    ];
    await m.press('y');
    expect(group.calls).toEqual([
      { name: 'fanOut', args: [['alpha', 'beta', 'gamma', 'delta'], { symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.05', price: '64000', reduceOnly: false, postOnly: false }, 'alpha'] },
    ]);
    // Partial success is read in full: it stays, every account on it.
    const answer = bottom(m, 2);
    expect(answer).toContain(
      'fan-out BUY to desk: 2/4 sent — gamma ✗ FAILED: venue unreachable · delta – skipped, it trades ETH, the ticket BTC · alpha ✓ 0.05 (qd-a1) · beta ✓ 0.1 (qd-b1)',
    );
    await m.tickTo(T0 + 120_000);
    expect(bottom(m, 1)).toContain('gamma ✗ FAILED');
    // The line follows each sent order in its own account's store: a venue's refusal after the
    // send reads as that account's failure; a fill as a fill.
    dispatchEvents(d.accounts[1]!.store, [{ type: 'order', at: T0 + 121_000, order: order({ clientOrderId: 'qd-b1', qty: '0.1', state: 'rejected', reason: '-4024 Limit price too low' }) }]);
    dispatchEvents(d.accounts[0]!.store, [{ type: 'order', at: T0 + 121_000, order: order({ clientOrderId: 'qd-a1', qty: '0.05', filledQty: '0.05', state: 'filled' }) }]);
    await m.tickTo(T0 + 122_000);
    expect(bottom(m, 2)).toContain(
      'fan-out BUY to desk: 2/4 sent, 1 refused by the venue — beta ✗ REFUSED by the venue: -4024 Limit price too low · gamma ✗ FAILED: venue unreachable · delta – skipped, it trades ETH, the ticket BTC · alpha ✓ 0.05 filled',
    );
  });

  it('a no sends nothing; :fan off sends to the selected account alone', async () => {
    const group = new RecordingDesk();
    const { desk: d, lead } = desk(group);
    m = await mount([], { store: lead, desk: d, columns: 160, rows: 40 });
    await m.press(...typed('fan desk'), 'b', KEY.enter, 'n');
    expect(group.calls).toHaveLength(0);
    expect(bottom(m, 1)).toContain('nothing was sent');
    await m.press(...typed('fan off'), 'b');
    expect(m.screen()).not.toContain('→ group');
    await m.press(KEY.enter);
    expect(group.calls).toHaveLength(0);
    // The selected account's own actions place it.
    expect((d.accounts[0]!.actions as RecordingActions).calls.map((c) => c.name)).toEqual(['place']);
  });

  it('a group close asks once, listing what each account would close', async () => {
    const group = new RecordingDesk();
    const { desk: d, lead } = desk(group);
    m = await mount([], { store: lead, desk: d, columns: 160, rows: 40 });
    await m.press(...typed('group desk close 50%'));
    const question = bottom(m);
    expect(question).toContain('Close 50 % on desk (4 accounts): alpha SELL 0.005 BTC · beta flat · gamma BUY 3 contracts · delta flat');
    group.answer = d.accounts.map((a) => ({ account: a.name, status: 'sent' as const, message: 'done' }));
    await m.press('y');
    expect(group.calls).toEqual([{ name: 'closePart', args: [['alpha', 'beta', 'gamma', 'delta'], '50'] }]);
    expect(bottom(m, 1)).toContain('close 50 % on desk: 4/4 sent');
  });
});

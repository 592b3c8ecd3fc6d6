// A desk's account selection, key by key: `a`/`A` cycle it, `:acct NAME` picks one (Tab completes
// the names, an unknown one is answered with the closest), and a single session says there is
// nothing to switch to. The App shows the selected account's store (test/views/desk.test.tsx).
import { describe, expect, it } from 'vitest';
import { initialUi, type KeyContext, type UiState } from '../../../views/controller.js';
import { selectedAccount } from '../../../views/accounts.js';
import { contextOf, NOW, press, withOrders } from './keys.js';

const desk: KeyContext = { ...contextOf(withOrders()), accounts: ['alpha', 'beta', 'gamma'] };
const single = contextOf(withOrders());
const line = (command: string): UiState => ({ ...initialUi, mode: 'command', command });
const shown = (ui: UiState) => selectedAccount(ui, desk.accounts!);

describe('a and A cycle the selected account', () => {
  it('starts on the first account and a moves forward, wrapping around', () => {
    expect(shown(initialUi)).toBe('alpha');
    const names = ['a', 'a', 'a', 'a'].map((_, i) => shown(press(desk, initialUi, ...'a'.repeat(i + 1).split('')).ui));
    expect(names).toEqual(['beta', 'gamma', 'alpha', 'beta']);
  });

  it('A moves backward, wrapping around', () => {
    expect(shown(press(desk, initialUi, 'A').ui)).toBe('gamma');
    expect(shown(press(desk, initialUi, 'A', 'A').ui)).toBe('beta');
    expect(shown(press(desk, initialUi, 'a', 'A').ui)).toBe('alpha');
  });

  it('says which account is shown, and sends nothing', () => {
    const out = press(desk, initialUi, 'a');
    expect(out.effects).toEqual([]);
    expect(out.ui.message).toEqual({ text: 'account beta (2/3): every pane shows it', level: 'info', at: NOW });
  });

  it("drops the selected order and the scrolled rows: one account's order id never selects another's row", () => {
    const deep: UiState = { ...initialUi, focus: 'fills', selectedOrder: 'qd-old', scroll: { fills: 3, positions: 2, log: 4, help: 1 } };
    const ui = press(desk, deep, 'a').ui;
    expect(ui.selectedOrder).toBeNull();
    expect(ui.scroll).toEqual({ fills: 0, positions: 0, log: 4, help: 1 });
    expect(ui.focus).toBe('fills');
  });

  it('a single session has nothing to switch to, and says so', () => {
    const out = press(single, initialUi, 'a');
    expect(out.ui.account).toBeUndefined();
    expect(out.ui.message?.text).toMatch(/^one account in this session/);
    expect(press(single, initialUi, 'A').ui.account).toBeUndefined();
  });
});

describe(':acct NAME', () => {
  it('selects that account, whatever the case typed', () => {
    expect(shown(press(desk, line('acct gamma'), 'enter').ui)).toBe('gamma');
    expect(shown(press(desk, line('account BETA'), 'enter').ui)).toBe('beta');
    expect(press(desk, line('acct gamma'), 'enter').ui.mode).toBe('main');
  });

  it('an unknown name changes nothing and names the closest', () => {
    const out = press(desk, { ...line('acct btea'), account: 'gamma' }, 'enter');
    expect(shown(out.ui)).toBe('gamma');
    expect(out.ui.message).toMatchObject({ level: 'warn', text: "no account 'btea' on this desk — did you mean beta?" });
    const far = press(desk, line('acct zzzzzzzz'), 'enter').ui.message?.text;
    expect(far).toBe("no account 'zzzzzzzz' on this desk — the accounts are alpha, beta, gamma");
  });

  it('without a name lists the accounts and the one shown', () => {
    const out = press(desk, { ...line('acct'), account: 'beta' }, 'enter');
    expect(out.ui.message?.text).toBe(":acct NAME — showing beta; the desk's accounts: alpha, beta, gamma");
  });

  it('on a single session says there is one account', () => {
    expect(press(single, line('acct alpha'), 'enter').ui.message?.text).toMatch(/^one account in this session/);
  });

  it('Tab completes the account name', () => {
    expect(press(desk, line('acct g'), 'tab').ui.command).toBe('acct gamma');
    expect(press(desk, line('acct B'), 'tab').ui.command).toBe('acct beta');
    const two: KeyContext = { ...desk, accounts: ['alpha', 'alps', 'beta'] };
    const out = press(two, line('acct a'), 'tab').ui;
    expect(out.command).toBe('acct alp');
    expect(out.message?.text).toBe('alpha  alps');
    expect(press(desk, line('acct x'), 'tab').ui.message?.text).toBe("no account starts with 'x' — the desk's: alpha, beta, gamma");
  });
});

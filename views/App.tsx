/**
 * The cockpit: lays the panes out for the terminal size, feeds keys to the controller and runs
 * what it asks (engine actions, quit). Each pane subscribes to its own slice of the store, so a
 * fill re-renders Fills and the event line, not the whole screen.
 */
import { errorMessage } from '../src/core/error-message.js';
import { Box, type Key, Text, useApp, useInput } from 'ink';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { selectIsSim, selectMarketProblem, selectProtectiveCount, selectSession, selectUnprotected } from '../src/store/selectors.js';
import { selectIsSpot } from '../src/store/spot-selectors.js';
import type { QuantState } from '../src/store/state.js';
import { BottomBar, confirmRows } from './bars/BottomBar.js';
import { TicketBar } from './bars/TicketBar.js';
import { selectedAccount } from './accounts.js';
import { type CockpitEnv, CockpitProvider, useCockpit, useQuant, useTerminalSize } from './context.js';
import type { QuitPlan } from '../src/store/actions.js';
import { type Effect, handleKey, initialUi, type UiState } from './controller.js';
import { deskKeyContext, fanTarget, runGroup } from './fan-out.js';
import { ticketContextOf } from './ticket-context.js';
import { keyNames } from './keymap.js';
import { computeLayout, MIN_COLUMNS, MIN_ROWS } from './layout.js';
import { Faults } from './overlays/Faults.js';
import { Help } from './overlays/Help.js';
import { LogView } from './overlays/LogView.js';
import { Brief } from './panes/Brief.js';
import { Budget } from './panes/Budget.js';
import { Clock } from './panes/Clock.js';
import { Connection } from './panes/Connection.js';
import { AlertLines, selectAlertCount } from './panes/Alerts.js';
import { EventLine, LogTail } from './panes/Events.js';
import { Fills } from './panes/Fills.js';
import { Header } from './panes/Header.js';
import { Orders } from './panes/Orders.js';
import { Overview } from './panes/Overview.js';
import { Holdings } from './panes/Holdings.js';
import { Positions } from './panes/Positions.js';
import { Protection, protectionLines } from './panes/Protection.js';
import { Ticker } from './panes/Ticker.js';
import { focusShown, selectedSymbol } from './selection.js';
import { SymbolPicker } from './overlays/SymbolPicker.js';
import { ProposalOrders, Signals } from './panes/Signals.js';
import { checkTicket, liveTicket, type TicketDraft, ticketNotes } from './ticket.js';
import { Rule } from './widgets/Rule.js';

const selectSocketCount = (s: QuantState) => Object.keys(s.sockets).length;
const selectPoolCount = (s: QuantState) => s.budget?.pools.length ?? 0;

export interface AppProps {
  /** Called once when the user quits (after any confirmation), with what the exit must do. */
  onQuit?: (plan: QuitPlan) => void;
}

/**
 * The ticket as it stands now (an untouched price follows the book, a preset size follows the
 * instrument's minimums) with its live verdict and notes, re-derived whenever the store moves.
 */
function Ticket({ ticket, width, fan }: { ticket: TicketDraft; width: number; fan: string | undefined }) {
  const { options } = useCockpit();
  // The whole state: book, rules, balance and position all move the ticket (3 short lines).
  const state = useQuant((s) => s);
  const ctx = ticketContextOf(state, options.defaultLeverage ?? '1', options.sizePresets);
  const live = liveTicket(ticket, ctx);
  const verdict = checkTicket(live, ctx);
  const notes = ticketNotes(live, ctx);
  const session = state.session;
  return (
    <TicketBar
      ticket={live}
      width={width}
      symbol={session?.symbol ?? "?"}
      verdict={verdict}
      notes={notes}
      {...(fan === undefined ? {} : { fan })}
      {...(session?.instrument === undefined ? {} : { instrument: session.instrument })}
    />
  );
}

/** The market pane's symbol: the selected row's, saying so when the ticket trades another. */
function MarketHead({ width, symbol }: { width: number; symbol: string | undefined }) {
  const session = useQuant(selectSession);
  const problem = useQuant(selectMarketProblem);
  const row = symbol !== undefined && symbol !== session?.symbol;
  const title = row ? `Market ${symbol} (row; ticket ${session?.symbol ?? '?'})` : `Market ${session?.symbol ?? ''}`;
  return <Rule title={title} width={width} stale={problem} />;
}

/**
 * What the panes see for a UI state: on a desk, the selected account's store and actions in
 * place of the env's (every pane follows without knowing about desks); a single session's as is.
 */
function viewOf(env: CockpitEnv, ui: Pick<UiState, 'account'>, names: readonly string[]): CockpitEnv {
  const name = selectedAccount(ui, names);
  const account = env.desk?.accounts.find((a) => a.name === name);
  return account === undefined ? env : { ...env, store: account.store, actions: account.actions, account };
}

export function App({ onQuit }: AppProps) {
  const env = useCockpit();
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [ui, setUi] = useState<UiState>(initialUi);
  const uiRef = useRef(ui);
  const names = useMemo(() => env.desk?.accounts.map((a) => a.name) ?? [], [env.desk]);
  const shownName = selectedAccount(ui, names);
  // One env object per selected account, so that panes re-render on a switch and not otherwise.
  const view = useMemo(() => viewOf(env, { account: shownName }, names), [env, shownName, names]);
  const sockets = useStore(view.store, selectSocketCount);
  const pools = useStore(view.store, selectPoolCount);
  const isSim = useStore(view.store, selectIsSim);
  const isSpot = useStore(view.store, selectIsSpot);
  const ticketOpen = ui.mode === 'ticket' || ui.mode === 'edit';
  // A question that does not fit one line gets more: it is read in full before y is pressed.
  const barRows = ticketOpen ? 3 : ui.mode === 'confirm' ? confirmRows(ui.confirm?.text ?? '', columns) : 1;
  const protectiveCount = useStore(view.store, selectProtectiveCount);
  const unprotected = useStore(view.store, selectUnprotected);
  const alertCount = useStore(view.store, selectAlertCount);
  const layout = computeLayout({
    columns,
    rows,
    sockets,
    pools,
    barRows,
    protectionLines: protectionLines(protectiveCount, unprotected),
    accounts: names.length,
    alerts: alertCount,
  });
  const focus = focusShown(ui.focus, protectiveCount);
  // The selected row's symbol: the market pane follows it, and the engine streams it beside the ticket's.
  const rowSymbol = useStore(view.store, (s) => selectedSymbol({ ...ui, focus }, s));
  const ticketSymbol = useStore(view.store, (s) => s.session?.symbol);
  const shownSymbol = rowSymbol === ticketSymbol ? undefined : rowSymbol;
  // Not before the session's first event (no engine to tell yet), and again when its symbol moves:
  // an engine that attached late learns the row's symbol then; an unchanged list costs it nothing.
  useEffect(() => {
    if (ticketSymbol === undefined) return;
    void view.actions.showSymbol(shownSymbol).catch(() => undefined);
  }, [view.actions, shownSymbol, ticketSymbol]);

  // Only the shown account's store feeds the panes: the others' market chatter reaches them less
  // often (src/store/batcher.ts), and the one shown now is brought up to date before it is drawn.
  // The clock's ticks ride on the shown store's frames (views/context.tsx ridingClock).
  useLayoutEffect(() => {
    for (const a of env.desk?.accounts ?? []) a.show?.(a.name === shownName);
    env.clock.ride?.(view.store);
  }, [env.desk, env.clock, shownName, view.store]);

  const update = useCallback((f: (u: UiState) => UiState) => {
    uiRef.current = f(uiRef.current);
    setUi(uiRef.current);
  }, []);

  // An effect runs on the account that was shown when its key was pressed, whatever is shown by
  // the time it answers: a question it comes back with brings that account back on screen.
  const run = useCallback(
    (effect: Effect, target: CockpitEnv) => {
      if (effect.kind === 'quit') {
        onQuit?.(effect.plan);
        exit();
        return;
      }
      const say = (text: string, level: 'info' | 'warn' | 'error', orderId?: string) =>
        update((u) => ({
          ...u,
          message: {
            text,
            level,
            at: env.clock.now(),
            ...(orderId === undefined ? {} : { orderId }),
            ...(level === 'error' ? { sticky: true } : {}),
          },
        }));
      if (effect.kind === 'group') {
        runGroup(env.desk, effect, (m) => update((u) => ({ ...u, message: { ...m, at: env.clock.now() } })));
        return;
      }
      effect.run(target.actions).then(
        (r) => {
          if (!r.ok && r.confirm === true && effect.ticket !== undefined) {
            // The guard asks before this order goes: the question, then y sends it confirmed.
            const send = { ticket: effect.ticket, label: effect.label };
            const account = target.account === undefined ? {} : { account: target.account.name };
            update((u) => ({ ...u, ...account, mode: 'confirm', confirm: { kind: 'send', text: r.error, send }, message: null }));
          } else if (!r.ok && r.confirm === true && effect.proposal !== undefined) {
            const account = target.account === undefined ? {} : { account: target.account.name };
            const proposal = effect.proposal;
            update((u) => ({ ...u, ...account, mode: 'confirm', confirm: { kind: 'proposal', text: r.error, proposal }, message: null }));
          } else if (!r.ok) say(`${effect.label}: not done — ${r.error}`, 'error');
          else if (effect.follow !== undefined && r.clientOrderId !== undefined) {
            // From here the message line follows the order itself: accepted, refused, held.
            say(effect.label === '' ? (r.message ?? '') : effect.label, 'info', r.clientOrderId);
          } else say(r.message ?? `${effect.label}: done`, 'info');
        },
        (error: unknown) =>
          say(`${effect.label}: not done — ${errorMessage(error)}`, 'error'),
      );
    },
    [env, exit, onQuit, update],
  );

  // ink re-subscribes useInput's handler after every render that passes a new function, in a
  // passive effect: a key arriving in between would be lost. One stable handler reading the
  // latest values through a ref keeps the subscription for the App's whole life.
  const onKey = (input: string, key: Key) => {
    for (const name of keyNames(input, key)) {
      // The account as of this key: a key typed right after `a` (one paste) meets the next account.
      const target = viewOf(env, uiRef.current, names);
      const state = target.store.getState();
      const outcome = handleKey(uiRef.current, name, {
        state,
        now: env.clock.now(),
        actions: target.actions,
        ...(env.desk === undefined ? {} : { accounts: names }),
        ...(env.options.sizePresets === undefined ? {} : { sizePresets: env.options.sizePresets }),
        defaultLeverage: env.options.defaultLeverage ?? '1',
        pageRows: Math.max(1, layout.overlayRows - 2),
        ...deskKeyContext(env.desk),
      });
      if (outcome.effects.length === 0) {
        update(() => outcome.ui);
        continue;
      }
      // An action goes out before the screen shows it: the next key reads the new state at once
      // (the ref), but React's render — a whole frame, ~10 ms under a fill storm — waits for a
      // macrotask, so the action's request is written first instead of after that frame.
      uiRef.current = outcome.ui;
      for (const effect of outcome.effects) run(effect, target);
      setImmediate(() => setUi(uiRef.current));
    }
  };
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  const stableOnKey = useCallback((input: string, key: Key) => onKeyRef.current(input, key), []);
  useInput(stableOnKey);

  if (layout.tooSmall) {
    return (
      <Text wrap="truncate" color="yellow">
        {`terminal ${columns}x${rows} is too small: the cockpit needs ${MIN_COLUMNS}x${MIN_ROWS} (80x24 or more is best). Ctrl-C quits.`}
      </Text>
    );
  }

  const overlay =
    ui.mode === 'help' ? (
      <Help width={layout.width} rows={layout.overlayRows} scroll={ui.scroll.help} />
    ) : ui.mode === 'faults' ? (
      <Faults width={layout.width} rows={layout.overlayRows} index={ui.faultIndex} />
    ) : ui.mode === 'pick' ? (
      <SymbolPicker width={layout.width} rows={layout.overlayRows} query={ui.pick?.query ?? ''} index={ui.pick?.index ?? 0} />
    ) : ui.mode === 'log' ? (
      <LogView width={layout.width} rows={layout.overlayRows} back={ui.scroll.log} />
    ) : ui.mode === 'signals' ? (
      <Signals width={layout.width} rows={layout.overlayRows} selected={ui.proposal} />
    ) : ui.mode === 'proposal' ? (
      <ProposalOrders width={layout.width} rows={layout.overlayRows} id={ui.proposal} />
    ) : null;

  const { leftWidth, rightWidth, statusRows } = layout;
  return (
    <CockpitProvider env={view}>
    <Box flexDirection="column" width={layout.width} height={layout.height} overflowY="hidden">
      <Header width={layout.width} />
      {overlay ?? (
        <>
          {layout.overviewRows > 0 && <Overview width={layout.width} rows={layout.overviewRows} selected={shownName} />}
          <Box flexDirection="row" height={statusRows + 1} gap={1}>
            <Box flexDirection="column" width={leftWidth}>
              <Rule title={view.account === undefined ? 'Connection' : `Connection · ${view.account.name}`} width={leftWidth} />
              <Connection width={leftWidth} rows={statusRows} />
            </Box>
            <Box flexDirection="column" width={rightWidth}>
              <MarketHead width={rightWidth} symbol={shownSymbol} />
              <Ticker width={rightWidth} rows={statusRows - 1} symbol={shownSymbol} />
              <Clock width={rightWidth} />
            </Box>
          </Box>
          <Budget width={layout.width} rows={layout.budgetRows} perLine={layout.poolsPerLine} />
          {layout.briefRows > 0 && <Brief width={layout.width} rows={layout.briefRows} symbol={shownSymbol} />}
          <Orders
            width={layout.width}
            rows={layout.orderRows}
            selected={focus === 'orders' ? ui.selectedOrder ?? '' : null}
            focused={focus === 'orders'}
          />
          {layout.protectionRows > 0 && (
            <Protection
              width={layout.width}
              rows={layout.protectionRows}
              selected={focus === 'protection' ? ui.selectedOrder ?? '' : null}
              focused={focus === 'protection'}
            />
          )}
          <Box flexDirection="row" gap={1} height={layout.lowerRows + 2}>
            <Fills
              width={leftWidth}
              rows={layout.lowerRows}
              scroll={ui.scroll.fills}
              focused={ui.focus === 'fills'}
            />
            {/* A spot session holds assets, not positions: Holdings in Positions' place. */}
            {isSpot ? (
              <Holdings width={rightWidth} rows={layout.lowerRows} scroll={ui.scroll.positions} focused={ui.focus === 'positions'} />
            ) : (
              <Positions
                width={rightWidth}
                rows={layout.lowerRows}
                scroll={ui.scroll.positions}
                focused={ui.focus === 'positions'}
              />
            )}
          </Box>
          {layout.logRows > 0 && <LogTail width={layout.width} rows={layout.logRows} />}
        </>
      )}
      {/* Mounted under every overlay too (the bell rings there); keyed by account: another account's alerts are its history, not news. */}
      <AlertLines key={shownName ?? ''} width={layout.width} rows={overlay === null ? layout.alertRows : 0} />
      <EventLine width={layout.width} />
      {ticketOpen && ui.ticket !== null ? (
        <Ticket ticket={ui.ticket} width={layout.width} fan={fanTarget(ui, env.desk)} />
      ) : (
        <BottomBar ui={ui} width={layout.width} isSim={isSim} />
      )}
    </Box>
    </CockpitProvider>
  );
}

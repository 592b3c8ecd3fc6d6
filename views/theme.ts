/**
 * Colours by meaning, from the 16 ANSI names only (they read on any terminal, including a
 * 16-colour one over SSH); emphasis by bold/inverse/dim, never by a 256-colour shade.
 */
import type { OrderState, Side } from '../src/core/types.js';
import type { BudgetState, ConnectionState, Env, LogLevel } from '../src/store/state.js';

export type Colour = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white' | 'gray';

export const sideColour = (side: Side): Colour => (side === 'buy' ? 'green' : 'red');

/** Sign of a decimal string, for PnL colour: display only. */
export const pnlColour = (value: string): Colour | undefined =>
  value.startsWith('-') ? 'red' : /[1-9]/.test(value) ? 'green' : undefined;

export function connectionColour(state: ConnectionState): Colour {
  switch (state) {
    case 'live':
      return 'green';
    case 'reconnecting':
    case 'closed':
      return 'red';
    default:
      return 'yellow';
  }
}

export function orderStateColour(state: OrderState): Colour | undefined {
  switch (state) {
    case 'unknown':
    case 'rejected':
      return 'red';
    case 'pending_new':
    case 'pending_cancel':
      return 'yellow';
    case 'partially_filled':
      return 'cyan';
    default:
      return undefined;
  }
}

export const levelColour: Record<LogLevel, Colour> = {
  debug: 'gray',
  info: 'white',
  warn: 'yellow',
  error: 'red',
};

export const budgetColour: Record<BudgetState, Colour> = {
  normal: 'green',
  limited: 'yellow',
  banned: 'red',
};

/** Env badge: LIVE is red on purpose (real money); SIM and TESTNET calm colours. */
export const envBadge: Record<Env, { label: string; colour: Colour }> = {
  sim: { label: 'SIM', colour: 'cyan' },
  testnet: { label: 'TESTNET', colour: 'yellow' },
  demo: { label: 'DEMO', colour: 'yellow' },
  live: { label: 'LIVE', colour: 'red' },
};

/**
 * Which environment a session may start in. The default is the local venue (sim), then testnet;
 * mainnet (env `live`) takes an explicit `--live` flag AND the account name typed at start, so
 * neither a stale shell alias nor a mistyped profile can put real money on the line.
 */
import type { Env } from '../venues/venue.js';
import { ask, openTerminal, type Terminal } from './tty-prompt.js';

export type GuardDecision =
  | { kind: 'proceed'; env: Env }
  | { kind: 'confirm'; env: 'live'; expected: string; prompt: string }
  | { kind: 'refuse'; message: string };

/** The env asked for on the command line wins, then the account's, then the local venue. */
export function resolveEnvironment(requested?: Env, accountEnv?: Env): Env {
  return requested ?? accountEnv ?? 'sim';
}

export function decideEnvironment(input: { env: Env; live: boolean; accountName?: string }): GuardDecision {
  const { env, live, accountName } = input;
  if (env !== 'live') {
    if (live) {
      return {
        kind: 'refuse',
        message: `--live was given, but ${accountName === undefined ? 'the session' : `account '${accountName}'`} is on ${env}; drop --live or pick a mainnet account`,
      };
    }
    return { kind: 'proceed', env };
  }
  if (!live) {
    return {
      kind: 'refuse',
      message: `${accountName === undefined ? 'this session' : `account '${accountName}'`} is on MAINNET (real money): start again with --live to confirm you mean it`,
    };
  }
  if (accountName === undefined) {
    return {
      kind: 'refuse',
      message: 'mainnet needs a named account from the profile (quantdeck keys add NAME …)',
    };
  }
  return {
    kind: 'confirm',
    env: 'live',
    expected: accountName,
    prompt: `MAINNET — real money. Type the account name (${accountName}) to continue: `,
  };
}

/** Asks for the typed confirmation; false when it does not match or there is no terminal. */
export async function confirmLive(
  decision: Extract<GuardDecision, { kind: 'confirm' }>,
  terminal: Terminal | undefined = openTerminal(),
): Promise<boolean> {
  if (terminal === undefined) return false;
  try {
    const typed = await ask(terminal, decision.prompt, { echo: true });
    return typed.trim() === decision.expected;
  } catch {
    return false;
  } finally {
    terminal.close();
  }
}

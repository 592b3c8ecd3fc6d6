/**
 * The key preflight: from what the venue says a key may do to refuse / warn / ok. Pure. A key
 * that can move funds out of the account is refused whatever else it can do: a leaked trading
 * key can lose money in the market, a leaked withdrawal key loses all of it at once.
 */
import type { KeyPermissions } from '../venues/key-permissions.js';
import type { Env } from '../venues/venue.js';

export type Verdict = 'refuse' | 'warn' | 'ok';

export interface PreflightMessage {
  level: 'refuse' | 'warn' | 'info';
  text: string;
}

export interface PreflightResult {
  verdict: Verdict;
  messages: PreflightMessage[];
  /** One line for the Connection & auth pane: rights and IP binding. */
  summary: string;
}

export function evaluatePermissions(perms: KeyPermissions, env: Env): PreflightResult {
  const messages: PreflightMessage[] = [];
  const { venue, fields } = perms;
  if (perms.canWithdraw) {
    messages.push({
      level: 'refuse',
      text: `${venue} key can withdraw (${fields.withdraw ?? 'withdraw'}): quantdeck refuses keys that can move funds out; create a key without withdrawal rights`,
    });
  }
  // Coinbase reports one field for both rights: say it once.
  if (perms.canTransfer && !(perms.canWithdraw && fields.transfer === fields.withdraw)) {
    messages.push({
      level: 'refuse',
      text: `${venue} key can transfer funds to other accounts (${fields.transfer ?? 'transfer'}): quantdeck refuses it; turn that right off in the key settings`,
    });
  }
  // Fail closed: a right nobody here can name may be one that moves funds.
  if (perms.unknown.length > 0) {
    messages.push({
      level: 'refuse',
      text: `${venue} key has rights quantdeck does not know (${perms.unknown.join(', ')}): refusing it, since an unknown right may move funds; turn them off in the key settings`,
    });
  }
  if (perms.canTransferInternal) {
    messages.push({
      level: 'warn',
      text: `${venue} key can move funds between this account's own wallets (${fields.transferInternal ?? 'transfer'}); trading does not need it`,
    });
  }
  // On mainnet a key that cannot read or cannot trade is refused: the cockpit would show a
  // position it cannot reconcile, or one it cannot close in a hurry.
  const missingRight = env === 'live' ? 'refuse' : 'warn';
  if (!perms.canTrade) {
    messages.push({
      level: missingRight,
      text: `${venue} key cannot trade (${fields.trade ?? 'trade'}): ${env === 'live' ? 'quantdeck refuses a mainnet key that cannot close a position' : 'the cockpit will be read-only'}`,
    });
  }
  if (!perms.canRead) {
    messages.push({
      level: missingRight,
      text: `${venue} key cannot read account data (${fields.read ?? 'read'})${env === 'live' ? ': quantdeck refuses a mainnet key that cannot reconcile what it shows' : ''}`,
    });
  }
  switch (perms.ipBinding) {
    case 'unbound':
      messages.push({
        // The local venue runs on this machine: an IP binding means nothing there.
        level: env === 'sim' ? 'info' : 'warn',
        text: `${venue} key is not bound to an IP (${fields.ip ?? 'ip'}): anyone holding it can use it from anywhere; bind it to your IP in the key settings`,
      });
      break;
    case 'bound':
      messages.push({ level: 'info', text: `bound to ${perms.ips?.join(', ') ?? 'an IP allowlist'}` });
      break;
    case 'unreported':
      messages.push({ level: 'info', text: `${venue} does not report whether the key is bound to an IP` });
      break;
    case 'not-applicable':
      break;
  }
  for (const note of perms.notes) messages.push({ level: 'info', text: note });
  const verdict: Verdict = messages.some((m) => m.level === 'refuse')
    ? 'refuse'
    : messages.some((m) => m.level === 'warn')
      ? 'warn'
      : 'ok';
  return { verdict, messages, summary: summarizePermissions(perms) };
}

export function summarizePermissions(perms: KeyPermissions): string {
  const rights = [perms.canRead ? 'read' : undefined, perms.canTrade ? 'trade' : undefined].filter(
    (r) => r !== undefined,
  );
  const parts = [
    rights.length > 0 ? rights.join(', ') : 'no rights',
    perms.canWithdraw ? 'CAN WITHDRAW' : 'no withdraw',
    perms.canTransfer ? 'CAN TRANSFER OUT' : 'no transfer',
  ];
  const ip: Record<KeyPermissions['ipBinding'], string> = {
    bound: `IP-bound (${perms.ips?.join(', ') ?? 'allowlist'})`,
    unbound: 'not IP-bound',
    unreported: 'IP binding not reported',
    'not-applicable': 'no IP binding on this venue',
  };
  parts.push(ip[perms.ipBinding]);
  return parts.join(' · ');
}

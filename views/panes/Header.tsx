/**
 * Header: who and where (venue, env badge, account, symbol), regime, dead-man countdown and
 * whether its cancel-all would take the stops with it.
 */
import { Text } from 'ink';
import { selectDeadman, selectSession, selectSim } from '../../src/store/selectors.js';
import { useNowFor, useQuant } from '../context.js';
import { countdown, duration, pad } from '../format.js';
import { envBadge } from '../theme.js';

export function Header({ width }: { width: number }) {
  const session = useQuant(selectSession);
  const deadman = useQuant(selectDeadman);
  const sim = useQuant(selectSim);
  const counting = deadman.armed && deadman.deadline !== undefined;
  const now = useNowFor((t) => (counting ? countdown(t, deadman.deadline) : ''));
  const badge = session === null ? { label: '…', colour: 'gray' as const } : envBadge[session.env];
  const who = session === null ? 'connecting…' : `${session.venue} · ${session.account} · ${session.symbol}`;
  const regime = sim === null ? '' : `  ${sim.regime}`;
  // Fixed width: the header must not jump as the countdown goes from 1m00s to 59s. A switch that
  // fires on a lost connection shows its window until the socket goes, then counts down.
  const waiting = deadman.armed && deadman.onDisconnect === true && deadman.deadline === undefined;
  // A venue without a switch (Coinbase) says 'none': 'off' would promise one that could be armed.
  const shown = session?.noDeadman === true ? 'none' : !deadman.armed ? 'off' : waiting ? `drop+${duration(deadman.timeoutMs ?? 0)}` : countdown(now, deadman.deadline);
  // What the switch does to protective orders when it fires (the venue's rule, docs/venues.md).
  const stops = !deadman.armed || session?.deadmanStops === undefined ? '' : session.deadmanStops === 'kept' ? ' · stops kept' : ' · stops cancelled too';
  const dm = `dead-man ${shown.padEnd(6)}${stops}`;
  const help = '  ? help ';
  const left = ' QUANTDECK '.length + badge.label.length + 2;
  const rest = Math.max(0, width - left - regime.length - dm.length - 2 - help.length);
  return (
    <Text wrap="truncate">
      <Text bold>{' QUANTDECK '}</Text>
      <Text inverse bold color={badge.colour}>{` ${badge.label} `}</Text>
      <Text>{pad(` ${who}`, rest)}</Text>
      <Text color={sim?.regime === 'volatile' ? 'magenta' : 'gray'}>{regime}</Text>
      <Text color={deadman.armed ? (session?.deadmanStops === 'cancelled' ? 'yellow' : 'green') : 'gray'}>{`  ${dm}`}</Text>
      <Text dimColor>{help}</Text>
    </Text>
  );
}

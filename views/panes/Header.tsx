/**
 * Header: who and where (venue, env badge, account, symbol), regime, dead-man countdown and
 * whether its cancel-all would take the stops with it. On a desk it names the selected account
 * first, with its place on the desk (`alpha 1/3`): every pane below shows that account.
 */
import { Text } from 'ink';
import { selectDeadman, selectSession, selectSim } from '../../src/store/selectors.js';
import { trendLabel } from '../../src/store/state.js';
import { useCockpit, useNowFor, useQuant } from '../context.js';
import { deadmanText } from '../deadman-text.js';
import { countdown, pad } from '../format.js';
import { envBadge } from '../theme.js';

export function Header({ width }: { width: number }) {
  const { desk, account } = useCockpit();
  const session = useQuant(selectSession);
  const deadman = useQuant(selectDeadman);
  const sim = useQuant(selectSim);
  const counting = deadman.armed && deadman.deadline !== undefined;
  const now = useNowFor((t) => (counting ? countdown(t, deadman.deadline) : ''));
  // A desk's account that has no session yet (starting, or failed) is still named by the desk.
  const env = session?.env ?? account?.env;
  const badge = env === undefined ? { label: '…', colour: 'gray' as const } : envBadge[env];
  const who =
    session === null
      ? account === undefined
        ? 'connecting…'
        : `${account.venue} · connecting…`
      : // On a desk the tag names the account: the session's label again only where it differs.
        account !== undefined && account.name === session.account
        ? `${session.venue} · ${session.symbol}`
        : `${session.venue} · ${session.account} · ${session.symbol}`;
  const tag = account === undefined || desk === undefined ? '' : ` ${account.name} ${desk.accounts.indexOf(account) + 1}/${desk.accounts.length} `;
  const regime = sim === null ? '' : `  ${sim.regime}${trendLabel(sim.trendBp)}`;
  // Fixed width: the header must not jump as the countdown goes from 1m00s to 59s.
  const shown = deadmanText(session, deadman, now);
  // What the switch does to protective orders when it fires (the venue's rule, docs/venues.md).
  const stops = !deadman.armed || session?.deadmanStops === undefined ? '' : session.deadmanStops === 'kept' ? ' · stops kept' : ' · stops cancelled too';
  const dm = `dead-man ${shown.padEnd(6)}${stops}`;
  const help = '  ? help ';
  const left = ' QUANTDECK '.length + badge.label.length + 2 + (tag === '' ? 0 : tag.length + 1);
  const rest = Math.max(0, width - left - regime.length - dm.length - 2 - help.length);
  return (
    <Text wrap="truncate">
      <Text bold>{' QUANTDECK '}</Text>
      <Text inverse bold color={badge.colour}>{` ${badge.label} `}</Text>
      {tag !== '' && <Text>{' '}</Text>}
      {tag !== '' && <Text inverse bold>{tag}</Text>}
      <Text>{pad(` ${who}`, rest)}</Text>
      <Text color={sim?.regime === 'volatile' ? 'magenta' : 'gray'}>{regime}</Text>
      <Text color={deadman.armed ? (session?.deadmanStops === 'cancelled' ? 'yellow' : 'green') : 'gray'}>{`  ${dm}`}</Text>
      <Text dimColor>{help}</Text>
    </Text>
  );
}

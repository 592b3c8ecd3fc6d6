/**
 * Connection & auth: one line per socket (state, for how long, last message age, reconnects,
 * the backoff countdown and its reason, or the warning of a live socket that delivers nothing) and
 * one line for the key (method, source, permissions).
 */
import { Box, Text } from 'ink';
import { selectAuth, selectSocketList } from '../../src/store/selectors.js';
import type { SocketStatus } from '../../src/store/state.js';
import { useNowFor, useQuant } from '../context.js';
import { age, clip, countdown, fitSegments, pad } from '../format.js';
import { connectionColour } from '../theme.js';

const MARK: Record<string, string> = { live: '●', reconnecting: '○', closed: '×' };

/** What a socket's line says from the clock: its state with how long, the last message's age. */
function socketTimes(k: SocketStatus, now: number): { state: string; msg: string } {
  const state =
    k.state === 'reconnecting' && k.nextRetryAt !== undefined
      ? `reconnecting #${k.attempt ?? '?'} in ${countdown(now, k.nextRetryAt)}`
      : `${k.state} ${age(now, k.since)}`;
  const msg = k.lastMessageAt === undefined ? 'msg —' : `msg ${age(now, k.lastMessageAt, true)}`;
  return { state, msg };
}

function socketLine(k: SocketStatus, now: number, width: number) {
  const { state, msg } = socketTimes(k, now);
  // While a socket is down, why it is down matters more than when it last spoke.
  const silent = k.state === 'live' && k.silent !== undefined;
  const extra = [
    silent ? `⚠ ${k.silent}` : '',
    k.state !== 'live' && k.reason ? k.reason : '',
    k.reconnects > 0 ? `↻${k.reconnects}` : '',
    msg,
  ]
    .filter((x) => x !== '')
    .join(' ');
  const stateWidth = Math.max(state.length, 16);
  return (
    <Text key={k.name} wrap="truncate">
      {pad(k.name, 7)}
      <Text color={connectionColour(k.state)}>{`${MARK[k.state] ?? '◌'} ${pad(state, stateWidth)}`}</Text>
      <Text color={silent ? 'yellow' : undefined} dimColor={!silent}>
        {clip(` ${extra}`, Math.max(0, width - 9 - stateWidth))}
      </Text>
    </Text>
  );
}

/** The key: what it may do comes first; where it was loaded from gives way on a narrow pane. */
function KeyLine({ auth, width }: { auth: NonNullable<ReturnType<typeof selectAuth>>; width: number }) {
  const rights = `${auth.permissions.summary}${auth.permissions.withdraw ? ' · CAN WITHDRAW' : ''}`;
  const kept = fitSegments(
    [
      { text: 'key', priority: 0 },
      { text: auth.method, priority: 0 },
      { text: auth.keySource, priority: 2 },
      { text: rights, priority: 0 },
    ],
    width,
    ' · ',
  ).map((x) => x.text);
  const head = kept.slice(0, -1).join(' · ').replace(/^key · /, 'key ');
  return (
    <Text wrap="truncate">
      <Text dimColor>{head === '' ? '' : `${head} · `}</Text>
      <Text color={auth.permissions.withdraw ? 'red' : undefined} bold={auth.permissions.withdraw}>
        {clip(rights, width)}
      </Text>
    </Text>
  );
}

export function Connection({ width, rows }: { width: number; rows: number }) {
  const sockets = useQuant(selectSocketList);
  const auth = useQuant(selectAuth);
  const lines = sockets.slice(0, Math.max(0, rows - 1));
  const now = useNowFor((t) =>
    lines
      .map((k) => {
        const { state, msg } = socketTimes(k, t);
        return `${state} ${msg}`;
      })
      .join(' '),
  );
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      {sockets.length === 0 && <Text dimColor>no sockets yet</Text>}
      {lines.map((k) => socketLine(k, now, width))}
      {auth === null ? (
        <Text dimColor>not authenticated yet</Text>
      ) : (
        <KeyLine auth={auth} width={width} />
      )}
    </Box>
  );
}

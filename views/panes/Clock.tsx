/** Clock: offset to the venue, its uncertainty, drift, age of the last sync, offset sparkline. */
import { Text } from 'ink';
import { selectClock } from '../../src/store/selectors.js';
import { useNowFor, useQuant } from '../context.js';
import { age, signed, sparkline } from '../format.js';

/** A sync older than this is suspicious: the engine resyncs every few minutes. */
const OLD_SYNC_MS = 10 * 60_000;

export function Clock({ width }: { width: number }) {
  const clock = useQuant(selectClock);
  const now = useNowFor((t) => (clock === null ? '' : `${age(t, clock.lastSyncAt)} ${t - clock.lastSyncAt > OLD_SYNC_MS}`));
  if (clock === null) return <Text dimColor>clock not synced yet</Text>;
  const old = now - clock.lastSyncAt > OLD_SYNC_MS;
  const text = `${signed(clock.offsetMs, 1)}ms ±${clock.uncertaintyMs.toFixed(1)} ${signed(clock.driftPpm, 1)}ppm sync ${age(now, clock.lastSyncAt)}`;
  const room = Math.max(0, width - 6 - text.length - 1);
  return (
    <Text wrap="truncate">
      <Text dimColor>clock </Text>
      <Text color={old ? 'yellow' : undefined}>{text}</Text>
      <Text color="cyan">{` ${sparkline(clock.history, Math.min(room, 30))}`}</Text>
    </Text>
  );
}

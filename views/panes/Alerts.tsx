/**
 * The Alerts lines (L2, docs/signals.md §L2 watcher): the newest alerts above the event line,
 * newest first, coloured by severity, their text neutralised (a venue's reason or a symbol can
 * carry terminal controls). Absent until the first alert. The bell and the flash are the
 * profile's (`signals.alerts.bell`, `.flash`), both off by default: the bell writes one BEL per
 * new warn or critical alert, the flash shows the line inverse for a moment after a new critical.
 */
import { Box, Text, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { Alert, Severity } from '../../src/core/signals/types.js';
import { neutralise } from '../../src/core/untrusted.js';
import type { QuantState } from '../../src/store/state.js';
import { useCockpit, useQuant } from '../context.js';
import { clip, clockTime } from '../format.js';
import type { Colour } from '../theme.js';

export const selectAlerts = (s: QuantState): Alert[] => s.signals.alerts;
export const selectAlertCount = (s: QuantState): number => s.signals.alerts.length;

export const severityColour: Record<Severity, Colour> = { info: 'cyan', warn: 'yellow', critical: 'red' };
const LABEL: Record<Severity, string> = { info: 'info', warn: 'WARN', critical: 'CRIT' };

/** How long the flash holds the line inverse. */
export const FLASH_MS = 1_200;

/** One alert as a line of `width` columns: time, severity, rule, text (neutralised). */
export function alertText(a: Alert, width: number): string {
  return clip(`! ${clockTime(a.at)} ${LABEL[a.severity]} ${a.rule}: ${neutralise(a.text)}`, width);
}

/** Alerts that arrived after `seen` (the id of the newest one already handled), oldest first. */
export function newSince(alerts: readonly Alert[], seen: string | undefined): Alert[] {
  if (seen === undefined) return [...alerts];
  const i = alerts.findIndex((a) => a.id === seen);
  // The one seen last has left the kept window: everything kept is newer.
  return i < 0 ? [...alerts] : alerts.slice(i + 1);
}

export function AlertLines({ width, rows }: { width: number; rows: number }) {
  const alerts = useQuant(selectAlerts);
  const { options } = useCockpit();
  const { stdout } = useStdout();
  // Alerts already there when the line mounts (a desk's account switched to) are not new: no bell for history.
  const seen = useRef<string | undefined>(alerts.at(-1)?.id);
  const [flashing, setFlashing] = useState(false);
  const bell = options.alerts?.bell === true;
  const flash = options.alerts?.flash === true;

  useEffect(() => {
    const fresh = newSince(alerts, seen.current);
    if (fresh.length === 0) return;
    seen.current = alerts.at(-1)?.id;
    if (bell) {
      const rings = fresh.filter((a) => a.severity !== 'info').length;
      // One BEL per new warn or critical alert; it moves no cursor, so it goes straight to the terminal.
      if (rings > 0) (options.bell ?? ((text: string) => stdout.write(text)))('\u0007'.repeat(rings));
    }
    if (flash && fresh.some((a) => a.severity === 'critical')) {
      setFlashing(true);
      const timer = setTimeout(() => setFlashing(false), FLASH_MS);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, [alerts, bell, flash, options.bell, stdout]);

  if (rows <= 0 || alerts.length === 0) return null;
  const shown = alerts.slice(-rows).reverse();
  return (
    <Box flexDirection="column" width={width} height={shown.length}>
      {shown.map((a, i) => (
        <Text key={a.id} wrap="truncate" color={severityColour[a.severity]} inverse={i === 0 && flashing} bold={a.severity === 'critical'}>
          {alertText(a, width)}
        </Text>
      ))}
    </Box>
  );
}

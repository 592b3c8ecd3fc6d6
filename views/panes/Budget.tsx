/**
 * Rate budget: a gauge per pool (used of limit; the critical reserve shown at the end) and the
 * budget state: normal, limited (429, Retry-After) or banned (418) with a countdown. Per-IP pools
 * other sessions of this process spend too are said once, after the state (core/shared-pools.ts).
 */
import { Box, Text } from 'ink';
import type { BudgetPool } from '../../src/store/state.js';
import { selectBudget } from '../../src/store/selectors.js';
import { useNowFor, useQuant } from '../context.js';
import { clockTime, countdown, pad, gauge } from '../format.js';
import { budgetColour } from '../theme.js';
import { Rule } from '../widgets/Rule.js';

function poolCell(p: BudgetPool, width: number) {
  const nums = `${p.used}/${p.limit}`;
  const label = pad(p.name, Math.min(12, Math.max(6, width - nums.length - 12)));
  const bar = Math.max(4, width - label.length - nums.length - 3);
  const g = gauge(p.used, p.limit, p.reserve, bar);
  const level =
    p.used >= p.limit - p.reserve ? 'red' : p.used >= (p.limit - p.reserve) * 0.7 ? 'yellow' : 'green';
  return (
    <Text key={p.name} wrap="truncate">
      <Text dimColor>{label} </Text>
      <Text color={level}>{g.used}</Text>
      <Text dimColor>{g.free}</Text>
      <Text color="magenta">{g.reserve}</Text>
      <Text>{` ${pad(nums, width - label.length - bar - 2)}`}</Text>
    </Text>
  );
}

/** 'weight-1m shared by 2', or '3 IP pools shared by 2': the pools other sessions spend too. */
function sharedNote(pools: readonly BudgetPool[]): string | undefined {
  const shared = pools.filter((p) => (p.shared ?? 0) > 1);
  if (shared.length === 0) return undefined;
  const by = Math.max(...shared.map((p) => p.shared ?? 0));
  return `${shared.length === 1 ? shared[0]!.name : `${shared.length} IP pools`} shared by ${by}`;
}

/**
 * The pools that fit, in the adapter's order while they all do; past that the pools in use come
 * first (a trader watching a burst wants the pools it is spending, not idle ones) and the rest
 * are counted: '+14 idle', or '+3 more (2 in use)' when even the busy ones do not fit.
 */
export function shownPools(
  pools: readonly BudgetPool[],
  room: number,
): { pools: readonly BudgetPool[]; hidden?: string } {
  if (pools.length <= room) return { pools };
  const busy = pools.filter((p) => p.used > 0);
  const ordered = [...busy, ...pools.filter((p) => p.used <= 0)];
  const shown = ordered.slice(0, room);
  const left = pools.length - shown.length;
  const busyLeft = Math.max(0, busy.length - room);
  return { pools: shown, hidden: busyLeft === 0 ? `+${left} idle` : `+${left} more (${busyLeft} in use)` };
}

export function Budget({ width, rows, perLine }: { width: number; rows: number; perLine: number }) {
  const budget = useQuant(selectBudget);
  const state = budget?.state ?? 'normal';
  const until = state === 'normal' ? undefined : budget?.until;
  const now = useNowFor((t) => (until === undefined ? '' : countdown(t, until)));
  let right: string = state;
  if (until !== undefined) {
    right = `${state === 'banned' ? 'BANNED' : 'limited'} until ${clockTime(until)} (${countdown(now, until)})`;
  }
  if (budget?.reason !== undefined && state !== 'normal') right += ` ${budget.reason}`;
  const all = budget?.pools ?? [];
  const shared = sharedNote(all);
  if (shared !== undefined) right += ` · ${shared}`;
  const { pools, hidden } = shownPools(all, rows * perLine);
  if (hidden !== undefined) right += ` · ${hidden}`;
  const cell = Math.floor((width - (perLine - 1)) / perLine);
  const lines: BudgetPool[][] = [];
  for (let i = 0; i < pools.length; i += perLine) lines.push(pools.slice(i, i + perLine));
  return (
    <Box flexDirection="column" width={width} height={rows + 1} overflowY="hidden">
      <Rule
        title="Rate budget"
        width={width}
        right={budget === null ? 'no data' : right}
        rightColour={budgetColour[state]}
      />
      {lines.slice(0, rows).map((line) => (
        <Box key={line.map((p) => p.name).join()} flexDirection="row" gap={1}>
          {line.map((p) => (
            <Box key={p.name} width={cell}>
              {poolCell(p, cell)}
            </Box>
          ))}
        </Box>
      ))}
      {pools.length === 0 && <Text dimColor>no rate-limit data yet</Text>}
    </Box>
  );
}

// The goals the benchmarks are held to, in one table: a section reports a figure by name and a
// number (`figures: { 'rest.binance.p99_vs_raw': 1.8 }`); its unit and goal come from here, so a
// goal is stated once and never re-typed (or quietly loosened) inside a section.

/** One figure as `--json` prints it. `met` is the value checked against the goal. */
export interface Figure {
  value: number;
  unit: string;
  goal: string;
  met: boolean;
}

interface Goal {
  unit: string;
  /** "≤ N" or "≥ N". */
  goal: string;
  /** What the figure is, in a few words, for the summary table. */
  what: string;
}

export const GOALS = {
  'sign.binance.vs_raw': { unit: 'x raw HMAC cost', goal: '≤ 1.3', what: 'Binance build+sign / raw HMAC' },
  'sign.binance.vs_ccxt': { unit: 'x faster', goal: '≥ 4', what: 'Binance build+sign vs ccxt sign()' },
  'sign.okx.vs_raw': { unit: 'x raw HMAC cost', goal: '≤ 1.3', what: 'OKX build+sign / raw HMAC' },
  'sign.bybit.vs_raw': { unit: 'x raw HMAC cost', goal: '≤ 1.3', what: 'Bybit build+sign / raw HMAC' },
  'sign.hyperliquid.vs_ethers': { unit: 'x faster', goal: '≥ 1.5', what: 'Hyperliquid sign vs ethers signTypedData' },
  'rest.binance.p50_vs_raw': { unit: 'x raw', goal: '≤ 1.3', what: 'place-order p50 / raw undici' },
  'rest.binance.p99_vs_raw': { unit: 'x raw', goal: '≤ 2', what: 'place-order p99 / raw undici' },
  'rest.bybit.p50_vs_raw': { unit: 'x raw', goal: '≤ 1.3', what: 'Bybit place-order p50 / raw undici' },
  'rest.bybit.p99_vs_raw': { unit: 'x raw', goal: '≤ 2', what: 'Bybit place-order p99 / raw undici' },
  'rest.binance.p50_vs_ccxt': { unit: 'x faster', goal: '≥ 2', what: 'place-order p50 vs ccxt createOrder' },
  'rest.binance.tls.p50_vs_raw': { unit: 'x raw', goal: '≤ 1.3', what: 'place-order over TLS p50 / raw undici over TLS' },
  'rest.binance.tls.p99_vs_raw': { unit: 'x raw', goal: '≤ 2', what: 'place-order over TLS p99 / raw undici over TLS' },
  'ingest.events_per_cpu_s': { unit: 'events/CPU-s', goal: '≥ 100000', what: 'private-event ingest per CPU-second' },
  'reconnect.p50_ms': { unit: 'ms', goal: '≤ 150', what: 'user-socket drop to live (first backoff 100 ms)' },
  'reconcile.p50_ms': { unit: 'ms', goal: '≤ 50', what: 'reconcile pass, 10k orders + 1k positions' },
  'cockpit.cpu_pct': { unit: '% of a core', goal: '≤ 15', what: 'cockpit CPU at 1,000 fills/s' },
  'cockpit.kb_per_s': { unit: 'KB/s', goal: '≤ 100', what: 'terminal bytes at 1,000 fills/s' },
  'cockpit.keypress_p99_ms': { unit: 'ms', goal: '≤ 50', what: 'keypress to frame p99 during the storm' },
  'cockpit.close_keypress_p50_ms': { unit: 'ms', goal: '≤ 50', what: 'key that sends a close to its bytes on the wire, p50, during the storm' },
  'cockpit.close_keypress_p99_ms': { unit: 'ms', goal: '≤ 50', what: 'key that sends a close to its bytes on the wire, p99, during the storm' },
  'cockpit.heap_growth_kb_per_min': { unit: 'KB/min', goal: '≤ 100', what: 'heap growth after warm-up' },
  'cockpit.idle_cpu_pct': { unit: '% of a core', goal: '≤ 1', what: 'cockpit CPU with the market idle' },
  'start.cold_first_frame_ms': { unit: 'ms', goal: '≤ 400', what: 'cold process to first frame' },
  'desk.rss_mb': { unit: 'MB', goal: '≤ 250', what: 'RSS of a desk of ten accounts on three dialects' },
  'desk.idle_cpu_pct': { unit: '% of a core', goal: '≤ 3', what: 'CPU of that desk idle (market streams on)' },
  'desk.fanout_last_p50_ms': { unit: 'ms', goal: '≤ 5', what: "a fan-out to ten accounts: the call to the last order's bytes on the wire, median" },
  'desk.fanout_last_p99_ms': { unit: 'ms', goal: '≤ 5', what: 'the same, 99th percentile' },
  'signals.l1l2_cpu_pct': { unit: '% of a core', goal: '≤ 5', what: 'the brief (L1) and the watcher (L2) at 1,000 market events/s' },
} as const satisfies Record<string, Goal>;

export type FigureName = keyof typeof GOALS;

/** What a section returns beside its table: figure name → measured number. */
export type SectionFigures = Partial<Record<FigureName, number>>;

/** Whether `value` meets `goal` ("≤ N" / "≥ N"). */
export function meets(value: number, goal: string): boolean {
  const m = /^([≤≥]) (\d+(?:\.\d+)?)$/.exec(goal);
  if (!m) throw new Error(`a goal reads "≤ N" or "≥ N", not "${goal}"`);
  const bound = Number(m[2]);
  return m[1] === '≤' ? value <= bound : value >= bound;
}

/** A section's numbers as `--json` figures; refuses a name with no goal and a value that is not a finite number. */
export function toFigures(figures: Record<string, number>, goals: Record<string, Goal> = GOALS): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  for (const [name, value] of Object.entries(figures)) {
    const goal = goals[name];
    if (!goal) throw new Error(`figure ${name} has no goal in test/bench/figures.ts`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`figure ${name} is not a finite number: ${String(value)}`);
    out[name] = { value: Math.round(value * 1000) / 1000, unit: goal.unit, goal: goal.goal, met: meets(value, goal.goal) };
  }
  return out;
}

/**
 * Where an account's strategies' lifecycles outlive the process (docs/signals.md §Runner): a small
 * JSON file per account, venue and env in the state folder, `strategies/<env>-<venue>-<account>.json`,
 * replaced atomically at each change (custody's one atomic writer: temp file, fsync, rename), so a
 * crash leaves the old or the new content, never a torn one. Why a file and not the audit lines:
 * docs/signals.md §Runner "Across a restart".
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lifecycle, LifecycleStore } from '../engine/signals/runner.js';
import { writeFileAtomic } from '../custody/safe-file.js';

const VERSION = 1;

export interface LifecycleKey {
  account: string;
  venue: string;
  env: string;
}

/** The file's path: each part made safe for a file name (an account name may hold anything). */
export function lifecyclePath(stateDir: string, key: LifecycleKey): string {
  const safe = (s: string) => encodeURIComponent(s).replace(/\./g, '%2E');
  return join(stateDir, 'strategies', `${safe(key.env)}-${safe(key.venue)}-${safe(key.account)}.json`);
}

function asLifecycle(value: unknown): Lifecycle | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (v['status'] !== 'active' && v['status'] !== 'retired') return undefined;
  const tier = v['tier'];
  const fills = v['fills'];
  if (!Number.isSafeInteger(tier) || (tier as number) < 1 || !Number.isSafeInteger(fills) || (fills as number) < 0) return undefined;
  return { status: v['status'], tier: tier as number, fills: fills as number };
}

export function lifecycleFile(stateDir: string, key: LifecycleKey): LifecycleStore {
  const path = lifecyclePath(stateDir, key);
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
        throw err;
      }
      const parsed = JSON.parse(text) as { v?: unknown; strategies?: unknown };
      if (parsed.v !== VERSION || parsed.strategies === null || typeof parsed.strategies !== 'object') throw new Error(`${path}: not a lifecycle file of version ${VERSION}`);
      const out = new Map<string, Lifecycle>();
      // A strategy whose entry is broken starts afresh; the others keep theirs.
      for (const [name, value] of Object.entries(parsed.strategies as Record<string, unknown>)) {
        const kept = asLifecycle(value);
        if (kept !== undefined) out.set(name, kept);
      }
      return out;
    },
    save(states) {
      mkdirSync(join(stateDir, 'strategies'), { recursive: true, mode: 0o700 });
      const strategies = Object.fromEntries([...states].map(([name, s]) => [name, { status: s.status, tier: s.tier, fills: s.fills }]));
      writeFileAtomic(path, `${JSON.stringify({ v: VERSION, ...key, strategies })}\n`, "the strategies' lifecycle file");
    },
  };
}

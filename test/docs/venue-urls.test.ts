/**
 * A venue fact carries a date (invariant 12): every host, REST path and stream URL the adapters use
 * is listed in docs/venues.md §7 with its doc page and the date it was checked. A URL or path added
 * to an adapter without its line there fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { venueAdapter, venueIds } from '../../src/venues/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'venues.md'), 'utf8');
const table = doc.slice(doc.indexOf('## 7. Endpoints and streams the code uses'));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** A URL as the table names it: scheme, host and path, no query (tokens and stream names vary). */
const listed = (url: string): string => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
};

/**
 * Listed whole, in a code span: a path closes its span (`/api/v5/trade/order` is not listed by
 * `/api/v5/trade/orders-pending`); a host may go on into a path listed under it.
 */
const listedWhole = (item: string): boolean =>
  table.includes(`\`${item}\``) || (!item.startsWith('/') && table.includes(`\`${item}/`));

describe('docs/venues.md §7 lists every endpoint and stream the code uses', () => {
  it('has its section and a dated line per venue the engine or a signer speaks', () => {
    expect(table.length).toBeGreaterThan(100);
    for (const venue of ['Binance USD-M', 'OKX', 'Hyperliquid', 'Bybit', 'Coinbase', 'Kraken']) {
      const at = table.indexOf(venue);
      expect(at, venue).toBeGreaterThan(0);
      const section = table.slice(at, table.indexOf('\n### ', at + 1) === -1 ? undefined : table.indexOf('\n### ', at + 1));
      expect(section, venue).toMatch(/\| 2026-\d\d-\d\d \|/);
    }
  });

  it('every host of every environment, and every stream URL the adapters build there', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const id of venueIds()) {
      const adapter = venueAdapter(id);
      for (const env of adapter.envs.filter((e) => e !== 'sim')) {
        const urls = adapter.urls(env);
        const streams = [adapter.stream.user(urls), ...(adapter.stream.userExtra?.(urls) ?? []), ...adapter.stream.market(urls, ['BTCUSDT'])].map((s) => s.url('TOKEN'));
        for (const url of [...Object.values(urls), ...streams]) {
          seen++;
          if (!listedWhole(listed(url))) missing.push(`${id} ${env}: ${listed(url)}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('every URL and path literal in the venue folders', () => {
    const missing: string[] = [];
    const found = new Set<string>();
    for (const file of sources(join(ROOT, 'src', 'venues'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/['`]((?:https?|wss?):\/\/[A-Za-z0-9.:-]+(?:\/[A-Za-z0-9_./-]*)?)/g)) found.add(m[1]!);
      for (const m of text.matchAll(/'(\/[A-Za-z0-9][A-Za-z0-9_./-]*)'/g)) found.add(m[1]!);
    }
    for (const item of found) if (!listedWhole(item)) missing.push(item);
    expect(found.size).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});

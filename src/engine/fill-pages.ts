/**
 * Fills of one symbol since a time, for venues that list the newest first (resync.ts reads them
 * from the watermark; venues paged up by trade id are read there). Two ways to the next page:
 * - back in time: `endTime` = the oldest fill seen, until a page is short or brings nothing new
 *   (OKX pages by bill id, not trade id);
 * - by the venue's cursor, until the last page (Bybit).
 * Trade ids dedupe across pages.
 */
import type { Fill } from '../core/types.js';
import type { RestAdapter } from '../venues/venue.js';
import type { RestRunner } from './stream-options.js';

/** Fills asked for per page by a resync, unless told otherwise (venues with smaller pages get theirs). */
export const FILL_PAGE_SIZE = 500;
/** Most fill pages per symbol in one resync pass, unless told otherwise. */
export const MAX_FILL_PAGES = 20;
/** The most fills of one symbol one resync pass can bring (and so re-deliver): what the account's dedupe must remember. */
export const MOST_FILLS_PER_PASS = FILL_PAGE_SIZE * MAX_FILL_PAGES;

export interface FillPages {
  rest: RestRunner;
  adapter: RestAdapter;
  /** Most pages per symbol per pass. */
  maxPages: number;
}

export async function fillsBack(p: FillPages, symbol: string, since: number, limit: number): Promise<Fill[]> {
  const out: Fill[] = [];
  const seen = new Set<string>();
  let endTime: number | undefined;
  for (let page = 0; page < p.maxPages; page++) {
    const query = { symbol, startTime: since, limit, ...(endTime === undefined ? {} : { endTime }) };
    const batch = await p.rest(p.adapter.fills(query));
    let fresh = 0;
    let oldest: number | undefined;
    for (const f of batch) {
      oldest = Math.min(oldest ?? f.time, f.time);
      if (seen.has(f.tradeId)) continue;
      seen.add(f.tradeId);
      out.push(f);
      fresh++;
    }
    if (batch.length < limit || fresh === 0 || oldest === undefined) break;
    endTime = oldest;
  }
  return out;
}

export async function fillsByCursor(p: FillPages, symbol: string, since: number, limit: number): Promise<Fill[]> {
  const { adapter } = p;
  if (adapter.fillsPage === undefined) throw new Error(`${adapter.id}: fills paged by cursor need fillsPage`);
  const out: Fill[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < p.maxPages; page++) {
    const query = { symbol, startTime: since, limit, ...(cursor === undefined ? {} : { cursor }) };
    const batch = await p.rest(adapter.fillsPage(query));
    for (const f of batch.fills) {
      if (seen.has(f.tradeId)) continue;
      seen.add(f.tradeId);
      out.push(f);
    }
    if (batch.cursor === undefined || batch.cursor === cursor) break;
    cursor = batch.cursor;
  }
  return out;
}

// Kraken's nonce rule across restarts (issue #19): a key's nonces must rise forever, whichever
// start sent them. Real files, real processes; the venue clock is frozen so that the second start
// is "within the same millisecond as the first's last request".
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { NonceFile, NonceFileError } from '../../src/custody/nonce-file.js';
import { NonceFloorError, RESERVE_AHEAD } from '../../src/engine/nonce-floor.js';
import { Nonces } from '../../src/engine/nonces.js';
import { Engine } from '../../src/engine/engine.js';
import { Secret } from '../../src/core/secret.js';
import { CustodyError } from '../../src/custody/errors.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'qd-nonce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => join(dir, `sub${files++}`, 'kraken-live-key.json');

const T = 1_765_000_000_123;

async function startProcess(file: string, at: number, count: number): Promise<number[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'nonce-start.ts'), file, String(at), String(count)]);
  return stdout.trim().split('\n').map(Number);
}

describe('persisted nonce floor', () => {
  it('two starts in a row with the same key, the second in the first one\'s last millisecond: every nonce above every earlier one (two processes)', async () => {
    const file = freshFile();
    const first = await startProcess(file, T, 50);
    const second = await startProcess(file, T, 50);
    expect(first[0]).toBe(T);
    const all = [...first, ...second];
    for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThan(all[i - 1] as number);
    // Without the file the second start would have begun at T again.
    expect(second[0]).toBeGreaterThan(first.at(-1) as number);
  }, 60_000);

  it('in-process: two managers in sequence on one file never repeat or go back', () => {
    const file = freshFile();
    const a = new Nonces(undefined, () => T, new NonceFile(file));
    const used = [a.next(), a.next(), a.next()];
    expect(used).toEqual([T, T + 1, T + 2]);
    const b = new Nonces(undefined, () => T, new NonceFile(file));
    const next = b.next();
    expect(next).toBeGreaterThan(T + 2);
    expect(next).toBe(T + RESERVE_AHEAD + 1);
  });

  it('writes once per reservation, not per nonce, and the file always covers what went out', () => {
    const file = freshFile();
    let now = T;
    const floor = new NonceFile(file);
    let writes = 0;
    const counted = {
      get reservedThrough() {
        return floor.reservedThrough;
      },
      reserve(through: number) {
        writes++;
        floor.reserve(through);
      },
    };
    const nonces = new Nonces(undefined, () => now, counted);
    let last = 0;
    for (let i = 0; i < 1_000; i++) {
      now += 7;
      last = nonces.next();
      const onDisk = JSON.parse(readFileSync(file, 'utf8')).reservedThrough as number;
      expect(onDisk).toBeGreaterThanOrEqual(last);
    }
    // 7,000 ms of clock at one reservation per 60,000 nonces: the first write only.
    expect(writes).toBe(1);
  });

  it('property: any sequence of starts, clocks going back or standing still, never issues a nonce twice or lower', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ clockStep: fc.integer({ min: -100_000, max: 200_000 }), count: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 8 }),
        (starts) => {
          const file = freshFile();
          let clock = T;
          let highest = 0;
          for (const start of starts) {
            clock += start.clockStep;
            const at = clock;
            const nonces = new Nonces(undefined, () => at, new NonceFile(file));
            for (let i = 0; i < start.count; i++) {
              const n = nonces.next();
              if (n <= highest) return false;
              highest = n;
            }
          }
          return true;
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a file that is not ours is refused by name, never read as a low floor', () => {
    const file = freshFile();
    new NonceFile(file).reserve(T);
    writeFileSync(file, '{"version":1,"reservedThrough":"soon"}');
    expect(() => new NonceFile(file)).toThrow(NonceFileError);
    expect(() => new NonceFile(file)).toThrow(/not a quantdeck nonce file/);
    writeFileSync(file, 'garbage');
    expect(() => new NonceFile(file)).toThrow(/not a quantdeck nonce file/);
  });

  it('a reservation that cannot be written fails the nonce: none leaves unrecorded', () => {
    const failing = {
      reservedThrough: T,
      reserve(): void {
        throw new Error('disk full');
      },
    };
    const nonces = new Nonces(undefined, () => T, failing);
    expect(() => nonces.next()).toThrow('disk full');
  });

  it('an adapter nonce rule and a persisted floor are not combined', () => {
    const spec = { initial: () => 0, next: (s: unknown) => ({ nonce: 1, state: s }) };
    expect(() => new Nonces(spec, () => T, new NonceFile(freshFile()))).toThrow(NonceFloorError);
  });

  it('the file is custody\'s: a link at its path is refused, never read or written through', () => {
    const target = freshFile();
    new NonceFile(target).reserve(T);
    const link = join(dir, `link${files++}.json`);
    symlinkSync(target, link);
    expect(() => new NonceFile(link)).toThrow(CustodyError);
    expect(() => new NonceFile(link)).toThrow(/symbolic link/);
    // Opened before the link appeared: the write refuses it and the target keeps its floor.
    const path = freshFile();
    const floor = new NonceFile(path);
    symlinkSync(target, path);
    expect(() => floor.reserve(T + 5)).toThrow(/symbolic link/);
    expect(JSON.parse(readFileSync(target, 'utf8')).reservedThrough).toBe(T);
  });

  it('the engine opens the floor only for a venue that keeps every nonce, and will not start one without it', () => {
    const credentials = (venue: string) => ({ venue, env: 'sim' as const, apiKey: new Secret('k', 'api key'), apiSecret: new Secret('czNjcjN0', 'api secret') });
    const base = { env: 'sim' as const, simUrls: { rest: 'http://127.0.0.1:9', wsPublic: 'ws://127.0.0.1:9', wsPrivate: 'ws://127.0.0.1:9' }, symbol: '', sink: { push: () => undefined }, streams: false as const, deadman: { enabled: false }, reconcileEveryMs: 0, riskEveryMs: 0 };
    const path = freshFile();
    let opened = 0;
    const floor = () => {
      opened++;
      return new NonceFile(path);
    };
    new Engine({ ...base, venue: 'binance-usdm', credentials: credentials('binance-usdm'), nonceFloor: floor });
    expect(opened).toBe(0);
    expect(existsSync(path)).toBe(false);
    new Engine({ ...base, venue: 'kraken', credentials: credentials('kraken'), nonceFloor: floor });
    expect(opened).toBe(1);
    expect(() => new Engine({ ...base, venue: 'kraken', credentials: credentials('kraken') })).toThrow(NonceFloorError);
  });
});

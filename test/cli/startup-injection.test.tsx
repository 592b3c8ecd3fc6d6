// Venue text on the two ways out to a terminal outside the log file: the start-up error line
// (`quantdeck: …` on stderr) and the cockpit's event line / log view.
import { afterEach, describe, expect, it } from 'vitest';
import { oneLine } from '../../src/cli/main.js';
import { HttpTransportError } from '../../src/engine/http.js';
import { ClockSyncError } from '../../src/engine/time-sync.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { CRAFTED, VISIBLE, injected } from '../support/crafted-text.js';
import { liveSession, T0 } from '../store/fixtures.js';
import { type Mounted, mount } from '../views/harness.js';

class StartupError extends Error {
  override readonly name = 'StartupError';
}

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

describe('venue text reaching the terminal', () => {
  it('the start-up error line is one inert line', () => {
    for (const err of [new StartupError(`venue refused the key: ${CRAFTED}`), new Error(`boom ${CRAFTED}\nsecond`)]) {
      const line = oneLine(err, '/tmp/quantdeck.log');
      expect(injected(line)).toEqual([]);
      expect(line).not.toContain('\n');
      for (const v of VISIBLE) expect(line).toContain(v);
    }
  });

  it('an unreachable venue is named by its host, with no internal class name', () => {
    const cause = new HttpTransportError('serverTime', 'connect', 'ENOTFOUND', 'testnet.binancefuture.com');
    expect(oneLine(new ClockSyncError('start', cause), '/tmp/quantdeck.log')).toBe(
      'clock sync (start) failed: serverTime: could not reach testnet.binancefuture.com: ENOTFOUND',
    );
  });

  it("the cockpit's event line and log view show a venue's message inert", async () => {
    const hostile: EngineEvent = { type: 'log', at: T0 + 4000, level: 'error', text: `order rejected: ${CRAFTED}` };
    m = await mount([...liveSession(), hostile]);
    const frame = m.screen();
    expect(frame).toContain('order rejected: \\x1b]0;pwned-title');
    expect(injected(frame)).toEqual([]);
  });
});

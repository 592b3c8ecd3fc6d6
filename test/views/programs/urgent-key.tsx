// Run by test/views/urgent-key.test.ts in a process of its own with React's production build (the
// build the cockpit runs; development React defers a key's render differently). Presses X then y on
// a short position and prints, as JSON, whether React committed a frame between the flatten call
// and a macrotask later — where the engine's request reaches its socket.
import { render } from 'ink-testing-library';
import { createQuantStore } from '../../../src/store/store.js';
import { App } from '../../../views/App.js';
import { CockpitProvider, manualClock } from '../../../views/context.js';
import { liveSession, position, T0 } from '../../store/fixtures.js';
import { until } from '../../support/until.js';
import { RecordingActions } from '../recording-actions.js';

const store = createQuantStore({
  initialEvents: [...liveSession(), { type: 'positions', at: T0, snapshot: true, positions: [position({ qty: '-0.020' })] }],
});
const actions = new RecordingActions(true);
const seen: Array<{ committed: boolean }> = [];
let frames = (): number => 0;
const flatten = actions.flatten.bind(actions);
actions.flatten = async () => {
  const before = frames();
  const reply = flatten();
  // The reply, which the App shows, comes after the request went out.
  await new Promise((resolve) => setImmediate(resolve));
  seen.push({ committed: frames() > before });
  return reply;
};
const env = { store, actions, clock: manualClock(T0 + 3000), options: { size: { columns: 100, rows: 30 } } };
const r = render(
  <CockpitProvider env={env}>
    <App />
  </CockpitProvider>,
);
frames = () => r.frames.length;
const screen = () => r.lastFrame() ?? '';
await until(() => screen().includes('QUANTDECK'), 'the first frame');
r.stdin.write('X');
await until(() => screen().includes('y = yes'), 'the flatten question');
r.stdin.write('y');
await until(() => seen.length === 1, 'the action called');
await until(() => !screen().includes('y = yes'), 'the question gone');
r.unmount();
process.stdout.write(`${JSON.stringify({ production: process.env.NODE_ENV === 'production', calls: actions.calls.map((c) => c.name), seen })}\n`);

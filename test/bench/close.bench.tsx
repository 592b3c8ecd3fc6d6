// Keypress to the close order's bytes on the wire, in process, while 1,000 fills/s stream into the
// cockpit: the real cockpit (`startCockpit`, fake 120x40 TTY) on the real engine (Binance USD-M
// dialect, streams on) against the local venue in this process. Each sample opens a long position
// through the engine, waits for the cockpit to hold it, presses `X`, waits for the confirm, and
// times from handing `y` (the key that sends) to the moment a loopback TCP tap in front of the
// venue's REST port first receives bytes of `POST /fapi/v1/order … reduceOnly=true`: bytes that
// reached a socket, not a log line or a handler call. The path includes flatten's own positions
// read (the close is sized from the venue's position when sent).
import { createServer, type Server, connect } from 'node:net';
import type { EngineEvent } from '../../src/engine/events.js';
import { type BenchSection, percentile, asCockpitProcess } from './section.js';
import { CountingTty, KeyStdin } from './cockpit.bench.js';
import { until } from '../support/until.js';

const SAMPLES = Number(process.env['QD_BENCH_CLOSES'] ?? 100);
const FILLS_PER_S = 1000;
const big = 1_000_000_000;

/** A TCP relay to `target` that calls `onChunk` with each chunk the client sends, as it arrives. */
async function tap(
  targetUrl: string,
  onChunk: (text: string) => void,
): Promise<{ url: string; server: Server }> {
  const target = new URL(targetUrl);
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.on('data', (d: Buffer) => {
      onChunk(d.toString('latin1'));
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, server };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default async function bench(): Promise<BenchSection> {
  const [
    { startCockpit },
    { createBatcher },
    { createQuantStore },
    { Engine },
    { Secret },
    { startSim },
    { BINANCE_USDM_POOLS },
    { fill, T0 },
  ] = await asCockpitProcess(() =>
    Promise.all([
      import('../../src/cli/cockpit.js'),
      import('../../src/store/batcher.js'),
      import('../../src/store/store.js'),
      import('../../src/engine/engine.js'),
      import('../../src/core/secret.js'),
      import('../../src/sim/index.js'),
      import('../../src/venues/binance/limits.js'),
      import('../store/fixtures.js'),
    ]),
  );

  const sim = await startSim({
    tickMs: 0,
    seed: 'close-bench',
    limits: { requestWeightPerWindow: big, ordersShort: big, ordersLong: big },
  });
  let closeSeenAt = 0;
  let firstSeenAt = 0;
  let armed = false;
  const relay = await tap(sim.restUrl, (text) => {
    if (armed && firstSeenAt === 0 && text.includes('GET /fapi/v3/positionRisk'))
      firstSeenAt = performance.now();
    if (armed && text.includes('POST /fapi/v1/order') && text.includes('reduceOnly=true')) {
      closeSeenAt = performance.now();
      armed = false;
    }
  });
  const store = createQuantStore({ initialEvents: [] });
  const batcher = createBatcher(store);
  const key = sim.accounts[0]!.hmac!;
  const engine = new Engine({
    venue: 'binance-usdm',
    env: 'sim',
    credentials: {
      venue: 'binance-usdm',
      env: 'sim',
      apiKey: new Secret(key.apiKey),
      apiSecret: key.secret!,
    },
    simUrls: { rest: relay.url, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: 'BTCUSDT',
    sink: batcher,
    deadman: { enabled: false },
    pools: BINANCE_USDM_POOLS.map((p) => ({ ...p, limit: big })),
  });
  batcher.push({
    type: 'session',
    at: Date.now(),
    venue: 'binance-usdm',
    env: 'sim',
    account: 'bench',
    symbol: 'BTCUSDT',
  });
  await engine.start();

  const tty = new CountingTty();
  const stdin = new KeyStdin();
  let screen = '';
  tty.onChunk = (chunk) => {
    screen = (screen + chunk).slice(-20_000);
  };
  const handle = startCockpit({
    store,
    actions: engine,
    stdout: tty as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  });

  // The storm: synthetic fills into the same batcher the engine feeds (no synthetic positions:
  // the position the cockpit flattens is the venue's own).
  let n = 0;
  const stormStart = performance.now();
  const storm = setInterval(() => {
    const due = Math.floor(((performance.now() - stormStart) / 1000) * FILLS_PER_S);
    for (; n < due; n++)
      batcher.push({
        type: 'fill',
        at: T0 + n,
        fill: fill(1_000_000 + n, { price: (64_210 + (n % 7) / 10).toFixed(1), time: Date.now() }),
      } as EngineEvent);
  }, 10);

  const held = () => {
    const p = store.getState().positions['BTCUSDT'];
    return p !== undefined && Number(p.qty) !== 0;
  };
  const latencies: number[] = [];
  const firstRequest: number[] = [];
  const errors: string[] = [];
  try {
    for (let i = 0; i < SAMPLES + 3; i++) {
      if (!held()) {
        const r = await engine.place(
          { symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.01', reduceOnly: false, postOnly: false },
          { confirmed: true },
        );
        if (!r.ok) throw new Error(`opening the position: ${r.error}`);
        await until(held, 'the position in the store');
      }
      await sleep(100);
      screen = '';
      stdin.press('X');
      await until(() => screen.includes('Flatten BTCUSDT'), 'the flatten confirm on screen');
      closeSeenAt = 0;
      firstSeenAt = 0;
      armed = true;
      const pressed = performance.now();
      stdin.press('y');
      await until(() => closeSeenAt !== 0, 'the close order on the wire');
      if (firstSeenAt === 0 || firstSeenAt > closeSeenAt)
        throw new Error('the close went out without reading the position first');
      if (i >= 3) {
        latencies.push(closeSeenAt - pressed);
        firstRequest.push(firstSeenAt - pressed);
      }
      await until(() => !held(), 'flat in the store');
    }
  } catch (e) {
    errors.push(String(e));
  } finally {
    clearInterval(storm);
    batcher.close();
    handle.stop();
    await handle.done;
    await engine.stop();
    relay.server.close();
    await sim.close();
  }
  if (errors.length > 0 && latencies.length === 0) throw new Error(errors[0]);
  const round = (x: number) => Math.round(x * 10) / 10;
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  return {
    title: `keypress → close order on the wire, in process, under ${FILLS_PER_S} fills/s (Binance USD-M dialect, venue in process)`,
    rows: [
      {
        run: `y → GET /fapi/v3/positionRisk on the wire (flatten's position read) (${firstRequest.length})`,
        'p50 ms': round(percentile(firstRequest, 50)),
        'p99 ms': round(percentile(firstRequest, 99)),
        max: round(Math.max(...firstRequest)),
      },
      {
        run: `y → POST /fapi/v1/order reduceOnly=true at the TCP tap (${latencies.length} closes)`,
        'p50 ms': round(p50),
        'p99 ms': round(p99),
        max: round(Math.max(...latencies)),
      },
    ],
    notes: [
      `timed from handing 'y' (the key that sends; 'X' only asks) to the request's first bytes reaching a loopback TCP relay in front of the venue; flatten reads the venue's position first (one GET on the critical lane), then sends`,
      `keypress → close on the wire p99 ${round(p99)} ms (goal ≤ 50 ms); ${n} storm fills pushed`,
      ...errors.map((e) => `stopped early: ${e}`),
    ],
    figures: { 'cockpit.close_keypress_p50_ms': p50, 'cockpit.close_keypress_p99_ms': p99 },
  };
}

// A desk's failure domains (src/cli/desk*.ts): three accounts on two local-venue dialects in one
// process, composed exactly as `--demo-desk` composes them (startLocalDesk + composeDesk), each
// with its own store, batcher and engine. One account's venue bans the IP (418) or refuses its key;
// that account's own store says so, and the other two place orders the venues acknowledge — each
// account alone and through the desk's fan-out, where the failed one is skipped and says why.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GUARD_LIMITS } from '../../src/core/order-guard.js';
import { DEFAULT_SLIPPAGE_PCT } from '../../src/core/slippage.js';
import { SharedPools } from '../../src/core/shared-pools.js';
import type { DeskAccountSpec, DeskMember } from '../../src/cli/desk-account.js';
import { type LocalDesk, type LocalDeskAccount, startLocalDesk } from '../../src/cli/desk-local.js';
import { composeDesk } from '../../src/cli/desk.js';
import type { DeskPlan } from '../../src/cli/desk-plan.js';
import type { JournalRecord } from '../../src/core/journal.js';
import type { OrderTicket } from '../../src/store/actions.js';
import { until } from '../support/until.js';

const BINANCE = 'binance-usdm';
const OKX = 'okx';
const SYMBOL: Record<string, string> = { [BINANCE]: 'BTCUSDT', [OKX]: 'BTC-USDT-SWAP' };
// 0.01 BTC on Binance; one OKX contract (0.01 BTC).
const QTY: Record<string, string> = { [BINANCE]: '0.01', [OKX]: '1' };

type Running = ReturnType<typeof composeDesk>;
let running: Running | undefined;
let local: LocalDesk | undefined;

afterEach(async () => {
  await running?.stop();
  await local?.close();
  running = undefined;
  local = undefined;
});

function spec(name: string, venue: string): DeskAccountSpec {
  return {
    name,
    venue,
    env: 'sim',
    symbol: SYMBOL[venue] as string,
    guard: { ...DEFAULT_GUARD_LIMITS },
    slippagePct: DEFAULT_SLIPPAGE_PCT,
  };
}

/** The process's one journal, as every engine of the desk appends to it. */
let journal: JournalRecord[] = [];

/** The desk over its local venues; `beforeStart` runs once every venue is up, before any engine. */
async function startDesk(accounts: LocalDeskAccount[], beforeStart: (local: LocalDesk) => Promise<void>): Promise<Running> {
  journal = [];
  const plan: DeskPlan = {
    accounts: accounts.map((a) => spec(a.name, a.venue)),
    groups: { desk: accounts.map((a) => a.name) },
    targets: new Map(),
  };
  const venues = new Set(accounts.map((a) => a.venue)).size;
  const logger = pino({ level: 'silent' });
  const desk = startLocalDesk(accounts, { logger, sinkOf: (name) => running?.members.find((m) => m.account.name === name)?.sink });
  local = desk;
  await until(() => desk.handles().size === venues, 'every local venue up');
  await beforeStart(desk);
  running = composeDesk(plan, {
    shared: { logger, sharedPools: new SharedPools(), journal: { append: (r) => journal.push(r) } },
    wiring: (name) => desk.wiring(name),
  });
  return running;
}

function member(name: string): DeskMember {
  const found = running?.members.find((m) => m.account.name === name);
  if (found === undefined) throw new Error(`no member ${name}`);
  return found;
}

/** True once the account's engine has started (its sockets opened): the store's session says which. */
async function startedOf(m: DeskMember): Promise<boolean> {
  await until(() => m.engine !== undefined && Object.values(m.account.store.getState().sockets).some((c) => c.state === 'live'), `${m.account.name} live`);
  return true;
}

function errors(name: string): string[] {
  return member(name)
    .account.store.getState()
    .log.filter((l) => l.level === 'error')
    .map((l) => l.text);
}

/** A buy 5 % under the account's reference price, on its tick: it rests, so its ack is seen. */
async function restingBuy(m: DeskMember): Promise<OrderTicket> {
  const engine = m.engine;
  if (engine === undefined) throw new Error(`${m.account.name} has no engine`);
  let ref = Number.NaN;
  await until(async () => {
    ref = Number(await engine.referencePrice());
    return ref > 0;
  }, `${m.account.name}'s reference price`);
  return {
    symbol: SYMBOL[m.account.venue] as string,
    side: 'buy',
    type: 'limit',
    qty: QTY[m.account.venue] as string,
    price: (Math.round(ref * 0.95 * 10) / 10).toFixed(1),
    reduceOnly: false,
    postOnly: false,
  };
}

/** Places a resting buy on the account and waits until its own store holds it acknowledged by the venue. */
async function placedAndAcked(name: string): Promise<void> {
  const m = member(name);
  const placed = await m.account.actions.place(await restingBuy(m));
  expect(placed, `${name}: ${JSON.stringify(placed)}`).toMatchObject({ ok: true });
  const id = placed.ok ? placed.clientOrderId : undefined;
  expect(id, name).toBeDefined();
  await until(() => {
    const order = m.account.store.getState().orders[id as string];
    return order?.state === 'new' && order.venueOrderId !== undefined;
  }, `${name}'s order acknowledged on its own store`);
}

/** The fan-out of one resting buy to the whole desk, led by `lead`; each account's line by name. */
async function fanOut(lead: string): Promise<Record<string, string>> {
  const desk = running?.desk.actions;
  if (desk === undefined) throw new Error('the desk has no group actions');
  const out = await desk.fanOut(running?.desk.groups['desk'] ?? [], await restingBuy(member(lead)), lead);
  return Object.fromEntries(out.map((o) => [o.account, o.status]));
}

describe('a desk of three accounts on two dialects', () => {
  it('a 418 ban on one account\'s venue: that account shows it, the other two trade', async () => {
    const desk = await startDesk(
      [
        { name: 'bn-banned', venue: BINANCE },
        { name: 'okx-a', venue: OKX },
        { name: 'okx-b', venue: OKX },
      ],
      // Banned before its engine's first request: every request of that venue gets 418.
      async (l) => {
        await l.handles().get(BINANCE)?.control.setFaults({ now: { banMs: 600_000 } });
      },
    );
    await until(() => errors('bn-banned').some((e) => e.includes('418')), "bn-banned's ban on its own store");
    // The banned start waits out the ban on its own; the others do not wait for it.
    const [, a, b] = await Promise.race([desk.started, Promise.all([false, ...desk.members.slice(1).map((m) => startedOf(m))])]);
    expect([a, b]).toEqual([true, true]);
    await Promise.all([placedAndAcked('okx-a'), placedAndAcked('okx-b')]);
    // The failure stayed where it happened.
    expect(errors('okx-a')).toEqual([]);
    expect(errors('okx-b')).toEqual([]);
    // Its actions refuse, and the desk's fan-out reaches the others while it cannot send.
    const refused = await member('bn-banned').account.actions.place({ ...(await restingBuy(member('okx-a'))), symbol: 'BTCUSDT', qty: '0.01' });
    // Its key check waits out the ban on the venue's word, not by hammering it.
    expect(refused).toEqual({ ok: false, error: 'not ready: checking the key with the venue' });
    expect(await fanOut('okx-a')).toEqual({ 'bn-banned': 'skipped', 'okx-a': 'sent', 'okx-b': 'sent' });
  }, 90_000);

  it('a refused key (it can withdraw) on one account: that account shows it, the other two trade', async () => {
    const desk = await startDesk(
      [
        { name: 'bn-ok', venue: BINANCE },
        { name: 'bn-withdraws', venue: BINANCE, spec: { keys: [{ type: 'hmac', permissions: { enableWithdrawals: true } }] } },
        { name: 'okx-c', venue: OKX },
      ],
      async () => undefined,
    );
    expect(await desk.started).toEqual([true, false, true]);
    expect(errors('bn-withdraws').join(' ')).toMatch(/bn-withdraws did not start: key refused: .*withdraw/);
    expect(member('bn-withdraws').engine).toBeUndefined();
    await Promise.all([placedAndAcked('bn-ok'), placedAndAcked('okx-c')]);
    expect(errors('bn-ok')).toEqual([]);
    expect(errors('okx-c')).toEqual([]);
    expect(await fanOut('bn-ok')).toEqual({ 'bn-ok': 'sent', 'bn-withdraws': 'skipped', 'okx-c': 'sent' });
    // One journal for the process: every intent stamped with its own account, none with the refused one's.
    const intents = journal.filter((r) => r.event === 'intent');
    expect(new Set(intents.map((r) => `${r.account} ${r.venue}`))).toEqual(new Set([`bn-ok ${BINANCE}`, `okx-c ${OKX}`]));
    expect(intents).toHaveLength(4);
    // The quit's dead-man plan reaches every running engine: left armed, each says when the venue cancels.
    await desk.stop({ deadman: 'leave-armed' });
    for (const name of ['bn-ok', 'okx-c'])
      expect(member(name).account.store.getState().log.map((l) => l.text).join('\n'), name).toMatch(/dead-man left armed: the venue cancels open orders/);
  }, 90_000);
});

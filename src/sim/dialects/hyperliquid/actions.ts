// `/exchange` request bodies as the venue reads them: it deserialises the JSON into typed actions
// and hashes THOSE (msgpack, fields in the venue's declaration order), so a client's JSON key
// order does not matter but a missing field, a wrong type or an unknown action does. A body that
// does not deserialise gets the 422 plain-text reply the venue's HTTP server gives.
import type { WireSignature } from './verify.js';

/** 422 "Failed to deserialize the JSON body into the target type: …". */
export class BadBody extends Error {
  constructor(why: string) {
    super(`Failed to deserialize the JSON body into the target type: ${why}`);
    this.name = 'BadBody';
  }
}

export interface OrderWire {
  a: number;
  b: boolean;
  p: string;
  s: string;
  r: boolean;
  t: { limit: { tif: string } } | { trigger: { isMarket: boolean; triggerPx: string; tpsl: string } };
  c?: string;
}

export type Action =
  | { type: 'order'; orders: OrderWire[]; grouping: string; builder?: { b: string; f: number } }
  | { type: 'cancel'; cancels: Array<{ a: number; o: number }> }
  | { type: 'cancelByCloid'; cancels: Array<{ asset: number; cloid: string }> }
  | { type: 'scheduleCancel'; time?: number }
  | { type: 'modify'; oid: number | string; order: OrderWire }
  | { type: 'batchModify'; modifies: Array<{ oid: number | string; order: OrderWire }> }
  | { type: 'setReferrer'; code: string }
  | { type: 'updateLeverage'; asset: number; isCross: boolean; leverage: number }
  | ApproveBuilderFee;

/** A user-signed action (EIP-712, signed by the master itself, never an agent). */
export interface ApproveBuilderFee {
  type: 'approveBuilderFee';
  hyperliquidChain: string;
  signatureChainId: string;
  maxFeeRate: string;
  builder: string;
  nonce: number;
}

export interface ExchangeBody {
  action: Action;
  nonce: number;
  signature: WireSignature;
  vaultAddress: string | null;
  expiresAfter: number | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(v: unknown, at: string): Obj {
  if (!isObj(v)) throw new BadBody(`${at}: invalid type, expected a map`);
  return v;
}
function uint(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new BadBody(`${at}: invalid type, expected u64`);
  return v;
}
function bool(v: unknown, at: string): boolean {
  if (typeof v !== 'boolean') throw new BadBody(`${at}: invalid type, expected a boolean`);
  return v;
}
function text(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new BadBody(`${at}: invalid type, expected a string`);
  return v;
}
function list(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new BadBody(`${at}: invalid type, expected a sequence`);
  return v;
}
const CLOID = /^0x[0-9a-fA-F]{32}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
function cloid(v: unknown, at: string): string {
  const c = text(v, at);
  if (!CLOID.test(c)) throw new BadBody(`${at}: a cloid is 16 bytes of 0x-hex`);
  return c.toLowerCase();
}

/** A modify's target: the venue's oid (a number) or the order's cloid (0x-hex). */
function orderTarget(v: unknown, at: string): number | string {
  return typeof v === 'number' ? uint(v, at) : cloid(v, at);
}

function orderType(v: unknown, at: string): OrderWire['t'] {
  const t = obj(v, at);
  if (isObj(t['limit'])) return { limit: { tif: text(t['limit']['tif'], `${at}.limit.tif`) } };
  if (isObj(t['trigger'])) {
    const g = t['trigger'];
    return {
      trigger: { isMarket: bool(g['isMarket'], `${at}.trigger.isMarket`), triggerPx: text(g['triggerPx'], `${at}.trigger.triggerPx`), tpsl: text(g['tpsl'], `${at}.trigger.tpsl`) },
    };
  }
  throw new BadBody(`${at}: expected limit or trigger`);
}

function orderWire(v: unknown, at: string): OrderWire {
  const o = obj(v, at);
  const wire: OrderWire = {
    a: uint(o['a'], `${at}.a`),
    b: bool(o['b'], `${at}.b`),
    p: text(o['p'], `${at}.p`),
    s: text(o['s'], `${at}.s`),
    r: bool(o['r'], `${at}.r`),
    t: orderType(o['t'], `${at}.t`),
  };
  if (o['c'] !== undefined && o['c'] !== null) wire.c = cloid(o['c'], `${at}.c`);
  return wire;
}

/** The action in the venue's field order (what is hashed), or BadBody. */
export function canonicalAction(raw: unknown): Action {
  const a = obj(raw, 'action');
  const type = text(a['type'], 'action.type');
  switch (type) {
    case 'order': {
      const out: Action = {
        type: 'order',
        orders: list(a['orders'], 'action.orders').map((o, i) => orderWire(o, `action.orders[${i}]`)),
        grouping: text(a['grouping'], 'action.grouping'),
      };
      if (isObj(a['builder'])) out.builder = { b: text(a['builder']['b'], 'action.builder.b').toLowerCase(), f: uint(a['builder']['f'], 'action.builder.f') };
      return out;
    }
    case 'cancel':
      return {
        type: 'cancel',
        cancels: list(a['cancels'], 'action.cancels').map((c, i) => {
          const o = obj(c, `action.cancels[${i}]`);
          return { a: uint(o['a'], `action.cancels[${i}].a`), o: uint(o['o'], `action.cancels[${i}].o`) };
        }),
      };
    case 'cancelByCloid':
      return {
        type: 'cancelByCloid',
        cancels: list(a['cancels'], 'action.cancels').map((c, i) => {
          const o = obj(c, `action.cancels[${i}]`);
          return { asset: uint(o['asset'], `action.cancels[${i}].asset`), cloid: cloid(o['cloid'], `action.cancels[${i}].cloid`) };
        }),
      };
    case 'modify':
      return { type: 'modify', oid: orderTarget(a['oid'], 'action.oid'), order: orderWire(a['order'], 'action.order') };
    case 'batchModify':
      return {
        type: 'batchModify',
        modifies: list(a['modifies'], 'action.modifies').map((m, i) => {
          const o = obj(m, `action.modifies[${i}]`);
          return { oid: orderTarget(o['oid'], `action.modifies[${i}].oid`), order: orderWire(o['order'], `action.modifies[${i}].order`) };
        }),
      };
    case 'scheduleCancel': {
      const out: Action = { type: 'scheduleCancel' };
      if (a['time'] !== undefined && a['time'] !== null) out.time = uint(a['time'], 'action.time');
      return out;
    }
    case 'setReferrer':
      return { type: 'setReferrer', code: text(a['code'], 'action.code') };
    case 'updateLeverage':
      return {
        type: 'updateLeverage',
        asset: uint(a['asset'], 'action.asset'),
        isCross: bool(a['isCross'], 'action.isCross'),
        leverage: uint(a['leverage'], 'action.leverage'),
      };
    case 'approveBuilderFee': {
      const builder = text(a['builder'], 'action.builder');
      if (!ADDRESS.test(builder)) throw new BadBody('action.builder: expected an address');
      return {
        type: 'approveBuilderFee',
        hyperliquidChain: text(a['hyperliquidChain'], 'action.hyperliquidChain'),
        signatureChainId: text(a['signatureChainId'], 'action.signatureChainId'),
        maxFeeRate: text(a['maxFeeRate'], 'action.maxFeeRate'),
        builder,
        nonce: uint(a['nonce'], 'action.nonce'),
      };
    }
    default:
      throw new BadBody(
        `action.type: unknown variant \`${type}\`, expected one of order, cancel, cancelByCloid, modify, batchModify, scheduleCancel, setReferrer, updateLeverage, approveBuilderFee`,
      );
  }
}


/** The whole `/exchange` body. */
export function exchangeBody(raw: unknown): ExchangeBody {
  const b = obj(raw, 'body');
  const sig = obj(b['signature'], 'signature');
  const vault = b['vaultAddress'] ?? null;
  if (vault !== null && (typeof vault !== 'string' || !ADDRESS.test(vault))) throw new BadBody('vaultAddress: expected an address or null');
  const expires = b['expiresAfter'] ?? null;
  return {
    action: canonicalAction(b['action']),
    nonce: uint(b['nonce'], 'nonce'),
    signature: { r: sig['r'], s: sig['s'], v: sig['v'] },
    vaultAddress: vault === null ? null : (vault as string).toLowerCase(),
    expiresAfter: expires === null ? null : uint(expires, 'expiresAfter'),
  };
}

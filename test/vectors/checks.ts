// One check per vector kind: rebuild what the record says is signed, sign it with the project's
// signers, and compare with the record's `expected`. A check returns null on a match, or a
// sentence saying what differed.
import { Secret } from '../../src/core/secret.js';
import {
  binanceWsPayload,
  buildBinanceQuery,
  type BinanceKey,
  signBinancePayload,
} from '../../src/venues/binance/sign.js';
import { signBybitRest, signBybitWsAuth } from '../../src/venues/bybit/sign.js';
import { coinbaseRestJwt } from '../../src/venues/coinbase/sign.js';
import { l1ActionHash } from '../../src/venues/hyperliquid/action-hash.js';
import {
  signDigest,
  signL1Action,
  signUserAction,
  type WireSignature,
} from '../../src/venues/hyperliquid/sign.js';
import { agentDigest } from '../../src/venues/hyperliquid/typed-data.js';
import { signKraken } from '../../src/venues/kraken/sign.js';
import { signOkxRest, signOkxWsLogin } from '../../src/venues/okx/sign.js';

export type VectorRecord = Record<string, unknown> & { kind: string; expected: unknown; source?: string };
type Check = (r: VectorRecord) => string | null;

function str(r: VectorRecord, field: string): string {
  const v = r[field];
  if (typeof v !== 'string') throw new Error(`field ${field} must be a string`);
  return v;
}

/** A whole number written as a JSON number or as its decimal string (Bybit's `expires`, timestamps). */
function whole(r: VectorRecord, field: string): string | number {
  const v = r[field];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return v;
  throw new Error(`field ${field} must be a whole number or its decimal string`);
}

function num(r: VectorRecord, field: string): number {
  const v = r[field];
  if (typeof v !== 'number') throw new Error(`field ${field} must be a number`);
  return v;
}

function nullableNum(r: VectorRecord, field: string): number | null {
  const v = r[field];
  if (v === null || v === undefined) return null;
  return num(r, field);
}

function same(what: string, expected: unknown, actual: string): string | null {
  return expected === actual ? null : `${what}: expected ${String(expected)}, got ${actual}`;
}

function samePayloadThenSignature(
  r: VectorRecord,
  payload: string,
  sign: (p: string) => string,
): string | null {
  if ('payload' in r && r.payload !== payload)
    return `payload: expected ${String(r.payload)}, got ${payload}`;
  return same('signature', r.expected, sign(payload));
}

function pairs(r: VectorRecord): Array<[string, string]> {
  const params = r.params;
  if (!Array.isArray(params)) throw new Error('params must be an array of [name, value] pairs');
  return params.map((p) => {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string') {
      throw new Error('each param must be [name, value] strings');
    }
    return [p[0], p[1]];
  });
}

function stringRecord(r: VectorRecord, field: string): Record<string, string> {
  const v = r[field];
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`field ${field} must be an object`);
  return v as Record<string, string>;
}

/** r and s compared as integers (the wire form drops leading zeros), v exactly. */
function sameSignature(expected: unknown, actual: WireSignature): string | null {
  const e = expected as Partial<WireSignature> | null;
  if (typeof e?.r !== 'string' || typeof e.s !== 'string') return 'expected must be {r, s, v}';
  const ok = BigInt(e.r) === BigInt(actual.r) && BigInt(e.s) === BigInt(actual.s) && e.v === actual.v;
  return ok ? null : `signature: expected ${JSON.stringify(e)}, got ${JSON.stringify(actual)}`;
}

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}`;

function binanceKey(r: VectorRecord, type: BinanceKey['type']): BinanceKey {
  if (type === 'hmac') return { type, secret: new Secret(str(r, 'secret'), 'vector secret') };
  return { type, privateKey: new Secret(str(r, 'privateKey'), 'vector private key') };
}

function l1Input(r: VectorRecord) {
  const vault = r.vaultAddress;
  if (vault !== null && vault !== undefined && typeof vault !== 'string')
    throw new Error('vaultAddress must be a string or null');
  return {
    action: r.action,
    nonce: num(r, 'nonce'),
    vaultAddress: vault ?? null,
    expiresAfter: nullableNum(r, 'expiresAfter'),
  };
}

const binanceRest =
  (type: BinanceKey['type']): Check =>
  (r) =>
    samePayloadThenSignature(r, buildBinanceQuery(pairs(r)), (p) =>
      signBinancePayload(binanceKey(r, type), p),
    );
const binanceWs =
  (type: BinanceKey['type']): Check =>
  (r) =>
    samePayloadThenSignature(r, binanceWsPayload(stringRecord(r, 'params')), (p) =>
      signBinancePayload(binanceKey(r, type), p),
    );

export const CHECKS: Readonly<Record<string, Check>> = {
  'binance.rest.hmac': binanceRest('hmac'),
  'binance.rest.rsa': binanceRest('rsa'),
  'binance.rest.ed25519': binanceRest('ed25519'),
  'binance.wsapi.hmac': binanceWs('hmac'),
  'binance.wsapi.rsa': binanceWs('rsa'),
  'binance.wsapi.ed25519': binanceWs('ed25519'),
  'okx.rest': (r) =>
    same(
      'signature',
      r.expected,
      signOkxRest(new Secret(str(r, 'secret')), {
        timestamp: str(r, 'timestamp'),
        method: str(r, 'method'),
        requestPath: str(r, 'requestPath'),
        body: str(r, 'body'),
      }),
    ),
  'okx.ws.login': (r) =>
    same('signature', r.expected, signOkxWsLogin(new Secret(str(r, 'secret')), str(r, 'timestamp'))),
  'bybit.rest': (r) =>
    same(
      'signature',
      r.expected,
      signBybitRest(new Secret(str(r, 'secret')), {
        timestamp: whole(r, 'timestamp'),
        apiKey: str(r, 'apiKey'),
        recvWindow: whole(r, 'recvWindow'),
        payload: str(r, 'payload'),
      }),
    ),
  'bybit.ws.auth': (r) =>
    same('signature', r.expected, signBybitWsAuth(new Secret(str(r, 'secret')), whole(r, 'expires'))),
  'kraken.rest': (r) =>
    same(
      'API-Sign',
      r.expected,
      signKraken(new Secret(str(r, 'secret')), {
        uriPath: str(r, 'uriPath'),
        nonce: str(r, 'nonce'),
        postData: str(r, 'postData'),
      }),
    ),
  'coinbase.jwt': (r) => {
    if (r.alg !== 'EdDSA') return `only EdDSA JWTs are deterministic; got alg ${String(r.alg)}`;
    const jwt = coinbaseRestJwt(
      { keyName: str(r, 'keyName'), privateKey: new Secret(str(r, 'secret')) },
      {
        method: str(r, 'method'),
        host: str(r, 'host'),
        path: str(r, 'path'),
        now: num(r, 'now'),
        nonce: str(r, 'nonce'),
      },
    );
    return same('jwt', r.expected, jwt);
  },
  'hyperliquid.l1.hash': (r) => same('connectionId', r.expected, hex(l1ActionHash(l1Input(r)))),
  'hyperliquid.l1.sign': (r) => {
    const isMainnet = r.isMainnet;
    if (typeof isMainnet !== 'boolean') throw new Error('isMainnet must be a boolean');
    return sameSignature(
      r.expected,
      signL1Action(new Secret(str(r, 'privateKey')), { ...l1Input(r), isMainnet }),
    );
  },
  'hyperliquid.agent.sign': (r) => {
    const connectionId = Buffer.from(str(r, 'connectionId').replace(/^0x/, ''), 'hex');
    return sameSignature(
      r.expected,
      signDigest(new Secret(str(r, 'privateKey')), agentDigest(connectionId, r.isMainnet === true)),
    );
  },
  'hyperliquid.user.sign': (r) => {
    const isMainnet = r.isMainnet;
    if (typeof isMainnet !== 'boolean') throw new Error('isMainnet must be a boolean');
    const message = r.message as Record<string, unknown>;
    return sameSignature(
      r.expected,
      signUserAction(new Secret(str(r, 'privateKey')), {
        primaryType: str(r, 'primaryType'),
        message,
        isMainnet,
      }),
    );
  },
};

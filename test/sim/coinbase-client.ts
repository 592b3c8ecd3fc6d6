// A Coinbase Advanced Trade REST client written for these tests from the venue's docs, NOT our signers:
// `Authorization: Bearer <JWT>`, a fresh token per request, header `{alg, kid, nonce, typ}` and claims
// `{sub, iss: "cdp", nbf, exp: nbf + 120, uri: "METHOD host/path"}`; ES256 signatures as JOSE r ‖ s,
// EdDSA as Ed25519; base64url without padding.
import { createPrivateKey, type KeyObject, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SimHandle, SimKey } from '../../src/sim/index.js';

export interface CoinbaseReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in the tests
  json: any;
  text: string;
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export interface JwtParts {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
}

/** A CDP JWT: header and claims as the docs give them, each overridable (undefined removes a field). */
export function cdpJwt(keyName: string, key: KeyObject, uri: string | undefined, nowS: number, over: JwtParts = {}): string {
  const alg = key.asymmetricKeyType === 'ed25519' ? 'EdDSA' : 'ES256';
  const header = { alg, kid: keyName, nonce: randomBytes(16).toString('hex'), typ: 'JWT', ...over.header };
  const claims = { sub: keyName, iss: 'cdp', nbf: nowS, exp: nowS + 120, ...(uri === undefined ? {} : { uri }), ...over.claims };
  const input = `${b64url(header)}.${b64url(claims)}`;
  const sig =
    alg === 'EdDSA'
      ? sign(null, Buffer.from(input), key)
      : sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

export interface CoinbaseCall {
  key?: SimKey;
  /** Replace the whole Authorization header (null: send none). */
  authorization?: string | null;
  /** Overrides of the token's header and claims. */
  jwt?: JwtParts;
  /** The `uri` claim to sign (default: this request's). */
  uri?: string;
  /** Seconds to add to the clock the token is minted with. */
  skewS?: number;
}

export class CoinbaseTestClient {
  readonly host: string;

  constructor(
    readonly sim: SimHandle,
    readonly key: SimKey = sim.accounts[0]!.ec!,
  ) {
    this.host = new URL(sim.restUrl).host;
  }

  privateKey(key: SimKey = this.key): KeyObject {
    return createPrivateKey(readFileSync(key.privateKeyFile!, 'utf8'));
  }

  async send(method: 'GET' | 'POST', path: string, body?: unknown, o: CoinbaseCall = {}, auth = true): Promise<CoinbaseReply> {
    const full = `/api/v3/brokerage${path}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth && o.authorization !== null) {
      const key = o.key ?? this.key;
      const bare = full.split('?')[0]!;
      const nowS = Math.floor(Date.now() / 1000) + (o.skewS ?? 0);
      headers.authorization =
        o.authorization ?? `Bearer ${cdpJwt(key.apiKey, this.privateKey(key), o.uri ?? `${method} ${this.host}${bare}`, nowS, o.jwt)}`;
    }
    const res = await fetch(`${this.sim.restUrl}${full}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  get(path: string, o?: CoinbaseCall): Promise<CoinbaseReply> {
    return this.send('GET', path, undefined, o);
  }

  post(path: string, body: unknown, o?: CoinbaseCall): Promise<CoinbaseReply> {
    return this.send('POST', path, body, o);
  }

  pub(path: string): Promise<CoinbaseReply> {
    return this.send('GET', path, undefined, {}, false);
  }
}

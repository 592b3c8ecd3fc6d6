// A Kraken spot REST client written for these tests from the venue's docs, NOT our signers: API-Sign =
// base64(HMAC-SHA512(base64-decoded secret, path + SHA-256(nonce + body))), form-encoded POST bodies
// carrying `nonce`, the API-Key header.
import { createHash, createHmac } from 'node:crypto';
import { revealSecret } from '../../src/core/secret.js';
import type { SimHandle, SimKey } from '../../src/sim/index.js';

export interface KrakenReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in the tests
  json: any;
  text: string;
}

export function apiSign(secretBase64: string, path: string, nonce: string, body: string): string {
  const inner = createHash('sha256').update(nonce + body).digest();
  return createHmac('sha512', Buffer.from(secretBase64, 'base64')).update(path).update(inner).digest('base64');
}

export interface KrakenCall {
  key?: SimKey;
  /** The nonce to send (default: the next of this client's counter). */
  nonce?: string | null;
  /** Replace the signature. */
  sign?: string;
  /** Send JSON instead of a form. */
  json?: boolean;
}

export class KrakenTestClient {
  #nonce = BigInt(Date.now()) * 1000n;

  constructor(
    readonly sim: SimHandle,
    readonly key: SimKey = sim.accounts[0]!.hmac!,
  ) {}

  nextNonce(): string {
    this.#nonce += 1n;
    return String(this.#nonce);
  }

  async #send(path: string, init: RequestInit): Promise<KrakenReply> {
    const res = await fetch(`${this.sim.restUrl}${path}`, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  pub(method: string, params: Record<string, string> = {}): Promise<KrakenReply> {
    const q = new URLSearchParams(params).toString();
    return this.#send(`/0/public/${method}${q === '' ? '' : `?${q}`}`, {});
  }

  priv(method: string, params: Record<string, string | number | boolean> = {}, o: KrakenCall = {}): Promise<KrakenReply> {
    const path = `/0/private/${method}`;
    const key = o.key ?? this.key;
    const nonce = o.nonce === undefined ? this.nextNonce() : o.nonce;
    const fields: Record<string, string | number | boolean> = nonce === null ? { ...params } : { nonce: o.json ? Number(nonce) : nonce, ...params };
    const body = o.json
      ? JSON.stringify(fields)
      : new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
    const sign = o.sign ?? apiSign(revealSecret(key.secret!), path, nonce ?? '', body);
    return this.#send(path, {
      method: 'POST',
      headers: {
        'content-type': o.json ? 'application/json' : 'application/x-www-form-urlencoded',
        'API-Key': key.apiKey,
        'API-Sign': sign,
      },
      body,
    });
  }
}

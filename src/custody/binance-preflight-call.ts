/**
 * TEMPORARY — until src/engine/http.ts exists; the lead swaps this for the engine's HTTP layer
 * and the Binance adapter's signer. A minimal signed GET of /sapi/v1/account/apiRestrictions
 * (HMAC keys only) with node:crypto and undici, timestamped by the local clock (the engine will
 * use its venue clock). Errors are redacted before they are thrown.
 */
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { revealSecret } from '../core/secret.js';
import { redactError } from '../log/secret-registry.js';
import { binancePermissions } from '../venues/binance/permissions.js';
import type { CustodyCredentials } from './credentials.js';
import { CustodyError } from './errors.js';

/** Where the key-permission endpoint lives per env (it is on the spot API host, /sapi). */
export function binancePermissionsBaseUrl(env: CustodyCredentials['env'], simUrl?: string): string {
  switch (env) {
    case 'sim':
      if (simUrl === undefined)
        throw new CustodyError('the local venue has no fixed address: pass --base-url http://127.0.0.1:PORT');
      return simUrl;
    case 'live':
      return 'https://api.binance.com';
    default:
      throw new CustodyError(
        `Binance ${env} has no key-permission endpoint (/sapi is mainnet only); check the key on mainnet or in the sim`,
      );
  }
}

export async function fetchBinancePermissions(
  credentials: CustodyCredentials,
  baseUrl: string,
): Promise<unknown> {
  if (credentials.apiSecret === undefined) {
    throw new CustodyError(
      'the temporary preflight call signs with HMAC only; Ed25519/RSA keys wait for the engine',
    );
  }
  const plan = binancePermissions.request();
  const query = `timestamp=${Date.now()}&recvWindow=5000`;
  const signature = createHmac('sha256', revealSecret(credentials.apiSecret)).update(query).digest('hex');
  const url = `${baseUrl}${plan.path}?${query}&signature=${signature}`;
  try {
    const response = await request(url, {
      method: 'GET',
      headers: { 'X-MBX-APIKEY': revealSecret(credentials.apiKey) },
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const text = await response.body.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new CustodyError(
        `binance apiRestrictions: HTTP ${response.statusCode}, not JSON: ${text.slice(0, 120)}`,
      );
    }
    if (response.statusCode >= 400 && (body as { ipRestrict?: unknown }).ipRestrict === undefined) {
      const { code, msg } = body as { code?: unknown; msg?: unknown };
      throw new CustodyError(
        `binance apiRestrictions: HTTP ${response.statusCode} ${String(code)} ${String(msg)}`,
      );
    }
    return body;
  } catch (error) {
    throw redactError(error);
  }
}

/**
 * OKX private WebSocket login: `{"op":"login","args":[{apiKey, passphrase, timestamp, sign}]}`
 * with a Unix-SECONDS timestamp from the venue clock and sign = base64(HMAC-SHA256(secret,
 * timestamp + "GET" + "/users/self/verify")) (docs/venues.md §2.4). The venue refuses a login older
 * than 30 s; private subscriptions before `{"event":"login","code":"0"}` are refused with 60011.
 * The role Binance's listen key plays: what the private socket needs before it carries data.
 */
import { revealSecret } from '../../core/secret.js';
import { SigningError } from '../shared/signing-error.js';
import type { StreamLoginSpec } from '../stream-types.js';
import type { SignContext } from '../venue.js';
import { signOkxWsLogin } from './sign.js';

/** The login frame for the venue time `ctx.venueNow()`. */
export function okxLoginFrame(ctx: SignContext): string {
  const { apiSecret, passphrase, apiKey } = ctx.credentials;
  if (apiSecret === undefined || passphrase === undefined) {
    throw new SigningError('okx', 'the WebSocket login needs the secret key and the passphrase');
  }
  const timestamp = String(Math.floor(ctx.venueNow() / 1000));
  const sign = signOkxWsLogin(apiSecret, timestamp);
  return JSON.stringify({
    op: 'login',
    args: [{ apiKey: revealSecret(apiKey), passphrase: revealSecret(passphrase), timestamp, sign }],
  });
}

/** The venue answers in milliseconds; ten seconds covers a slow link without hiding a dead one. */
export const okxLogin: StreamLoginSpec = { frame: okxLoginFrame, timeoutMs: 10_000 };

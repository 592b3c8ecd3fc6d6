// Bybit v5 error replies as the venue words them (BYD `error.mdx`, `rate-limit.mdx`; ccxt's bybit
// error table for the exact retMsg of the ones the docs only name). Every answer is the envelope
// `{"retCode":…,"retMsg":"…","result":{},"retExtInfo":{},"time":…}`, with HTTP 200 for the venue's
// own refusals (auth included); the IP-level rate limit is a bare HTTP 403, not an envelope.
import type { Reject } from '../../matching/orders.js';

export class BybitError extends Error {
  constructor(
    readonly status: number,
    readonly retCode: number,
    readonly retMsg: string,
  ) {
    super(`${retCode} ${retMsg}`);
    this.name = 'BybitError';
  }

  body(now: number): string {
    return envelope(this.retCode, this.retMsg, {}, now);
  }
}

/** The venue's envelope around a result. */
export function envelope(retCode: number, retMsg: string, result: unknown, now: number): string {
  return JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: now });
}

const at = (retCode: number, retMsg: string) => () => new BybitError(200, retCode, retMsg);

export const errors = {
  notFound: (method: string, path: string) => new BybitError(404, 10017, `Route not found: ${method} ${path}`),
  param: (detail: string) => new BybitError(200, 10001, detail),
  required: (name: string) => new BybitError(200, 10001, `params error: ${name} is required`),
  invalid: (name: string) => new BybitError(200, 10001, `params error: ${name} invalid`),
  /** The request's time is outside the window; the venue names the three numbers it compared. */
  timestamp: (req: string, server: number, recvWindow: string) =>
    new BybitError(
      200,
      10002,
      `invalid request, please check your server timestamp or recv_window param. req_timestamp[${req}],server_timestamp[${server}],recv_window[${recvWindow}]`,
    ),
  badKey: at(10003, 'API key is invalid.'),
  /** A wrong signature; the venue shows the string it signed, which lets a client find its mistake. */
  badSign: (origin: string) => new BybitError(200, 10004, `error sign! origin_string[${origin}]`),
  noPermission: at(10005, 'Permission denied, please check your API key permissions.'),
  tooManyVisits: at(10006, 'Too many visits!'),
  /** The reply of a request that timed out inside the venue: outcome unknown. */
  timeout: at(10000, 'Server Timeout'),
  systemError: () => new BybitError(500, 10016, 'Internal System Error.'),
  unavailable: () => new BybitError(503, 10016, 'Service Unavailable'),
  bodyTooLarge: () => new BybitError(413, 10001, 'Request body too large.'),
  tooLateToCancel: at(110001, 'order not exists or too late to cancel'),
  tooLateToReplace: at(110001, 'order not exists or too late to replace'),
  duplicateLinkId: at(110072, 'OrderLinkedID is duplicate'),
  dcpWindow: at(10001, 'timeWindow should be in [3, 300]'),
  unchanged: at(10001, 'The order remains unchanged as the parameters entered match the existing ones.'),
};

/** The engine's refusal of an order, in Bybit's words. */
export function rejectError(r: Reject): BybitError {
  switch (r.reject) {
    case 'unknown-symbol':
      return errors.invalid('symbol');
    case 'qty-not-positive':
    case 'step-size':
      return errors.param('Qty invalid');
    case 'qty-below-min':
      return errors.param('The number of contracts exceeds minimum limit allowed');
    case 'min-notional':
      return new BybitError(200, 110094, `Order does not meet minimum order value ${r.detail ?? ''}USDT`);
    case 'qty-above-max':
      return errors.param('The number of contracts exceeds maximum limit allowed: too large');
    case 'price-not-positive':
    case 'tick-size':
      return errors.param('Price invalid');
    case 'price-below-min':
    case 'price-above-max':
    case 'price-above-band':
    case 'price-below-band':
      return new BybitError(200, 110003, 'Order price is out of permissible range');
    case 'max-open-orders':
      return new BybitError(200, 110020, 'Cannot have more than 500 active orders.');
    case 'duplicate-client-order-id':
      return errors.duplicateLinkId();
    case 'reduce-only':
      return new BybitError(200, 110017, 'Reduce-only rule not satisfied');
    case 'insufficient-margin':
      return new BybitError(200, 110007, 'Insufficient available balance');
    case 'post-only-would-cross':
      return errors.param('PostOnly order will take liquidity');
    case 'unknown-order':
      return errors.tooLateToCancel();
  }
}

export const html502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

/** What the venue's edge answers an IP past 600 requests in 5 s (BYD `rate-limit.mdx`). */
export const IP_LIMIT_TEXT = 'access too frequent';

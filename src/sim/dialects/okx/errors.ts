// OKX v5 error replies as the venue words them (OKX-ERR). REST errors are an envelope
// `{"code":"…","msg":"…","data":[]}`, with HTTP 401 for authentication, 429 for rate limits and
// 200 for the rest; an order the venue refused comes back as `{"code":"1","msg":"All operations
// failed","data":[{…,"sCode":"51008","sMsg":"…"}]}`. The engine's reject reasons map here.
import type { Reject } from '../../matching/orders.js';

/** An error reply; `item` = an order-level failure carried inside `data` with sCode/sMsg. */
export class OkxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly msg: string,
    readonly item?: Record<string, string>,
  ) {
    super(`${code} ${msg}`);
    this.name = 'OkxError';
  }

  body(): string {
    if (this.item !== undefined) {
      return JSON.stringify({
        code: '1',
        msg: 'All operations failed',
        data: [{ ...this.item, sCode: this.code, sMsg: this.msg }],
      });
    }
    return JSON.stringify({ code: this.code, msg: this.msg, data: [] });
  }
}

const auth = (code: string, msg: string) => () => new OkxError(401, code, msg);

export const errors = {
  notFound: (method: string, path: string) =>
    new OkxError(404, '50000', `${method} ${path}: endpoint not found`),
  keyEmpty: auth('50103', 'Request header "OK-ACCESS-KEY" cannot be blank.'),
  passphraseEmpty: auth('50104', 'Request header "OK-ACCESS-PASSPHRASE" cannot be blank.'),
  passphraseWrong: auth('50105', 'Request header "OK-ACCESS-PASSPHRASE" incorrect.'),
  signEmpty: auth('50106', 'Request header "OK-ACCESS-SIGN" cannot be blank.'),
  timestampEmpty: auth('50107', 'Request header "OK-ACCESS-TIMESTAMP" cannot be blank.'),
  timestampInvalid: auth('50112', 'Invalid OK-ACCESS-TIMESTAMP'),
  timestampExpired: auth('50102', 'Timestamp request expired'),
  badKey: auth('50111', 'Invalid OK-ACCESS-KEY'),
  badSign: auth('50113', 'Invalid Sign'),
  wrongEnv: auth('50101', 'APIKey does not match current environment.'),
  noPermission: () =>
    new OkxError(200, '50120', 'Your APIKey does not have permission to use this endpoint.'),
  rateLimit: () => new OkxError(429, '50011', 'Too Many Requests'),
  unavailable: () => new OkxError(503, '50001', 'Service temporarily unavailable. Please try again later.'),
  /** The reply of a request that timed out inside the venue: outcome unknown. */
  timeout: () =>
    new OkxError(
      200,
      '50004',
      'API endpoint request timeout (does not mean that the request was successful or failed, please check the request result).',
    ),
  systemError: () => new OkxError(500, '50026', 'System error. Try again later.'),
  bodyEmpty: () => new OkxError(400, '50000', 'Body cannot be empty.'),
  param: (name: string) => new OkxError(400, '51000', `Parameter ${name} error`),
  required: (name: string) => new OkxError(400, '50014', `Parameter ${name} can not be empty.`),
  badInst: (instId: string) => new OkxError(200, '51001', `Instrument ID ${instId} does not exist.`),
  eitherId: () => new OkxError(200, '51003', 'Either client order ID or order ID is required.'),
  orderNotFound: () => new OkxError(200, '51603', 'Order does not exist'),
  expired: () =>
    new OkxError(
      200,
      '50036',
      "The expTime can't be earlier than the current system time. Please adjust the expTime and try again.",
    ),
};

/** Order-level failure (place, cancel): `code: "1"` with the reason in the item. */
export function itemError(code: string, msg: string, item: Record<string, string>): OkxError {
  return new OkxError(200, code, msg, item);
}

/** The engine's refusal of an order, in OKX's words. */
export function rejectError(r: Reject, item: Record<string, string>): OkxError {
  const at = (code: string, msg: string) => itemError(code, msg, item);
  switch (r.reject) {
    case 'unknown-symbol':
      return at('51001', 'Instrument ID does not exist.');
    case 'qty-not-positive':
      return at('51000', 'Parameter sz error');
    case 'qty-below-min':
    case 'min-notional':
      return at('51020', 'Your order should meet or exceed the minimum order amount.');
    case 'qty-above-max':
      return at('51004', 'Order failed. The order amount exceeds the current tier limit.');
    case 'step-size':
      return at('51121', 'Order quantity must be a multiple of the lot size.');
    case 'price-not-positive':
    case 'tick-size':
      return at('51000', 'Parameter px error');
    case 'price-below-min':
    case 'price-above-max':
    case 'price-above-band':
    case 'price-below-band':
      return at(
        '51006',
        `Order price is not within the price limit${r.detail === undefined ? '' : ` (${r.detail})`}.`,
      );
    case 'max-open-orders':
      return at('51024', 'Order failed. The number of pending orders exceeds the limit.');
    case 'duplicate-client-order-id':
      return at('51016', 'Duplicated clOrdId');
    case 'reduce-only':
      return at(
        '51169',
        "Order failed because you don't have any positions in this direction for this contract to reduce or close.",
      );
    case 'insufficient-margin':
      return at('51008', 'Order failed. Insufficient USDT margin in account');
    case 'post-only-would-cross':
      return at('51019', 'Post only order will take liquidity.');
    case 'unknown-order':
      return at(
        '51400',
        'Order cancellation failed as the order has been filled, canceled or does not exist.',
      );
  }
}

export const html502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

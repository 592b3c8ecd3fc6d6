// Binance USD-M error replies: `{"code":N,"msg":"..."}` with the venue's HTTP status, codes and messages
// as its docs give them.
import type { Reject } from '../../matching/orders.js';
import type { TriggerReject } from '../../matching/triggers.js';

export class BinanceError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(msg);
  }

  body(): string {
    return JSON.stringify({ code: this.code, msg: this.msg });
  }
}

export const errors = {
  tooManyRequests: (limit: number, headers: Record<string, string>) =>
    new BinanceError(
      -1003,
      `Too many requests; current limit of IP(127.0.0.1) is ${limit} requests per minute. Please use the websocket for live updates to avoid polling the API.`,
      429,
      headers,
    ),
  banned: (until: number, headers: Record<string, string>) =>
    new BinanceError(
      -1003,
      `Way too many requests; IP(127.0.0.1) banned until ${until}. Please use the websocket for live updates to avoid bans.`,
      418,
      headers,
    ),
  tooManyOrders: (limit: number, per: string, headers: Record<string, string>) =>
    new BinanceError(
      -1015,
      `Too many new orders; current limit is ${limit} orders per ${per}.`,
      429,
      headers,
    ),
  serviceUnavailable: () =>
    new BinanceError(-1001, 'Internal error; unable to process your request. Please try again.', 503),
  unknownAfter: () =>
    new BinanceError(-1000, 'Unknown error, please check your request or try again later.', 503),
  timeout: () =>
    new BinanceError(
      -1007,
      'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
      408,
    ),
  timestampAhead: () =>
    new BinanceError(-1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  timestampOutside: () => new BinanceError(-1021, 'Timestamp for this request is outside of the recvWindow.'),
  badSignature: () => new BinanceError(-1022, 'Signature for this request is not valid.'),
  badKeyFormat: () => new BinanceError(-2014, 'API-key format invalid.', 401),
  rejectedKey: () => new BinanceError(-2015, 'Invalid API-key, IP, or permissions for action.', 401),
  mandatory: (name: string) =>
    new BinanceError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  eitherParam: (a: string, b: string) =>
    new BinanceError(-1102, `Param '${a}' or '${b}' must be sent, but both were empty/null!`),
  badParam: (name: string) => new BinanceError(-1130, `Data sent for parameter '${name}' is not valid.`),
  notRequired: (name: string) => new BinanceError(-1106, `Parameter '${name}' sent when not required.`),
  recvWindowTooLarge: () => new BinanceError(-1131, 'recvWindow must be less than 60000'),
  badSymbol: () => new BinanceError(-1121, 'Invalid symbol.'),
  badSide: () => new BinanceError(-1117, 'Invalid side.'),
  badType: () => new BinanceError(-1116, 'Invalid orderType.'),
  algoOnly: () =>
    new BinanceError(-4120, 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.'),
  badTif: () => new BinanceError(-1115, 'Invalid timeInForce.'),
  badClientOrderId: () => new BinanceError(-4015, 'Client order id is not valid.'),
  noSuchOrder: () => new BinanceError(-2013, 'Order does not exist.'),
  cancelUnknown: () => new BinanceError(-2011, 'Unknown order sent.'),
  listenKeyUnknown: () => new BinanceError(-1125, 'This listenKey does not exist.'),
  badLeverage: () => new BinanceError(-4028, 'Leverage 0 is not valid'),
  notFound: (method: string, path: string) =>
    new BinanceError(-5000, `Path ${path}, Method ${method} is invalid`, 404),
};

/** The venue's answer to a matching-engine reject. */
export function rejectError(r: Reject): BinanceError {
  switch (r.reject) {
    case 'unknown-symbol':
      return errors.badSymbol();
    case 'qty-not-positive':
      return new BinanceError(-4003, 'Quantity less than or equal to zero.');
    case 'qty-below-min':
      return new BinanceError(-4004, 'Quantity less than min quantity.');
    case 'qty-above-max':
      return new BinanceError(-4005, 'Quantity greater than max quantity.');
    case 'step-size':
      return new BinanceError(-4023, 'Quantity not increased by step size.');
    case 'price-not-positive':
      return new BinanceError(-4001, 'Price less than 0.');
    case 'price-below-min':
      return new BinanceError(-4013, 'Price less than min price.');
    case 'price-above-max':
      return new BinanceError(-4002, 'Price greater than max price.');
    case 'tick-size':
      return new BinanceError(-4014, 'Price not increased by tick size.');
    case 'price-above-band':
      return new BinanceError(-4016, `Limit price can't be higher than ${r.detail}.`);
    case 'price-below-band':
      return new BinanceError(-4024, `Limit price can't be lower than ${r.detail}.`);
    case 'min-notional':
      return new BinanceError(
        -4164,
        `Order's notional must be no smaller than ${r.detail} (unless you choose reduce only).`,
      );
    case 'max-open-orders':
      return new BinanceError(-2025, 'Reach max open order limit.');
    case 'duplicate-client-order-id':
      return new BinanceError(-4116, 'ClientOrderId is duplicated.');
    case 'reduce-only':
      return new BinanceError(-2022, 'ReduceOnly Order is rejected.');
    case 'insufficient-margin':
      return new BinanceError(-2019, 'Margin is insufficient.');
    case 'post-only-would-cross':
      return new BinanceError(
        -5022,
        'Due to the order could not be executed as maker, the Post Only order will be rejected.',
      );
    case 'unknown-order':
      return errors.noSuchOrder();
  }
}

/** The body a CDN-fronted gateway returns when the backend is gone. */
export const html502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** The venue's answer to a refused conditional (algo) order. */
export function triggerRejectError(r: TriggerReject): BinanceError {
  switch (r.reject) {
    case 'would-trigger':
      return new BinanceError(-2021, 'Order would immediately trigger.');
    case 'max-open-triggers':
      return new BinanceError(-4045, 'Reach max stop order limit.');
    default:
      return rejectError(r);
  }
}

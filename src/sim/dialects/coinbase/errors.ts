// Coinbase Advanced Trade's refusals. The gateway answers a request it cannot authenticate with HTTP
// 401 and the bare text `Unauthorized` (what clients quote back: "401 Unauthorized Unauthorized"); every
// other refusal of the API is JSON `{"error":<CODE>,"error_details":<text>,"message":<text>}` with the
// code's HTTP status (INVALID_ARGUMENT 400, PERMISSION_DENIED 403, NOT_FOUND 404, …). An order the
// venue will not take is not an HTTP error: create order answers 200 `{"success":false,…}` with the
// reason in `error_response` (routes-orders.ts).
import type { Reject } from '../../matching/orders.js';

export class CoinbaseError extends Error {
  constructor(
    readonly word: string,
    readonly status: number,
    readonly details = word,
  ) {
    super(word);
    this.name = 'CoinbaseError';
  }

  body(): string {
    if (this.status === 401) return 'Unauthorized\n';
    return JSON.stringify({ error: this.word, error_details: this.details, message: this.details });
  }

  contentType(): string {
    return this.status === 401 ? 'text/plain; charset=utf-8' : 'application/json';
  }
}

export const errors = {
  unauthorized: () => new CoinbaseError('UNAUTHENTICATED', 401),
  notFound: (details = 'Not Found') => new CoinbaseError('NOT_FOUND', 404, details),
  invalidArgument: (details: string) => new CoinbaseError('INVALID_ARGUMENT', 400, details),
  permissionDenied: () => new CoinbaseError('PERMISSION_DENIED', 403, 'Missing required scopes'),
  rateLimit: () => new CoinbaseError('RATE_LIMIT_EXCEEDED', 429, 'Too many requests'),
  internal: () => new CoinbaseError('INTERNAL', 500, 'Internal server error'),
  unavailable: () => new CoinbaseError('UNAVAILABLE', 503, 'Service unavailable'),
  unknown: () => new CoinbaseError('UNKNOWN', 504, 'upstream request timeout'),
  bodyTooLarge: () => new CoinbaseError('INVALID_ARGUMENT', 413, 'request body too large'),
};

/** An order refusal: `new_order_failure_reason`, its preview twin and the venue's message. */
export interface OrderRefusal {
  error: string;
  message: string;
  preview: string;
}

const refusal = (error: string, message: string, preview = `PREVIEW_${error}`): OrderRefusal => ({
  error,
  message,
  preview,
});

export const refusals = {
  insufficientFund: () => refusal('INSUFFICIENT_FUND', 'Insufficient balance in source account'),
  postOnly: () =>
    refusal('INVALID_LIMIT_PRICE_POST_ONLY', 'Limit price too aggressive for a post-only order'),
  unknownProduct: () => refusal('INVALID_PRODUCT_ID', 'Invalid product_id'),
  sizePrecision: () =>
    refusal('INVALID_SIZE_PRECISION', 'Too many decimals in order amount', 'PREVIEW_INVALID_SIZE_PRECISION'),
  pricePrecision: () =>
    refusal('INVALID_PRICE_PRECISION', 'Too many decimals in order price', 'PREVIEW_INVALID_PRICE_PRECISION'),
  sizeTooSmall: () =>
    refusal('INVALID_BASE_SIZE_TOO_SMALL', 'Order size too small', 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL'),
  sizeTooLarge: () =>
    refusal('INVALID_BASE_SIZE_TOO_LARGE', 'Order size too large', 'PREVIEW_INVALID_BASE_SIZE_TOO_LARGE'),
  quoteTooSmall: () =>
    refusal('INVALID_QUOTE_SIZE_TOO_SMALL', 'Order value too small', 'PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL'),
  limitPrice: () => refusal('INVALID_LIMIT_PRICE', 'Invalid limit price'),
  noLiquidity: () =>
    refusal('INVALID_NO_LIQUIDITY', 'No liquidity to fill the order', 'PREVIEW_INVALID_NO_LIQUIDITY'),
  side: () => refusal('INVALID_SIDE', 'Invalid side'),
  config: () =>
    refusal(
      'UNSUPPORTED_ORDER_CONFIGURATION',
      'Unsupported order configuration',
      'PREVIEW_INVALID_ORDER_CONFIG',
    ),
  unknown: (message: string) => refusal('UNKNOWN_FAILURE_REASON', message, 'UNKNOWN_PREVIEW_FAILURE_REASON'),
};

/** The engine's refusal of an order, in Coinbase's words. */
export function rejectRefusal(r: Reject): OrderRefusal {
  switch (r.reject) {
    case 'unknown-symbol':
      return refusals.unknownProduct();
    case 'step-size':
      return refusals.sizePrecision();
    case 'qty-not-positive':
    case 'qty-below-min':
      return refusals.sizeTooSmall();
    case 'min-notional':
      return refusals.quoteTooSmall();
    case 'qty-above-max':
      return refusals.sizeTooLarge();
    case 'tick-size':
      return refusals.pricePrecision();
    case 'price-not-positive':
    case 'price-below-min':
    case 'price-above-max':
    case 'price-above-band':
    case 'price-below-band':
      return refusals.limitPrice();
    case 'insufficient-margin':
      return refusals.insufficientFund();
    case 'post-only-would-cross':
      return refusals.postOnly();
    case 'max-open-orders':
    case 'duplicate-client-order-id':
    case 'reduce-only':
    case 'unknown-order':
      return refusals.unknown(r.reject);
  }
}

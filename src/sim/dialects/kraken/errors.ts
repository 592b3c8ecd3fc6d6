// Kraken's error words (the spot REST reference's error list and its per-endpoint pages; docs read
// 2026-12-07). Every reply is `{"error":[…],"result":{…}}`: a refusal carries one word in `error` and no
// `result`, with HTTP 200, as the venue answers its own refusals; an unknown method is 404.
import type { Reject } from '../../matching/orders.js';

export class KrakenError extends Error {
  constructor(
    readonly word: string,
    readonly status = 200,
  ) {
    super(word);
    this.name = 'KrakenError';
  }

  body(): string {
    return JSON.stringify({ error: [this.word] });
  }
}

/** A successful reply: an empty error list and the result. */
export function envelope(result: unknown): string {
  return JSON.stringify({ error: [], result });
}

const word =
  (w: string, status = 200) =>
  () =>
    new KrakenError(w, status);

export const errors = {
  unknownMethod: word('EGeneral:Unknown method', 404),
  invalidArguments: (detail?: string) =>
    new KrakenError(
      detail === undefined ? 'EGeneral:Invalid arguments' : `EGeneral:Invalid arguments:${detail}`,
    ),
  permissionDenied: word('EGeneral:Permission denied'),
  internal: word('EGeneral:Internal error', 500),
  invalidKey: word('EAPI:Invalid key'),
  invalidSignature: word('EAPI:Invalid signature'),
  invalidNonce: word('EAPI:Invalid nonce'),
  rateLimit: word('EAPI:Rate limit exceeded'),
  badRequest: word('EAPI:Bad request'),
  unknownPair: word('EQuery:Unknown asset pair'),
  insufficientFunds: word('EOrder:Insufficient funds'),
  unknownOrder: word('EOrder:Unknown order'),
  invalidOrder: word('EOrder:Invalid order'),
  orderRateLimit: word('EOrder:Rate limit exceeded'),
  /** The venue's gateway timed the request out inside: whether it was acted on is unknown. */
  deadline: word('EService:Deadline elapsed'),
  unavailable: word('EService:Unavailable', 503),
  bodyTooLarge: word('EAPI:Bad request', 413),
};

/** The engine's refusal of an order, in Kraken's words. */
export function rejectError(r: Reject): KrakenError {
  switch (r.reject) {
    case 'unknown-symbol':
      return errors.unknownPair();
    case 'qty-not-positive':
      return errors.invalidArguments('volume');
    case 'step-size':
      return new KrakenError('EGeneral:Invalid arguments:volume has too many decimals');
    case 'qty-below-min':
      return new KrakenError('EOrder:Order minimum not met');
    case 'min-notional':
      return new KrakenError('EOrder:Cost minimum not met');
    case 'qty-above-max':
      return errors.invalidArguments('volume');
    case 'price-not-positive':
    case 'price-below-min':
    case 'price-above-max':
    case 'price-above-band':
    case 'price-below-band':
      return new KrakenError('EOrder:Invalid price');
    case 'tick-size':
      return new KrakenError('EOrder:Tick size check failed');
    case 'max-open-orders':
      return new KrakenError('EOrder:Orders limit exceeded');
    case 'duplicate-client-order-id':
      return errors.invalidArguments('cl_ord_id is already in use');
    case 'reduce-only':
      return errors.invalidArguments('reduce_only');
    case 'insufficient-margin':
      return errors.insufficientFunds();
    case 'post-only-would-cross':
      return new KrakenError('EOrder:Post only order');
    case 'unknown-order':
      return errors.unknownOrder();
  }
}

export const html502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

// What the local venue says when it refuses something, in the venue's words where they are published
// (HL "Error responses": Tick, MinTradeNtl, PerpMargin, ReduceOnly, BadAloPx, IocCancel and the cancel
// error; SDK issue threads: "User or API Wallet 0x… does not exist."; the price band sentence as
// ccxt's error table quotes it). Where the venue publishes no
// sentence (nonces, expiresAfter, cloid reuse, scheduleCancel limits) the text is ours and says so by
// naming the rule; a client must classify those by meaning, not by exact match.

export const say = {
  unknownSigner: (address: string) => `User or API Wallet ${address} does not exist.`,
  expired: (expiresAfter: number, now: number) => `Action expired: expiresAfter ${expiresAfter} is before the block time ${now}`,
  vault: 'Vault and sub-account trading is not offered by the local venue.',
  cumulative: (used: number, cap: number, volume: string) =>
    `Too many cumulative requests sent (${used} > ${cap}) for cumulative volume traded $${volume}. Place taker orders to free up 1 request per USDC traded.`,
  invalidPrice: 'Order has invalid price.',
  invalidSize: 'Order has invalid size.',
  tick: 'Price must be divisible by tick size.',
  minValue: (value: string) => `Order must have minimum value of $${value}.`,
  margin: 'Insufficient margin to place order.',
  reduceOnly: 'Reduce only order would increase position.',
  badAlo: (bid: string, ask: string) => `Post only order would have immediately matched, bbo was ${bid}@${ask}.`,
  iocCancel: 'Order could not immediately match against any resting orders.',
  // ccxt's hyperliquid error table matches this sentence (InvalidOrder).
  band: 'Order price cannot be more than 80% away from the reference price.',
  cancelMissing: 'Order was never placed, already canceled, or filled.',
  duplicateCloid: 'Order with this cloid already exists.',
  asset: (a: number) => `Asset ${a} is out of range.`,
  triggerLimit: 'Trigger limit orders (isMarket false) are not offered by the local venue; send isMarket true.',
  // As the venue refuses a TP/SL whose limit price is on the wrong side of its trigger (nautilus_trader issue 3611).
  tpslPrice: (a: number) => `Invalid TP/SL price. asset=${a}`,
  maxOpen: (max: number) => `Order would exceed the maximum of ${max} open orders.`,
  emptyBatch: 'Order batch is empty.',
  scheduleTooSoon: 'Scheduled cancel time must be at least 5 seconds in the future.',
  scheduleVolume: (volume: string, required: string) =>
    `Cannot set scheduled cancel time until enough volume traded. Required: $${required}. Traded: $${volume}.`,
  scheduleDaily: (max: number) => `Scheduled cancel triggered ${max} times today, the daily maximum.`,
  tooManyRequests: 'Too many requests',
  leverage: (asked: number, max: number) => `Invalid leverage value: ${asked} is above the asset's max leverage of ${max}.`,
  leverageType: 'Cannot switch leverage type with open position.',
  userSignedByAgent: (action: string) => `${action} must be signed by the user (master) wallet, not an API wallet.`,
  wrongChain: (chain: string) => `hyperliquidChain ${chain} does not match this Testnet venue.`,
} as const;

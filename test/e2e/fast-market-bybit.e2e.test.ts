/** The fast-market flow (fast-market.ts) on bybit's local venue, in one cockpit. */
import { FAST_MARKET_CASES, fastMarketFlow } from './fast-market.js';

fastMarketFlow(FAST_MARKET_CASES['bybit']);

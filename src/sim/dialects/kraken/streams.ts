// Kraken's WebSocket v2 (placeholder until the sockets are served: no route yet).
import type { SimCore } from '../../core.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { KrakenDialect } from './dialect.js';

export class KrakenStreams {
  constructor(
    readonly core: SimCore,
    readonly dialect: KrakenDialect,
  ) {}

  wsRoute(_path: string, _query: URLSearchParams): undefined {
    return undefined;
  }

  onMatchEvent(_e: MatchEvent): void {}

  onTick(): void {}

  close(): void {}
}

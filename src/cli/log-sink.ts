/**
 * The engine's event sink as the session wires it: every event goes to the store's batcher, and
 * the ones a post-mortem needs (state changes, trades, corrections, warnings) also go to the log
 * file. Per-frame events (ticker, socket activity) stay out of the file.
 */
import type { Logger } from 'pino';
import type { EngineEvent, EventSink } from '../engine/events.js';

export function teeToLog(sink: EventSink, logger: Logger): EventSink {
  return {
    ...(sink.hold === undefined ? {} : { hold: (maxMs: number) => sink.hold!(maxMs) }),
    push(event: EngineEvent) {
      sink.push(event);
      switch (event.type) {
        case 'log':
          logger[event.level]({ source: event.source }, event.text);
          break;
        case 'deadman':
          // Re-arms come every quarter timeout; the switch turning off is the news.
          if (event.armed) logger.debug({ event }, 'deadman');
          else logger.info({ event }, 'deadman');
          break;
        case 'connection':
        case 'session':
        case 'sim':
          logger.info({ event }, event.type);
          break;
        case 'budget':
          if (event.state !== 'normal') logger.warn({ event }, 'budget');
          break;
        case 'reconcile':
          if (event.error !== undefined || event.corrections.length > 0) logger.warn({ event }, 'reconcile');
          else logger.debug({ event }, 'reconcile');
          break;
        case 'fill':
        case 'order':
          logger.info({ event }, event.type);
          break;
        case 'auth':
          logger.info(
            { method: event.method, keySource: event.keySource, permissions: event.permissions },
            'auth',
          );
          break;
        case 'clock':
        case 'positions':
        case 'balances':
        case 'orders-snapshot':
          logger.debug({ event }, event.type);
          break;
        default:
          break;
      }
    },
  };
}

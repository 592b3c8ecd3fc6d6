/** Which engine events a chaos run writes to its log file, and at what level. */
import type { FileLogger } from '../log/index.js';
import type { EngineEvent } from '../engine/events.js';

/** Events worth a log line (tickers, activity and budget ticks would drown the file). */
export function logLine(logger: FileLogger, event: EngineEvent): void {
  switch (event.type) {
    case 'ticker':
    case 'socket-activity':
    case 'positions':
    case 'balances':
    case 'orders-snapshot':
      return;
    case 'budget':
      if (event.state === 'normal') return;
      break;
    default:
      break;
  }
  const level = event.type === 'log' && (event.level === 'warn' || event.level === 'error') ? 'warn' : 'info';
  logger.logger[level]({ event }, event.type);
}


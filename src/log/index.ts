// The logging layer: a file logger that scrubs, the secret registry it scrubs with, the crash handler.
export { installCrashHandler, type CrashHandlerOptions } from './crash-handler.js';
export {
  initLogging,
  openLogger,
  processLog,
  type FileLogger,
  type LogLevel,
  type LogOptions,
} from './logger.js';
export { redactError, redactValue, registerSecret, safeMessage, scrub } from './secret-registry.js';
export { logFilePath, quantdeckConfigDir, quantdeckStateDir } from './xdg.js';

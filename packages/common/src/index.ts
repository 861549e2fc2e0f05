export { BasaltError, isBasaltError } from './errors.ts';
export { type LogContext, type Logger, type LogLevel, type LogRecord, MemoryLogger, silentLogger } from './logger.ts';
export { isStartable, type Startable } from './startable.ts';

/** Structured context attached to a log line. Never put private keys in it. */
export type LogContext = Record<string, unknown>;

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * What every package logs through. apps/node supplies the implementation;
 * libraries never call `console`.
 */
export interface Logger {
  error(message: string, context?: LogContext, err?: unknown): void;
  warn(message: string, context?: LogContext, err?: unknown): void;
  info(message: string, context?: LogContext, err?: unknown): void;
  debug(message: string, context?: LogContext, err?: unknown): void;
  /** Whether `debug` lines are kept: guard costly debug context with it. */
  isDebugEnabled(): boolean;
  /** A logger for one component, whose lines carry `module`. */
  child(context: { module: string } & LogContext): Logger;
}

/** A logger that drops everything: the default where none is given. */
export const silentLogger: Logger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  isDebugEnabled: () => false,
  child: () => silentLogger,
};

export interface LogRecord {
  level: LogLevel;
  message: string;
  context: LogContext;
  err?: unknown;
}

/**
 * A real in-memory logger that keeps its records: for tests that check what
 * a component logged, and for capturing logs of an embedded node.
 */
export class MemoryLogger implements Logger {
  readonly records: LogRecord[];
  private readonly base: LogContext;

  constructor(base: LogContext = {}, records: LogRecord[] = []) {
    this.base = base;
    this.records = records;
  }

  private push(level: LogLevel, message: string, context?: LogContext, err?: unknown): void {
    const record: LogRecord = { level, message, context: { ...this.base, ...context } };
    if (err !== undefined) record.err = err;
    this.records.push(record);
  }

  error(message: string, context?: LogContext, err?: unknown): void {
    this.push('error', message, context, err);
  }
  warn(message: string, context?: LogContext, err?: unknown): void {
    this.push('warn', message, context, err);
  }
  info(message: string, context?: LogContext, err?: unknown): void {
    this.push('info', message, context, err);
  }
  debug(message: string, context?: LogContext, err?: unknown): void {
    this.push('debug', message, context, err);
  }
  isDebugEnabled(): boolean {
    return true;
  }
  child(context: { module: string } & LogContext): Logger {
    return new MemoryLogger({ ...this.base, ...context }, this.records);
  }
}

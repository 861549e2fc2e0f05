import type { LogContext, Logger, LogLevel } from '@basalt/common';

const LEVELS: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };
/** Context keys whose values are never written, whatever a caller passes. */
const SECRET_KEYS = /^(private_?key|privkey|secret|password|passphrase|mnemonic|seed|key)$/i;

export interface ConsoleLoggerOpts {
  level?: LogLevel;
  /** 'pretty' for terminals, 'json' for log collectors. */
  format?: 'pretty' | 'json';
  /** Where lines go (default: stderr, so stdout stays for the banner and command output). */
  write?: (line: string) => void;
}

/** One on/off switch shared by a logger and all its children (anvil_setLoggingEnabled). */
interface LogSwitch {
  enabled: boolean;
}

function redact(context: LogContext): LogContext {
  const out: LogContext = {};
  for (const [k, v] of Object.entries(context)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : v;
  return out;
}

function show(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

/** The node's Logger: leveled, structured, secrets redacted by key name. */
export class ConsoleLogger implements Logger {
  private readonly level: number;
  private readonly format: 'pretty' | 'json';
  private readonly write: (line: string) => void;
  private readonly base: LogContext;
  private readonly switch: LogSwitch;

  constructor(opts: ConsoleLoggerOpts = {}, base: LogContext = {}, logSwitch: LogSwitch = { enabled: true }) {
    this.switch = logSwitch;
    this.level = LEVELS[opts.level ?? 'info'];
    this.format = opts.format ?? 'pretty';
    this.write = opts.write ?? ((line) => process.stderr.write(`${line}\n`));
    this.base = base;
  }

  private log(level: LogLevel, message: string, context?: LogContext, err?: unknown): void {
    if (LEVELS[level] > this.level || !this.switch.enabled) return;
    const ctx = redact({ ...this.base, ...context });
    const time = new Date().toISOString();
    if (this.format === 'json') {
      const rec: Record<string, unknown> = { time, level, msg: message, ...ctx };
      if (err !== undefined) rec.err = err instanceof Error ? { name: err.name, message: err.message } : String(err);
      this.write(JSON.stringify(rec, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
      return;
    }
    const { module, ...rest } = ctx;
    const fields = Object.entries(rest)
      .map(([k, v]) => `${k}=${show(v)}`)
      .join(' ');
    const errText =
      err === undefined ? '' : ` err=${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
    const mod = module === undefined ? '' : `[${String(module)}] `;
    this.write(
      `${time.slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${mod}${message}${fields ? ` ${fields}` : ''}${errText}`,
    );
  }

  error(message: string, context?: LogContext, err?: unknown): void {
    this.log('error', message, context, err);
  }
  warn(message: string, context?: LogContext, err?: unknown): void {
    this.log('warn', message, context, err);
  }
  info(message: string, context?: LogContext, err?: unknown): void {
    this.log('info', message, context, err);
  }
  debug(message: string, context?: LogContext, err?: unknown): void {
    this.log('debug', message, context, err);
  }
  isDebugEnabled(): boolean {
    return this.level >= LEVELS.debug;
  }
  child(context: { module: string } & LogContext): Logger {
    return new ConsoleLogger(
      { level: (Object.keys(LEVELS) as LogLevel[])[this.level], format: this.format, write: this.write },
      { ...this.base, ...context },
      this.switch,
    );
  }

  /** Turns every line of this logger and of all its children off or back on. */
  setEnabled(enabled: boolean): void {
    this.switch.enabled = enabled;
  }
}

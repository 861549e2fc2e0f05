// Import progress: on a terminal one status line rewritten in place (blocks, transactions,
// Mgas/s, time left); otherwise a plain log line every few seconds and at the end.

export interface ProgressOpts {
  /** Where the status goes (stderr by default, so stdout stays clean). */
  stream?: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  /** Blocks expected in total (for the percentage and the time left), when known. */
  total?: number;
  /** Milliseconds between plain log lines when not on a terminal. Default 5000. */
  logIntervalMs?: number;
  /** Milliseconds between redraws on a terminal. Default 100. */
  redrawIntervalMs?: number;
  now?: () => number;
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class ImportProgress {
  private readonly stream: NonNullable<ProgressOpts['stream']>;
  private readonly tty: boolean;
  private readonly total: number | undefined;
  private readonly logIntervalMs: number;
  private readonly redrawIntervalMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private last = 0;
  private drawn = false;
  blocks = 0;
  skipped = 0;
  txs = 0;
  gas = 0n;
  head = 0n;

  constructor(opts: ProgressOpts = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    this.total = opts.total;
    this.logIntervalMs = opts.logIntervalMs ?? 5000;
    this.redrawIntervalMs = opts.redrawIntervalMs ?? 100;
    this.now = opts.now ?? Date.now;
    this.started = this.now();
    this.last = this.started;
  }

  /** One block done (imported, or `known` and skipped). */
  block(number: bigint, txs: number, gasUsed: bigint, skipped = false): void {
    if (skipped) this.skipped++;
    else {
      this.blocks++;
      this.txs += txs;
      this.gas += gasUsed;
    }
    this.head = number;
    const t = this.now();
    if (t - this.last >= (this.tty ? this.redrawIntervalMs : this.logIntervalMs)) {
      this.last = t;
      this.print(false);
    }
  }

  /** The status text (without line ending). */
  line(): string {
    const elapsed = Math.max(this.now() - this.started, 1);
    const done = this.blocks + this.skipped;
    const mgas = Number(this.gas) / 1e6 / (elapsed / 1000);
    const parts = [
      this.total !== undefined ? `blocks ${done}/${this.total}` : `blocks ${done}`,
      `head #${this.head}`,
      `txs ${this.txs}`,
      `${mgas.toFixed(2)} Mgas/s`,
      `elapsed ${duration(elapsed)}`,
    ];
    if (this.skipped > 0) parts.splice(1, 0, `known ${this.skipped}`);
    if (this.total !== undefined && done > 0 && done < this.total) {
      parts.push(`eta ${duration((elapsed / done) * (this.total - done))}`);
    }
    return parts.join(', ');
  }

  /** Prints the status: in place on a terminal, a new line otherwise (always a new line when `final`). */
  print(final: boolean): void {
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${final ? 'imported ' : 'importing '}${this.line()}${final ? '\n' : ''}`);
      this.drawn = !final;
    } else {
      this.stream.write(`${final ? 'imported' : 'importing'} ${this.line()}\n`);
    }
  }

  /** Ends an in-place line so that what follows starts on its own line. */
  breakLine(): void {
    if (this.tty && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

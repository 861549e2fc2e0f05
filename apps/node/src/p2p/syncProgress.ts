// The terminal view of a sync run: on a TTY one bar redrawn in place (blocks, blocks/s, Mgas/s,
// time left); otherwise a plain line when a run starts, at most one per interval while it runs,
// and one when it ends, so logs and test harnesses can read it.
import type { P2PNode, SyncProgress } from '@basalt/p2p';
import { duration } from '../commands/progress.ts';

export interface SyncProgressViewOpts {
  /** Where the view goes (stderr by default, so stdout stays for the banner). */
  stream?: { write(s: string): boolean; isTTY?: boolean };
  /** Milliseconds between plain lines when not on a terminal. Default 2000. */
  logIntervalMs?: number;
  /** Width of the bar in characters. Default 30. */
  barWidth?: number;
  now?: () => number;
}

/** The status text of one progress report (without line ending). */
export function syncProgressLine(p: SyncProgress): string {
  const done = p.currentBlock - p.startingBlock;
  const total = p.highestBlock - p.startingBlock;
  const parts = [
    `block ${p.currentBlock}/${p.highestBlock}`,
    `${done}/${total} blocks`,
    `${p.blocksPerSecond.toFixed(1)} blocks/s`,
    `${p.mgasPerSecond.toFixed(2)} Mgas/s`,
  ];
  if (p.etaSeconds !== undefined) parts.push(`eta ${duration(p.etaSeconds * 1000)}`);
  return parts.join(', ');
}

function bar(p: SyncProgress, width: number): string {
  const total = p.highestBlock - p.startingBlock;
  const done = p.currentBlock - p.startingBlock;
  const ratio = total > 0n ? Math.min(Math.max(Number(done) / Number(total), 0), 1) : 1;
  const full = Math.round(ratio * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${(ratio * 100).toFixed(0).padStart(3)}%`;
}

/** Shows `p2p`'s sync runs; returns the function that detaches the view. */
export function attachSyncProgress(p2p: Pick<P2PNode, 'events'>, opts: SyncProgressViewOpts = {}): () => void {
  const stream = opts.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const interval = opts.logIntervalMs ?? 2000;
  const width = opts.barWidth ?? 30;
  const now = opts.now ?? Date.now;
  let last: number | undefined;
  let drawn = false;

  const onProgress = (p: SyncProgress) => {
    if (tty) {
      stream.write(`\r\x1b[2Ksyncing ${bar(p, width)} ${syncProgressLine(p)}`);
      drawn = true;
      return;
    }
    const t = now();
    if (last !== undefined && t - last < interval) return;
    last = t;
    stream.write(`syncing ${syncProgressLine(p)}\n`);
  };
  const onDone = (p: SyncProgress) => {
    const text = `synced to block ${p.currentBlock}: ${p.currentBlock - p.startingBlock} blocks, ${p.blocksPerSecond.toFixed(1)} blocks/s, ${p.mgasPerSecond.toFixed(2)} Mgas/s\n`;
    stream.write(tty && drawn ? `\r\x1b[2K${text}` : text);
    drawn = false;
    last = undefined;
  };
  p2p.events.on('syncProgress', onProgress);
  p2p.events.on('syncDone', onDone);
  return () => {
    p2p.events.off('syncProgress', onProgress);
    p2p.events.off('syncDone', onDone);
    if (tty && drawn) stream.write('\n');
  };
}

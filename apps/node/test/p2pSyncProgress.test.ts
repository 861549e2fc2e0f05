// The terminal view of a sync run: a bar redrawn in place on a TTY, plain throttled lines otherwise.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import type { P2PEvents, SyncProgress } from '@basalt/p2p';
import { attachSyncProgress, syncProgressLine } from '../src/p2p/syncProgress.ts';

function progress(current: bigint, eta?: number): SyncProgress {
  return {
    startingBlock: 0n,
    currentBlock: current,
    highestBlock: 1000n,
    blocksPerSecond: 250,
    mgasPerSecond: 1.5,
    etaSeconds: eta,
  };
}

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) > 0 } };
}

describe('node / p2p / sync progress', () => {
  it('formats blocks, blocks/s, Mgas/s and the time left', () => {
    expect(syncProgressLine(progress(250n, 3))).toBe(
      'block 250/1000, 250/1000 blocks, 250.0 blocks/s, 1.50 Mgas/s, eta 3s',
    );
    expect(syncProgressLine(progress(0n))).toBe('block 0/1000, 0/1000 blocks, 250.0 blocks/s, 1.50 Mgas/s');
  });

  it('on a terminal redraws one bar in place and ends it with the summary', () => {
    const events = new EventEmitter<P2PEvents>();
    const { chunks, stream } = sink(true);
    const detach = attachSyncProgress({ events }, { stream, barWidth: 10 });
    events.emit('syncProgress', progress(500n, 2));
    events.emit('syncProgress', progress(1000n, 0));
    events.emit('syncDone', progress(1000n, 0));
    detach();
    expect(chunks[0]).toBe(
      '\r\x1b[2Ksyncing [#####-----]  50% block 500/1000, 500/1000 blocks, 250.0 blocks/s, 1.50 Mgas/s, eta 2s',
    );
    expect(chunks[1]!.startsWith('\r\x1b[2Ksyncing [##########] 100% ')).toBe(true);
    expect(chunks[2]).toBe('\r\x1b[2Ksynced to block 1000: 1000 blocks, 250.0 blocks/s, 1.50 Mgas/s\n');
    expect(chunks).toHaveLength(3);
  });

  it('elsewhere writes plain lines, at most one per interval, and the summary', () => {
    const events = new EventEmitter<P2PEvents>();
    const { chunks, stream } = sink(false);
    let now = 0;
    const detach = attachSyncProgress({ events }, { stream, logIntervalMs: 1000, now: () => now });
    events.emit('syncProgress', progress(128n, 4));
    now = 500;
    events.emit('syncProgress', progress(256n, 3));
    now = 1200;
    events.emit('syncProgress', progress(384n, 2));
    events.emit('syncDone', progress(1000n, 0));
    detach();
    events.emit('syncProgress', progress(1000n, 0));
    expect(chunks).toEqual([
      'syncing block 128/1000, 128/1000 blocks, 250.0 blocks/s, 1.50 Mgas/s, eta 4s\n',
      'syncing block 384/1000, 384/1000 blocks, 250.0 blocks/s, 1.50 Mgas/s, eta 2s\n',
      'synced to block 1000: 1000 blocks, 250.0 blocks/s, 1.50 Mgas/s\n',
    ]);
  });
});

import { invalidArgument } from './errors.ts';

/**
 * Chooses block timestamps. By default the next block's timestamp is max(now, parent + 1): never
 * backwards, never repeated, even when many blocks are mined in one second (they run ahead of the
 * wall clock until it catches up). Test-node controls (issue 5) move it:
 * - `increaseTime(s)` shifts "now" forward (evm_increaseTime);
 * - `setNextBlockTimestamp(t)` fixes the next block's timestamp, and time continues from there
 *   (evm_setNextBlockTimestamp; the miner checks t > head first);
 * - `setTimestampInterval(s)` makes every block parent + s (anvil_setBlockTimestampInterval).
 */
export class MinerClock {
  private readonly wallMs: () => number;
  /** Added to the wall clock, in milliseconds. */
  private offsetMs = 0;
  private next: bigint | undefined;
  private interval: bigint | undefined;

  constructor(wallMs: () => number = Date.now) {
    this.wallMs = wallMs;
  }

  /** The clock's "now", in seconds. */
  now(): bigint {
    return BigInt(Math.floor((this.wallMs() + this.offsetMs) / 1000));
  }

  /** Moves "now" forward by `seconds` (negative moves it back); returns the total offset in seconds. */
  increaseTime(seconds: number | bigint): bigint {
    const s = Number(seconds);
    if (!Number.isFinite(s)) throw invalidArgument('time increase', seconds);
    this.offsetMs += s * 1000;
    return BigInt(Math.trunc(this.offsetMs / 1000));
  }

  /** Sets "now" to `timestamp` seconds (later blocks follow on from it, never below parent + 1). */
  setTime(timestamp: bigint): void {
    this.offsetMs = Number(timestamp) * 1000 - this.wallMs();
  }

  /** The total offset from the wall clock, in seconds. */
  offset(): bigint {
    return BigInt(Math.trunc(this.offsetMs / 1000));
  }

  /** Fixes the next block's timestamp (the caller checks it is after the head's). */
  setNextBlockTimestamp(timestamp: bigint): void {
    this.next = timestamp;
  }

  /** The timestamp set by `setNextBlockTimestamp` and not yet used. */
  nextBlockTimestamp(): bigint | undefined {
    return this.next;
  }

  /** Every block's timestamp becomes its parent's plus `seconds` (> 0). */
  setTimestampInterval(seconds: number | bigint): void {
    const s = BigInt(seconds);
    if (s <= 0n) throw invalidArgument('timestamp interval', seconds);
    this.interval = s;
  }

  /** Back to wall-clock timestamps; true if an interval was set. */
  removeTimestampInterval(): boolean {
    const had = this.interval !== undefined;
    this.interval = undefined;
    return had;
  }

  /** The timestamp of a block on a parent with `parentTimestamp`; does not consume anything. */
  peek(parentTimestamp: bigint): bigint {
    const floor = parentTimestamp + 1n;
    let t: bigint;
    if (this.next !== undefined) t = this.next;
    else if (this.interval !== undefined) t = parentTimestamp + this.interval;
    else t = this.now();
    return t < floor ? floor : t;
  }

  /** What evm_snapshot keeps of the clock: its "now" (ms), the fixed next timestamp and the interval. */
  save(): MinerClockState {
    return { nowMs: this.wallMs() + this.offsetMs, next: this.next, interval: this.interval };
  }

  /** Back to a saved state: "now" is the saved now again (as Hardhat's evm_revert does). */
  restore(state: MinerClockState): void {
    this.offsetMs = state.nowMs - this.wallMs();
    this.next = state.next;
    this.interval = state.interval;
  }

  /** The wall clock again: no offset, no fixed next timestamp, no interval (anvil_reset). */
  reset(): void {
    this.offsetMs = 0;
    this.next = undefined;
    this.interval = undefined;
  }

  /** Records that a block with `timestamp` was made: a fixed next timestamp is used up and time continues from it. */
  commit(timestamp: bigint): void {
    if (this.next !== undefined) {
      this.next = undefined;
      this.setTime(timestamp);
    }
  }
}

/** A saved {@link MinerClock} (see `MinerClock.save`). */
export interface MinerClockState {
  nowMs: number;
  next: bigint | undefined;
  interval: bigint | undefined;
}

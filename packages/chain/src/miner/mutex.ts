/** Anything that runs async work one at a time: the miner takes the facade's, or makes a {@link Mutex}. */
export interface Lock {
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * A FIFO async mutex: `runExclusive` calls wait for every earlier one to settle. Block production
 * and block import share one, so one block is written at a time.
 */
export class Mutex implements Lock {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.waiting++;
    const run = this.tail.then(() => fn());
    this.tail = run.then(
      () => {
        this.waiting--;
      },
      () => {
        this.waiting--;
      },
    );
    return run;
  }

  /** True while a holder runs or callers wait. */
  isLocked(): boolean {
    return this.waiting > 0;
  }
}

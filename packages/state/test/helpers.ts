import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp directory and its remover. */
export async function tempDir(prefix = 'basalt-state-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Runs the closers pushed during a test, last first. */
export class Closers {
  private readonly fns: Array<() => Promise<void> | void> = [];
  push(fn: () => Promise<void> | void): void {
    this.fns.push(fn);
  }
  async closeAll(): Promise<void> {
    while (this.fns.length > 0) await this.fns.pop()?.();
  }
}

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import * as chain from '@basalt/chain';
import * as execution from '@basalt/execution';
import * as rpc from '@basalt/rpc';
import * as state from '@basalt/state';

const modules: Record<string, Record<string, unknown>> = {
  '@basalt/chain': chain,
  '@basalt/execution': execution,
  '@basalt/rpc': rpc,
  '@basalt/state': state,
};

describe('rpc / README', () => {
  it('the usage example runs', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const code = /## Usage\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(typeof code).toBe('string');
    // Bind the example's named imports, then run its body (plain JS: no type syntax in it).
    const bindings: Record<string, unknown> = {};
    const body = (code as string).replace(
      /^import \{([^}]*)\} from '([^']+)';\n/gm,
      (_m, names: string, from: string) => {
        for (const name of names
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)) {
          expect({ name, from, found: name in (modules[from] ?? {}) }).toEqual({ name, from, found: true });
          bindings[name] = modules[from]?.[name];
        }
        return '';
      },
    );
    const assertions: unknown[] = [];
    const consoleShim = { assert: (ok: unknown) => assertions.push(ok) };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    const run = new AsyncFunction(...Object.keys(bindings), 'console', body);
    await run(...Object.values(bindings), consoleShim);
    expect(assertions).toEqual([true]);
  });
});

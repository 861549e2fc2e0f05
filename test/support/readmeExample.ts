// Runs the `## Usage` TypeScript example of a package README, as the README tests of the packages do.
import { readFile } from 'node:fs/promises';
import { expect } from '@jest/globals';

/**
 * Binds the example's named imports to `modules` (each must export the name), runs its body (plain
 * JS: no type syntax in it) and returns the values it passed to `console.assert`, in order.
 */
export async function runReadmeUsage(
  readme: URL,
  modules: Record<string, Record<string, unknown>>,
): Promise<unknown[]> {
  const text = await readFile(readme, 'utf8');
  const code = /## Usage\s+```ts\n([\s\S]*?)```/.exec(text)?.[1];
  expect(typeof code).toBe('string');
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
  return assertions;
}

// Where the npm-installed tools live, for the contracts tests.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const contractsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const solcShim = join(contractsRoot, 'bin', 'solc');

const require = createRequire(import.meta.url);
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/**
 * Foundry's binaries from npm: the per-platform package `@foundry-rs/<tool>-<os>-<arch>` holds `bin/<tool>`.
 * Throws (failing the test) when the package is not installed.
 */
export function foundryBinary(tool: 'forge' | 'cast' | 'anvil'): string {
  const pkg = `@foundry-rs/${tool}-${process.platform}-${ARCH[process.arch] ?? process.arch}`;
  let dir: string;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`${pkg} is not installed (it is an optionalDependency of the root package.json)`);
  }
  const bin = join(dir, 'bin', tool);
  if (!existsSync(bin)) throw new Error(`${pkg} has no bin/${tool}`);
  return bin;
}

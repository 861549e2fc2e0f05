// Enforces the package graph in DEVELOPERS.md / docs/architecture.md:
//   common <- state <- execution <- chain <- (p2p, rpc) <- apps/node
// A package may depend on a @basalt/* package only if it is allowed below; p2p and rpc never
// import each other. Any package may use @basalt/contracts (compiled artifacts) in tests.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const ALLOWED: Record<string, string[]> = {
  '@basalt/common': [],
  '@basalt/state': ['@basalt/common'],
  '@basalt/execution': ['@basalt/common', '@basalt/state'],
  '@basalt/chain': ['@basalt/common', '@basalt/state', '@basalt/execution'],
  '@basalt/p2p': ['@basalt/common', '@basalt/state', '@basalt/execution', '@basalt/chain'],
  '@basalt/rpc': ['@basalt/common', '@basalt/state', '@basalt/execution', '@basalt/chain'],
  '@basalt/node': [
    '@basalt/common',
    '@basalt/state',
    '@basalt/execution',
    '@basalt/chain',
    '@basalt/p2p',
    '@basalt/rpc',
    // The dev genesis predeploys (Multicall3) and `basalt dev --deploy-tokens` use the compiled artifacts.
    '@basalt/contracts',
  ],
  '@basalt/contracts': [],
};
const ANYONE_MAY_USE_IN_TESTS = ['@basalt/contracts'];

interface Pkg {
  dir: string;
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function workspaces(): Pkg[] {
  const out: Pkg[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, group))) {
      const file = join(root, group, entry, 'package.json');
      if (existsSync(file)) out.push({ dir: join(root, group, entry), ...JSON.parse(readFileSync(file, 'utf8')) });
    }
  }
  out.push({ dir: join(root, 'contracts'), ...JSON.parse(readFileSync(join(root, 'contracts/package.json'), 'utf8')) });
  return out;
}

/** Returns the violations of the layering in one package.json, as readable strings. */
function violations(pkg: Pkg): string[] {
  const allowed = ALLOWED[pkg.name];
  if (!allowed) return [`${pkg.name} is not in the layering table`];
  const bad: string[] = [];
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (dep.startsWith('@basalt/') && !allowed.includes(dep)) bad.push(`${pkg.name} depends on ${dep}`);
  }
  for (const dep of Object.keys(pkg.devDependencies ?? {})) {
    if (dep.startsWith('@basalt/') && !allowed.includes(dep) && !ANYONE_MAY_USE_IN_TESTS.includes(dep)) {
      bad.push(`${pkg.name} dev-depends on ${dep}`);
    }
  }
  return bad;
}

/** Relative paths of every tsconfig reference must mirror the declared @basalt dependencies. */
function referenceNames(pkg: Pkg): string[] {
  const tsconfig = join(pkg.dir, 'tsconfig.json');
  if (!existsSync(tsconfig)) return [];
  const refs: { path: string }[] = JSON.parse(readFileSync(tsconfig, 'utf8')).references ?? [];
  return refs
    .map((r) => JSON.parse(readFileSync(join(resolve(pkg.dir, r.path), 'package.json'), 'utf8')).name as string)
    .sort();
}

/** @basalt imports found in a package's src/, to catch an import not declared in package.json. */
function importedInSource(dir: string): string[] {
  const found = new Set<string>();
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|js|mjs)$/.test(e.name)) {
        for (const m of readFileSync(p, 'utf8').matchAll(/from\s+['"](@basalt\/[a-z0-9-]+)/g)) found.add(m[1]!);
      }
    }
  };
  walk(join(dir, 'src'));
  return [...found];
}

describe('layering', () => {
  const pkgs = workspaces();

  it('finds every workspace', () => {
    expect(pkgs.map((p) => p.name).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('no @basalt dependency points up or across (p2p and rpc never meet)', () => {
    expect(pkgs.flatMap(violations)).toEqual([]);
  });

  it('detects a violation when one is introduced', () => {
    expect(violations({ dir: '', name: '@basalt/rpc', dependencies: { '@basalt/p2p': '0.1.0' } })).toEqual([
      '@basalt/rpc depends on @basalt/p2p',
    ]);
    expect(violations({ dir: '', name: '@basalt/state', dependencies: { '@basalt/chain': '0.1.0' } })).toEqual([
      '@basalt/state depends on @basalt/chain',
    ]);
  });

  it('tsconfig references mirror the declared @basalt dependencies', () => {
    for (const pkg of pkgs.filter((p) => p.name !== '@basalt/contracts')) {
      const declared = Object.keys(pkg.dependencies ?? {})
        .filter((d) => d.startsWith('@basalt/') && d !== '@basalt/contracts')
        .sort();
      expect({ pkg: pkg.name, refs: referenceNames(pkg) }).toEqual({ pkg: pkg.name, refs: declared });
    }
  });

  it('every @basalt import in src/ is a declared dependency', () => {
    for (const pkg of pkgs) {
      const declared = Object.keys(pkg.dependencies ?? {});
      const undeclared = importedInSource(pkg.dir).filter((d) => d !== pkg.name && !declared.includes(d));
      expect({ pkg: relative(root, pkg.dir), undeclared }).toEqual({ pkg: relative(root, pkg.dir), undeclared: [] });
    }
  });
});

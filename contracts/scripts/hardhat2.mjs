#!/usr/bin/env node
// Hardhat 2.28 for the system Node (20), installed on first use into contracts/hardhat2/node_modules from
// contracts/hardhat2/package-lock.json (`npm ci --prefix contracts/hardhat2`, registry only, no install scripts).
//
// Why not a workspace: Hardhat 2 and Hardhat 3 are the same package name, `hardhat`. As a workspace, npm must
// nest Hardhat 2 under contracts/hardhat2/node_modules next to the hoisted Hardhat 3, and npm 11's `npm ci`
// does not reliably reify that nested copy (seen here: the lockfile lists it, the tree lacks it). A folder of
// its own, with its own lockfile, installs exactly what it pins.
//
// Usage: node scripts/hardhat2.mjs            installs if needed, prints the path of Hardhat 2's CLI
//        node scripts/hardhat2.mjs -- ARGS    runs Hardhat 2 with ARGS in contracts/hardhat2
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from './node22.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HARDHAT2 = join(ROOT, 'hardhat2');

function pinned() {
  return JSON.parse(readFileSync(join(HARDHAT2, 'package.json'), 'utf8')).devDependencies.hardhat;
}

function installed() {
  const file = join(HARDHAT2, 'node_modules', 'hardhat', 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  return { version: pkg.version, cli: join(dirname(file), pkg.bin.hardhat) };
}

/** Returns Hardhat 2's CLI path and version, installing from the lockfile first if needed. */
export function ensureHardhat2({ quiet = false } = {}) {
  const want = pinned();
  const ready = () => (installed()?.version === want ? installed() : undefined);
  const have = ready();
  if (have) return have;
  return withLock(() => {
    const again = ready();
    if (again) return again;
    if (!quiet) process.stderr.write(`contracts: installing hardhat@${want} into ${HARDHAT2}\n`);
    const r = spawnSync(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['ci', '--prefix', HARDHAT2, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
      { encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'] },
    );
    if (r.status !== 0) throw new Error(`npm ci --prefix ${HARDHAT2} failed (${r.status}): ${r.stderr ?? ''}`);
    const got = ready();
    if (!got) throw new Error(`hardhat in ${HARDHAT2} is ${installed()?.version ?? 'missing'}, expected ${want}`);
    return got;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sep = process.argv.indexOf('--');
  const { cli } = ensureHardhat2();
  if (sep === -1) {
    process.stdout.write(`${cli}\n`);
  } else {
    const r = spawnSync(process.execPath, [cli, ...process.argv.slice(sep + 1)], { cwd: HARDHAT2, stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
}

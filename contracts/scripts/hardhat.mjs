#!/usr/bin/env node
// Runs Hardhat 3 in contracts/ under Node 22 from npm (see node22.mjs), whatever Node runs this script:
//
//   npm run hardhat -w @basalt/contracts -- build
//   cd contracts && node scripts/hardhat.mjs ignition deploy ignition/modules/Tokens.ts --network basalt
//
// Telemetry stays off unless HARDHAT_DISABLE_TELEMETRY is set otherwise: the build is offline by design.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { edrNativePackage, ensureNode22, TOOLCHAIN } from './node22.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The `hardhat` CLI entry (its package's "bin"), resolved from contracts/ like `npx hardhat` would. */
export function hardhatCli() {
  const require = createRequire(join(ROOT, 'package.json'));
  const pkgJson = require.resolve('hardhat/package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.hardhat;
  return { cli: join(dirname(pkgJson), bin), version: pkg.version };
}

/** The EDR binding in contracts/toolchain must be the version Hardhat's @nomicfoundation/edr expects. */
export function checkEdr() {
  const require = createRequire(hardhatCli().cli);
  // The package's "exports" hide package.json; its main module sits beside it.
  const edrDir = dirname(require.resolve('@nomicfoundation/edr'));
  const edr = JSON.parse(readFileSync(join(edrDir, 'package.json'), 'utf8')).version;
  const file = join(TOOLCHAIN, 'node_modules', edrNativePackage(), 'package.json');
  const native = JSON.parse(readFileSync(file, 'utf8')).version;
  if (native !== edr) {
    throw new Error(
      `hardhat uses @nomicfoundation/edr ${edr} but contracts/toolchain pins ${edrNativePackage()} ${native}: update contracts/toolchain/package.json and its lockfile (docs/hardhat.md)`,
    );
  }
  return edr;
}

export function runHardhat(args, { stdio = 'inherit', env = {} } = {}) {
  const { node, nodePath } = ensureNode22({ quiet: stdio !== 'inherit' });
  const { cli } = hardhatCli();
  checkEdr();
  return spawnSync(node, [cli, ...args], {
    cwd: ROOT,
    stdio,
    encoding: 'utf8',
    env: {
      HARDHAT_DISABLE_TELEMETRY: 'true',
      ...process.env,
      NODE_PATH: [nodePath, process.env.NODE_PATH].filter(Boolean).join(delimiter),
      ...env,
    },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = runHardhat(process.argv.slice(2));
  process.exitCode = r.status ?? 1;
}

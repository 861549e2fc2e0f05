// The solc-js shim Foundry uses as its compiler (bin/solc): the --version line foundry-compilers parses,
// and --standard-json with imports read from disk under the base/include/allowed paths like native solc.
// When the forge binary from npm is installed, also runs a real `forge build` through the shim.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { solcVersion } from '@basalt/contracts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shim = join(root, 'bin', 'solc');

function solc(args: string[], opts: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(shim, args, { input: opts.input, cwd: opts.cwd ?? root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Output {
  errors?: { severity: string; formattedMessage: string; message: string }[];
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

describe('bin/solc (solc-js shim for Foundry)', () => {
  let dir: string;

  beforeAll(() => {
    // A project: base/src/Main.sol imports a sibling, and a library found only through an include path.
    dir = mkdtempSync(join(tmpdir(), 'basalt-solc-shim-'));
    mkdirSync(join(dir, 'base', 'src'), { recursive: true });
    mkdirSync(join(dir, 'deps', 'lib'), { recursive: true });
    writeFileSync(
      join(dir, 'base', 'src', 'Main.sol'),
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\nimport {Helper} from "./Helper.sol";\nimport {Lib} from "lib/Lib.sol";\ncontract Main is Helper { function f() external pure returns (uint256) { return Lib.two() + one(); } }\n',
    );
    writeFileSync(
      join(dir, 'base', 'src', 'Helper.sol'),
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\ncontract Helper { function one() internal pure returns (uint256) { return 1; } }\n',
    );
    writeFileSync(
      join(dir, 'deps', 'lib', 'Lib.sol'),
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\nlibrary Lib { function two() internal pure returns (uint256) { return 2; } }\n',
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const input = JSON.stringify({
    language: 'Solidity',
    sources: { 'src/Main.sol': { urls: ['src/Main.sol'] } },
    settings: { evmVersion: 'prague', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  });
  const errors = (out: Output) => (out.errors ?? []).filter((e) => e.severity === 'error');

  it('prints the version the way native solc does', () => {
    const r = solc(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`solc, the solidity compiler commandline interface\nVersion: ${solcVersion}\n`);
  });

  it('compiles standard JSON from stdin, reading imports under --base-path and --include-path', () => {
    const r = solc(['--base-path', join(dir, 'base'), '--include-path', join(dir, 'deps'), '--standard-json'], {
      input,
    });
    expect(r.code).toBe(0);
    const out: Output = JSON.parse(r.stdout);
    expect(errors(out)).toEqual([]);
    expect(out.contracts?.['src/Main.sol']?.Main?.evm.bytecode.object).toMatch(/^[0-9a-f]+$/);
  });

  it('accepts --opt=value and an input file, with the base path defaulting to the working directory', () => {
    const file = join(dir, 'input.json');
    writeFileSync(file, input);
    const r = solc([`--include-path=${join(dir, 'deps')}`, '--standard-json', file], { cwd: join(dir, 'base') });
    expect(r.code).toBe(0);
    expect(errors(JSON.parse(r.stdout))).toEqual([]);
  });

  it('reports imports it cannot find, or may not read, as solc errors in the output JSON', () => {
    const missing: Output = JSON.parse(solc(['--base-path', join(dir, 'base'), '--standard-json'], { input }).stdout);
    expect(
      errors(missing)
        .map((e) => e.message)
        .join('\n'),
    ).toMatch(/lib\/Lib\.sol.*not found/);

    // Remapped to ../deps: reachable on disk, but outside the base path and not allowed.
    const outside = JSON.stringify({
      language: 'Solidity',
      sources: { 'x.sol': { content: 'pragma solidity ^0.8.0; import "dep/lib/Lib.sol";' } },
      settings: { remappings: ['dep/=../deps/'] },
    });
    const denied: Output = JSON.parse(
      solc(['--base-path', join(dir, 'base'), '--standard-json'], { input: outside }).stdout,
    );
    expect(
      errors(denied)
        .map((e) => e.message)
        .join('\n'),
    ).toMatch(/outside of allowed directories/);
    const allowed: Output = JSON.parse(
      solc(['--base-path', join(dir, 'base'), '--allow-paths', join(dir, 'deps'), '--standard-json'], {
        input: outside,
      }).stdout,
    );
    expect(errors(allowed)).toEqual([]);
  });

  it('rejects options it does not implement', () => {
    const r = solc(['--bin', 'x.sol']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unrecognised option '--bin'/);
  });
});

// Foundry's forge from npm: the per-platform package holds the binary at bin/forge.
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
const forgePackage = `@foundry-rs/forge-${process.platform}-${ARCH[process.arch] ?? process.arch}`;
const forge = (() => {
  try {
    const pkg = createRequire(import.meta.url).resolve(`${forgePackage}/package.json`);
    return join(dirname(pkg), 'bin', 'forge');
  } catch {
    return undefined;
  }
})();
describe('forge build through the shim', () => {
  it('compiles src/ offline with foundry.toml', () => {
    expect(forge && existsSync(forge) ? forge : `${forgePackage} is not installed`).toBe(forge);
    const tmp = mkdtempSync(join(tmpdir(), 'basalt-forge-'));
    try {
      const r = spawnSync(forge!, ['build', '--out', join(tmp, 'out'), '--cache-path', join(tmp, 'cache')], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(`${r.stdout}${r.stderr}`).toMatch(/Compiler run successful/);
      expect(r.status).toBe(0);
      expect(existsSync(join(tmp, 'out', 'BasaltToken.sol', 'BasaltToken.json'))).toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

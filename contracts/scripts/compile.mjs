#!/usr/bin/env node
// Compiles every .sol file under contracts/src with solc-js (standard JSON, optimizer 200 runs,
// evmVersion prague), writes artifacts/<Name>.json and a generated dist/index.js + dist/index.d.ts.
//
// Incremental: a stamp (dist/.stamp.json) records the solc version, this script, the settings and the
// hash of every source file solc read (ours and OpenZeppelin's). When all of them are unchanged and the
// outputs exist, the build exits without loading the compiler (npm test runs this every time).
//
// Usage: node scripts/compile.mjs [--force] [--quiet]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const ARTIFACTS = join(ROOT, 'artifacts');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.stamp.json');
const require = createRequire(import.meta.url);

const args = new Set(process.argv.slice(2));
const force = args.has('--force');
const quiet = args.has('--quiet');

export const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'prague',
  metadata: { bytecodeHash: 'ipfs' },
};
const OUTPUTS = [
  'abi',
  'evm.bytecode.object',
  'evm.bytecode.sourceMap',
  'evm.bytecode.linkReferences',
  'evm.deployedBytecode.object',
  'evm.deployedBytecode.sourceMap',
  'evm.deployedBytecode.linkReferences',
  'evm.deployedBytecode.immutableReferences',
  'evm.methodIdentifiers',
];

/**
 * Contracts every Basalt dev chain has in its genesis state, at their well-known addresses. Genesis holds only
 * runtime code (and no storage), so the build refuses a predeploy with a constructor or immutables.
 */
export const PREDEPLOYS = {
  Multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11',
};

/**
 * The EVM version predeploys are compiled for, apart from the main build. `basalt dev --hardfork` goes back to
 * istanbul, and prague code uses PUSH0 (shanghai) and MCOPY (cancun), so genesis code for every dev chain must
 * avoid them. London is the oldest target that still compiles `block.basefee`; on berlin and istanbul chains
 * every function but `getBasefee()` works (that one hits an invalid opcode).
 */
export const PREDEPLOY_EVM_VERSION = 'london';

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const toPosix = (p) => p.split(sep).join('/');

/** Every .sol file under src/, as source unit names relative to contracts/ ("src/Foo.sol"), sorted. */
function sourceFiles(dir = SRC) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.sol')) out.push(toPosix(relative(ROOT, p)));
  }
  return out.sort();
}

/**
 * Maps a solc source unit name to a file on disk: first relative to contracts/ (our sources),
 * then as a package path ("@openzeppelin/contracts/...") through Node's resolution, then by walking
 * up the node_modules directories (works when the package is hoisted to the monorepo root).
 */
export function resolveImport(path) {
  if (path.includes('\0')) return undefined;
  const local = resolve(ROOT, path);
  if (existsSync(local)) return local;
  try {
    return require.resolve(path);
  } catch {
    // The package may restrict subpaths with "exports": fall through to the node_modules walk.
  }
  for (let dir = ROOT; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', path);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function solcPackageVersion() {
  return JSON.parse(readFileSync(require.resolve('solc/package.json'), 'utf8')).version;
}

/** The hash of everything that is not a source file but changes the output. */
function configHash() {
  return sha256(
    JSON.stringify({
      solc: solcPackageVersion(),
      script: sha256(readFileSync(fileURLToPath(import.meta.url))),
      settings: SETTINGS,
      outputs: OUTPUTS,
      predeployEvmVersion: PREDEPLOY_EVM_VERSION,
    }),
  );
}

/** True if the previous build is still valid: same config, same src/ files, same bytes in every file read. */
function upToDate(roots, config) {
  if (!existsSync(STAMP) || !existsSync(join(DIST, 'index.js')) || !existsSync(join(DIST, 'index.d.ts'))) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return false;
  }
  if (stamp.config !== config) return false;
  if (JSON.stringify(stamp.roots) !== JSON.stringify(roots)) return false;
  for (const name of stamp.artifacts ?? []) if (!existsSync(join(ARTIFACTS, `${name}.json`))) return false;
  for (const [unit, hash] of Object.entries(stamp.sources ?? {})) {
    const file = resolveImport(unit);
    if (!file || sha256(readFileSync(file)) !== hash) return false;
  }
  return true;
}

/** A TypeScript type literal for a JSON value, with literal types and readonly everywhere (like `as const`). */
function typeOf(value, indent = '') {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return 'readonly []';
    return `readonly [\n${value.map((v) => inner + typeOf(v, inner)).join(',\n')},\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}readonly ${JSON.stringify(k)}: ${typeOf(v, inner)};`).join('\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function main() {
  const roots = sourceFiles();
  const config = configHash();
  if (!force && upToDate(roots, config)) {
    if (!quiet) console.log(`contracts: up to date (${roots.length} sources)`);
    return 0;
  }
  if (roots.length === 0) {
    console.error(`contracts: no .sol files under ${relative(process.cwd(), SRC) || SRC}`);
    return 1;
  }

  const t0 = Date.now();
  const solc = require('solc');
  const version = solc.version();
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(roots.map((unit) => [unit, { content: readFileSync(join(ROOT, unit), 'utf8') }])),
    settings: {
      ...SETTINGS,
      outputSelection: Object.fromEntries(roots.map((unit) => [unit, { '*': OUTPUTS }])),
    },
  };

  const read = new Map(roots.map((unit) => [unit, input.sources[unit].content]));
  const findImports = (path) => {
    const file = resolveImport(path);
    if (!file) return { error: `File not found: ${path} (looked in ${ROOT} and node_modules)` };
    const contents = readFileSync(file, 'utf8');
    read.set(path, contents);
    return { contents };
  };

  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const diagnostics = output.errors ?? [];
  const errors = diagnostics.filter((e) => e.severity === 'error');
  for (const d of diagnostics.filter((e) => e.severity !== 'error')) console.warn(d.formattedMessage ?? d.message);
  if (errors.length > 0) {
    for (const e of errors) console.error(e.formattedMessage ?? `${e.type}: ${e.message}`);
    console.error(`contracts: compilation failed with ${errors.length} error(s) (solc ${version})`);
    return 1;
  }

  const artifacts = [];
  const seen = new Map();
  for (const unit of roots) {
    for (const [name, c] of Object.entries(output.contracts?.[unit] ?? {})) {
      if (seen.has(name)) {
        console.error(`contracts: contract name ${name} is defined in both ${seen.get(name)} and ${unit}`);
        return 1;
      }
      seen.set(name, unit);
      artifacts.push({
        _format: 'hh-sol-artifact-1',
        contractName: name,
        sourceName: unit,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
        sourceMap: c.evm.bytecode.sourceMap ?? '',
        deployedSourceMap: c.evm.deployedBytecode.sourceMap ?? '',
        linkReferences: c.evm.bytecode.linkReferences ?? {},
        deployedLinkReferences: c.evm.deployedBytecode.linkReferences ?? {},
        methodIdentifiers: c.evm.methodIdentifiers ?? {},
        evmVersion: SETTINGS.evmVersion,
        compiler: { name: 'solc', version, optimizer: SETTINGS.optimizer },
      });
    }
  }
  artifacts.sort((a, b) => a.contractName.localeCompare(b.contractName));

  for (const [name, address] of Object.entries(PREDEPLOYS)) {
    const a = artifacts.find((x) => x.contractName === name);
    const c = a && output.contracts[a.sourceName][name];
    const problem = !a
      ? 'is not in src/'
      : Object.keys(c.evm.deployedBytecode.immutableReferences ?? {}).length > 0
        ? 'has immutables'
        : a.abi.some((i) => i.type === 'constructor')
          ? 'has a constructor'
          : !a.bytecode.endsWith(a.deployedBytecode.slice(2))
            ? 'has creation code that does more than return its runtime code'
            : undefined;
    if (problem) {
      console.error(
        `contracts: predeploy ${name} (${address}) ${problem}; its runtime code alone must be the contract`,
      );
      return 1;
    }
  }

  // The predeploys' genesis code: the same sources again, for PREDEPLOY_EVM_VERSION (one small compile).
  const predeployCode = {};
  for (const name of Object.keys(PREDEPLOYS)) {
    const unit = artifacts.find((x) => x.contractName === name).sourceName;
    const out = JSON.parse(
      solc.compile(
        JSON.stringify({
          language: 'Solidity',
          sources: { [unit]: { content: input.sources[unit].content } },
          settings: {
            ...SETTINGS,
            evmVersion: PREDEPLOY_EVM_VERSION,
            outputSelection: { [unit]: { [name]: ['evm.deployedBytecode.object'] } },
          },
        }),
        { import: findImports },
      ),
    );
    const errs = (out.errors ?? []).filter((e) => e.severity === 'error');
    if (errs.length > 0) {
      for (const e of errs) console.error(e.formattedMessage ?? `${e.type}: ${e.message}`);
      console.error(`contracts: predeploy ${name} does not compile for ${PREDEPLOY_EVM_VERSION}`);
      return 1;
    }
    predeployCode[name] = `0x${out.contracts[unit][name].evm.deployedBytecode.object}`;
  }

  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(DIST, { recursive: true });
  rmSync(STAMP, { force: true });
  for (const a of artifacts) writeAtomic(join(ARTIFACTS, `${a.contractName}.json`), `${JSON.stringify(a, null, 2)}\n`);

  const header = `// Generated by contracts/scripts/compile.mjs from contracts/src with solc ${version}. Do not edit.\n`;
  const pick = (a) => ({
    contractName: a.contractName,
    sourceName: a.sourceName,
    abi: a.abi,
    bytecode: a.bytecode,
    deployedBytecode: a.deployedBytecode,
    sourceMap: a.sourceMap,
    deployedSourceMap: a.deployedSourceMap,
  });
  const names = artifacts.map((a) => a.contractName);
  let js = header;
  js += `export const solcVersion = ${JSON.stringify(version)};\n`;
  js += `export const evmVersion = ${JSON.stringify(SETTINGS.evmVersion)};\n\n`;
  for (const a of artifacts)
    js += `export const ${a.contractName} = Object.freeze(${JSON.stringify(pick(a), null, 2)});\n\n`;
  js += `export const artifacts = Object.freeze({ ${names.join(', ')} });\n`;
  const predeploys = Object.entries(PREDEPLOYS);
  js +=
    '\n/** Contracts in the genesis state of every Basalt dev chain: address and runtime code (compiled for evmVersion). */\n';
  js += `export const predeploys = Object.freeze({\n${predeploys
    .map(
      ([n, address]) =>
        `  ${n}: Object.freeze({ address: ${JSON.stringify(address)}, evmVersion: ${JSON.stringify(PREDEPLOY_EVM_VERSION)}, deployedBytecode: ${JSON.stringify(predeployCode[n])} }),`,
    )
    .join('\n')}\n});\n`;
  js += `export const MULTICALL3_ADDRESS = ${JSON.stringify(PREDEPLOYS.Multicall3)};\n`;

  let dts = header;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: this is TypeScript's template literal type, not a JS template
  dts += 'type Hex = `0x${string}`;\n\n';
  dts += '/** One compiled contract: what viem/ethers need to deploy and call it. */\n';
  dts += 'export interface ContractArtifact {\n';
  dts += '  readonly contractName: string;\n  readonly sourceName: string;\n  readonly abi: readonly unknown[];\n';
  dts += '  readonly bytecode: Hex;\n  readonly deployedBytecode: Hex;\n';
  dts += '  readonly sourceMap: string;\n  readonly deployedSourceMap: string;\n}\n\n';
  dts += `export declare const solcVersion: ${JSON.stringify(version)};\n`;
  dts += `export declare const evmVersion: ${JSON.stringify(SETTINGS.evmVersion)};\n\n`;
  for (const a of artifacts) {
    dts += `export declare const ${a.contractName}: {\n`;
    dts += `  readonly contractName: ${JSON.stringify(a.contractName)};\n`;
    dts += `  readonly sourceName: ${JSON.stringify(a.sourceName)};\n`;
    dts += `  readonly abi: ${typeOf(a.abi, '  ')};\n`;
    dts += '  readonly bytecode: Hex;\n  readonly deployedBytecode: Hex;\n';
    dts += '  readonly sourceMap: string;\n  readonly deployedSourceMap: string;\n};\n\n';
  }
  dts += `export declare const artifacts: {\n${names.map((n) => `  readonly ${n}: typeof ${n};`).join('\n')}\n};\n`;
  dts += 'export type ContractName = keyof typeof artifacts;\n\n';
  dts +=
    '/** Contracts in the genesis state of every Basalt dev chain: address and runtime code (compiled for evmVersion). */\n';
  dts += `export declare const predeploys: {\n${predeploys
    .map(
      ([n, address]) =>
        `  readonly ${n}: { readonly address: ${JSON.stringify(address)}; readonly evmVersion: ${JSON.stringify(PREDEPLOY_EVM_VERSION)}; readonly deployedBytecode: Hex };`,
    )
    .join('\n')}\n};\n`;
  dts += `export declare const MULTICALL3_ADDRESS: ${JSON.stringify(PREDEPLOYS.Multicall3)};\n`;

  writeAtomic(join(DIST, 'index.js'), js);
  writeAtomic(join(DIST, 'index.d.ts'), dts);

  const sources = Object.fromEntries(
    [...read.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([u, c]) => [u, sha256(c)]),
  );
  writeAtomic(STAMP, `${JSON.stringify({ config, roots, artifacts: names, sources }, null, 2)}\n`);

  if (!quiet) {
    console.log(
      `contracts: compiled ${roots.length} sources (${read.size} with imports) into ${names.join(', ')} with solc ${version} in ${Date.now() - t0} ms`,
    );
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}

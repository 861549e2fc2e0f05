// The part of native solc's command line that Foundry (foundry-compilers) uses, on top of solc-js:
//
//   solc --version
//   solc [--base-path DIR] [--include-path DIR]... [--allow-paths A,B] --standard-json [input.json]
//
// Standard JSON is read from stdin (or the file), compiled by solc-js, and the output JSON written to
// stdout, exit 0 even when the JSON reports compile errors (as native solc does). Imports that are not
// in the input's "sources" are read from disk like native solc's file loader: the source unit name is
// looked up under the base path (default: the working directory) and each include path, and the file
// must lie inside the base path, an include path or an allowed path.
//
// Launched by contracts/bin/solc. Why it exists: npm has no native solc, and Foundry must not download one
// (offline = true), so foundry.toml points `solc` at this shim.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

const require = createRequire(import.meta.url);

const USAGE = `solc (solc-js shim for Foundry)
Usage:
  solc --version
  solc [--base-path DIR] [--include-path DIR]... [--allow-paths P1,P2] --standard-json [FILE]
Reads standard JSON from FILE or stdin and writes standard JSON to stdout.
`;

class UsageError extends Error {}

/** Parses argv like native solc does for the options we support ("--opt value" or "--opt=value"). */
export function parseArgs(argv) {
  const opts = {
    version: false,
    help: false,
    standardJson: false,
    basePath: undefined,
    includePaths: [],
    allowPaths: [],
    files: [],
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline;
    if (arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option ${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--version':
      case '-v':
        opts.version = true;
        break;
      case '--help':
      case '-h':
        opts.help = true;
        break;
      case '--standard-json':
        opts.standardJson = true;
        break;
      case '--base-path':
        opts.basePath = value();
        break;
      case '--include-path':
        opts.includePaths.push(value());
        break;
      case '--allow-paths':
        opts.allowPaths.push(...value().split(',').filter(Boolean));
        break;
      case '--pretty-json':
      case '--no-color':
      case '--color':
        break;
      default:
        if (arg.startsWith('-'))
          throw new UsageError(
            `unrecognised option '${argv[i]}' (this solc-js shim supports --version and --standard-json)`,
          );
        opts.files.push(arg);
    }
  }
  return opts;
}

const canonical = (p) => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};
const within = (file, dir) => {
  const rel = relative(dir, file);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/** A solc-js import callback that reads files from disk like native solc's FileReader. */
export function fileReader({ basePath, includePaths, allowPaths }, cwd = process.cwd()) {
  const base = resolve(cwd, basePath ?? '.');
  const includes = includePaths.map((p) => resolve(cwd, p));
  const allowed = [base, ...includes, ...allowPaths.map((p) => resolve(cwd, p))].map(canonical);
  return (unit) => {
    const name = unit.startsWith('file://') ? unit.slice('file://'.length) : unit;
    const candidates = isAbsolute(name) ? [name] : [base, ...includes].map((root) => join(root, name));
    const found = candidates.filter((c) => existsSync(c) && statSync(c).isFile());
    if (found.length === 0) {
      return {
        error: `File not found. Searched the following locations: ${[base, ...includes].map((r) => `"${r}"`).join(', ')}.`,
      };
    }
    if (found.length > 1 && new Set(found.map(canonical)).size > 1) {
      return {
        error: `Ambiguous import. Multiple matching files found inside base path and/or include paths: ${found.map((f) => `"${f}"`).join(', ')}.`,
      };
    }
    const real = canonical(found[0]);
    if (!allowed.some((dir) => within(real, dir))) {
      return {
        error: `File outside of allowed directories. The following are allowed: ${allowed.map((d) => `"${d}"`).join(', ')}.`,
      };
    }
    return { contents: readFileSync(real, 'utf8') };
  };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`solc: ${e.message}\n${USAGE}`);
    return 1;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const solc = require('solc');
  if (opts.version) {
    process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
    return 0;
  }
  if (!opts.standardJson) {
    process.stderr.write(`solc: only --standard-json and --version are supported by this solc-js shim\n${USAGE}`);
    return 1;
  }
  if (opts.files.length > 1) {
    process.stderr.write('solc: --standard-json takes at most one input file\n');
    return 1;
  }
  const input = opts.files.length === 1 ? readFileSync(opts.files[0], 'utf8') : await readStdin();
  const output = solc.compile(input, { import: fileReader(opts) });
  await new Promise((done, fail) => process.stdout.write(`${output}\n`, (err) => (err ? fail(err) : done())));
  return 0;
}

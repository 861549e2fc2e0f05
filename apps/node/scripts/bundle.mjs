// Bundles the built CLI (dist/main.js, from src/main.ts) into dist/cli.js, the file `basalt`, `npm start`,
// the bench and the tests run. Start-up was mostly module loading: resolving and compiling ~1,700 files
// (docs/performance.md, change 7). One file, with the imports that are only made when asked for
// (libp2p, the token contracts, ...) split into chunks under dist/chunks/ that load on first use.
// Native addons stay external and load from node_modules as before; so do the workspace's own
// dist files for every other importer (only the CLI is bundled).
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
await rm(`${root}dist/chunks`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'dist/main.js' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addons (node-gyp-build finds their binaries next to their own package.json).
  external: ['classic-level', 'keccak', 'secp256k1'],
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __basaltCreateRequire } from 'node:module';\nconst require = __basaltCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  // ~7% less start-up CPU than the readable bundle. Names are kept; for readable stack traces run the
  // unbundled CLI, `node apps/node/dist/main.js`.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

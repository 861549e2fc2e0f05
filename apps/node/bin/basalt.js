#!/usr/bin/env node
// The `basalt` command. A committed, executable shim, so npm can link it at install time even
// before the TypeScript build has made dist/ (the root `prepare` script builds right after).
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    process.stderr.write('basalt: not built yet; run `npm run build` at the repository root\n');
    process.exit(1);
  }
  throw err;
});

import { fileURLToPath } from 'node:url';

/** The built `basalt` CLI, dist/cli.js: next to this file, and also where this code runs bundled into it. */
export const builtCli = (): string => fileURLToPath(new URL('./cli.js', import.meta.url));

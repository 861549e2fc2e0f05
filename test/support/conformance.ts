// Where the shared conformance data is, for every test that reads it: BASALT_CONFORMANCE_DIR, else
// ../shared/conformance beside the repository (as CI lays it out).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFORMANCE_DIR =
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by Jest only; no turbo task's output depends on it
  process.env.BASALT_CONFORMANCE_DIR ?? fileURLToPath(new URL('../../../shared/conformance', import.meta.url));

/** One data set in it, e.g. `conformanceDir('execution-apis')`. */
export const conformanceDir = (name: string): string => join(CONFORMANCE_DIR, name);

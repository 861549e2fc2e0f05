// The execution-apis `.io` cases, read as the reference runner (hive rpc-compat) reads them:
// `// ` comments (a `// speconly:` one before the first request marks the case), `>> ` requests
// sent as written, `<< ` expected responses; any other line makes the file invalid.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDir } from '../../../../test/support/conformance.ts';

export const EXECUTION_APIS = conformanceDir('execution-apis');
export const SPEC_DIR = conformanceDir('execution-apis-spec');

export interface IoExchange {
  /** The request text, sent exactly as written. */
  request: string;
  /** The expected response text. */
  response: string;
}

export interface IoCase {
  /** `method/case.io`, the name used in reports and in the committed lists. */
  name: string;
  /** The directory: the method under test. */
  method: string;
  speconly: boolean;
  description: string;
  exchanges: IoExchange[];
}

export function parseIoCase(name: string, text: string): IoCase {
  const method = name.split('/')[0]!;
  const exchanges: IoExchange[] = [];
  const description: string[] = [];
  let speconly = false;
  let pending: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('//')) {
      if (exchanges.length === 0 && pending === undefined) {
        const c = line.slice(2).trim();
        if (c.startsWith('speconly:')) speconly = true;
        description.push(c);
      }
      continue;
    }
    if (line.startsWith('>>')) {
      if (pending !== undefined) throw new Error(`${name}: two requests without a response`);
      pending = line.slice(2).trim();
    } else if (line.startsWith('<<')) {
      if (pending === undefined) throw new Error(`${name}: a response without a request`);
      exchanges.push({ request: pending, response: line.slice(2).trim() });
      pending = undefined;
    } else {
      throw new Error(`${name}: invalid line ${line.slice(0, 40)}`);
    }
  }
  if (pending !== undefined) throw new Error(`${name}: a request without a response`);
  return { name, method, speconly, description: description.join(' '), exchanges };
}

/** Every case, in lexical order of path (the reference runner's order). */
export function readIoCases(dir = EXECUTION_APIS): IoCase[] {
  const out: IoCase[] = [];
  for (const method of readdirSync(dir).sort()) {
    const sub = join(dir, method);
    if (!statSync(sub).isDirectory()) continue;
    for (const file of readdirSync(sub).sort()) {
      if (!file.endsWith('.io')) continue;
      out.push(parseIoCase(`${method}/${file}`, readFileSync(join(sub, file), 'utf8')));
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

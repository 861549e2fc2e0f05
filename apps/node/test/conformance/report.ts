// docs/conformance.md is written by `npm run conformance:report`: each runner replaces its own
// section, between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPORT_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../../docs/conformance.md');

export function replaceSection(name: string, body: string): void {
  const text = readFileSync(REPORT_FILE, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${REPORT_FILE} has no ${name} section`);
  writeFileSync(REPORT_FILE, `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`);
}

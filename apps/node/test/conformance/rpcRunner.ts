// Runs the execution-apis cases against a node URL one after another, in the reference runner's
// order, and judges each response as it does (see compare.ts). A case listed in known-wrong.json
// still runs but counts as failed, with the reason shown.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Json, jsonDiff, stripErrorMessages } from './compare.ts';
import type { IoCase } from './ioCases.ts';
import type { OpenRpcSpec } from './openrpc.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const FLOOR_FILE = join(HERE, 'floor.json');
export const PASSING_FILE = join(HERE, 'passing.json');
export const KNOWN_WRONG_FILE = join(HERE, 'known-wrong.json');

export interface CaseResult {
  name: string;
  method: string;
  passed: boolean;
  /** Why it failed: the first difference, a schema error, a transport error, or the known-wrong reason. */
  reason?: string;
  ms: number;
}

/** known-wrong.json: `{ "<method>/<case>.io": "<why Basalt's authors believe the recording is wrong>" }`. */
export function readKnownWrong(): Record<string, string> {
  return JSON.parse(readFileSync(KNOWN_WRONG_FILE, 'utf8')) as Record<string, string>;
}

async function post(url: string, body: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    // A harness bound, not a speed check: a loaded CI machine runs the heaviest eth_simulateV1 case in seconds.
    signal: AbortSignal.timeout(30_000),
  });
  return (await res.text()).trim();
}

export async function runCase(url: string, c: IoCase, spec: OpenRpcSpec): Promise<CaseResult> {
  const started = Date.now();
  const done = (passed: boolean, reason?: string): CaseResult => ({
    name: c.name,
    method: c.method,
    passed,
    ...(reason !== undefined ? { reason } : {}),
    ms: Date.now() - started,
  });
  let lastMethod = c.method;
  for (const [i, ex] of c.exchanges.entries()) {
    try {
      lastMethod = (JSON.parse(ex.request) as { method?: string }).method ?? lastMethod;
    } catch {
      // sent as written all the same
    }
    let text: string;
    try {
      text = await post(url, ex.request);
    } catch (err) {
      return done(false, `exchange ${i}: request failed: ${(err as Error).message}`);
    }
    let actual: Json;
    try {
      actual = JSON.parse(text) as Json;
    } catch {
      return done(false, `exchange ${i}: response is not JSON: ${text.slice(0, 80)}`);
    }
    const expected = JSON.parse(ex.response) as Json;
    const hasError = typeof actual === 'object' && actual !== null && !Array.isArray(actual) && 'error' in actual;
    if (c.speconly && !hasError) {
      const errors = spec.validateResult(lastMethod, (actual as Record<string, Json>).result);
      if (errors.length > 0) return done(false, `exchange ${i}: schema: ${errors.slice(0, 3).join('; ')}`);
      continue;
    }
    const [e, a] = stripErrorMessages(expected, actual);
    const diff = jsonDiff(e, a);
    if (diff !== undefined) {
      const err = hasError ? (actual as { error?: { code?: number; message?: string } }).error : undefined;
      const got = err !== undefined ? ` (got error ${err.code}: ${err.message})` : '';
      return done(false, `exchange ${i}: ${diff}${got}`);
    }
  }
  return done(true);
}

export async function runCases(
  url: string,
  cases: IoCase[],
  spec: OpenRpcSpec,
  knownWrong: Record<string, string>,
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) {
    let r: CaseResult;
    try {
      r = await runCase(url, c, spec);
    } catch (err) {
      r = { name: c.name, method: c.method, passed: false, reason: `runner error: ${(err as Error).message}`, ms: 0 };
    }
    const why = knownWrong[c.name];
    out.push(why === undefined ? r : { ...r, passed: false, reason: `known wrong: ${why}` });
  }
  return out;
}

/** Passed/failed per method, in method order, plus the total. */
export function tallies(results: CaseResult[]): { method: string; passed: number; failed: number }[] {
  const by = new Map<string, { passed: number; failed: number }>();
  for (const r of results) {
    const t = by.get(r.method) ?? { passed: 0, failed: 0 };
    if (r.passed) t.passed++;
    else t.failed++;
    by.set(r.method, t);
  }
  return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([method, t]) => ({ method, ...t }));
}

/** The table printed by the test and written to docs/conformance.md. */
export function markdownTable(results: CaseResult[]): string {
  const rows = tallies(results);
  const passed = results.filter((r) => r.passed).length;
  const lines = ['| Method | Passed | Failed |', '| --- | ---: | ---: |'];
  for (const r of rows) lines.push(`| ${r.method} | ${r.passed} | ${r.failed} |`);
  lines.push(`| **all ${rows.length} methods** | **${passed}** | **${results.length - passed}** |`);
  return lines.join('\n');
}

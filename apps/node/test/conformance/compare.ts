// How a response is judged (the README of the conformance data, "How a response is compared"):
// error messages are dropped wherever both sides have an `error` object at the same place, then
// the documents must be equal (same keys, same order in arrays, exact strings, numbers by value).
// speconly cases without a top-level error are validated against the method's OpenRPC result schema.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Copies of both documents with `message` removed from every `error` object present at the same place in both. */
export function stripErrorMessages(expected: Json, actual: Json): [Json, Json] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const e: Json[] = [];
    const a: Json[] = [];
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      if (i < expected.length && i < actual.length) {
        const [x, y] = stripErrorMessages(expected[i]!, actual[i]!);
        e.push(x);
        a.push(y);
      } else if (i < expected.length) e.push(expected[i]!);
      else a.push(actual[i]!);
    }
    return [e, a];
  }
  if (isObject(expected) && isObject(actual)) {
    const e: Record<string, Json> = {};
    const a: Record<string, Json> = {};
    for (const k of Object.keys(expected)) e[k] = expected[k]!;
    for (const k of Object.keys(actual)) a[k] = actual[k]!;
    for (const k of Object.keys(e)) {
      if (!(k in a)) continue;
      if (k === 'error' && isObject(e[k]) && isObject(a[k])) {
        const { message: _m1, ...ee } = e[k] as Record<string, Json>;
        const { message: _m2, ...aa } = a[k] as Record<string, Json>;
        [e[k], a[k]] = stripErrorMessages(ee, aa);
      } else {
        [e[k], a[k]] = stripErrorMessages(e[k]!, a[k]!);
      }
    }
    return [e, a];
  }
  return [expected, actual];
}

/** The first difference between two JSON documents, as a path and a description; undefined when equal. */
export function jsonDiff(expected: Json, actual: Json, path = '$'): string | undefined {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return expected === actual ? undefined : `${path}: ${actual} != expected ${expected}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: ${short(actual)} != expected an array`;
    if (expected.length !== actual.length) return `${path}: ${actual.length} elements != expected ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = jsonDiff(expected[i]!, actual[i]!, `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return `${path}: ${short(actual)} != expected an object`;
    for (const k of Object.keys(expected)) {
      if (!(k in actual)) return `${path}.${k}: missing`;
    }
    for (const k of Object.keys(actual)) {
      if (!(k in expected)) return `${path}.${k}: unexpected field`;
    }
    for (const k of Object.keys(expected)) {
      const d = jsonDiff(expected[k]!, actual[k]!, `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return expected === actual ? undefined : `${path}: ${short(actual)} != expected ${short(expected)}`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

export type { Json };

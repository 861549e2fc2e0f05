// The OpenRPC result schemas of ../shared/conformance/execution-apis-spec, with a small JSON
// Schema validator for the keywords those schemas use (type, properties, required,
// additionalProperties, items, oneOf, anyOf, allOf, pattern, enum, const, minimum, maximum,
// minItems, maxItems, $ref into components/schemas).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { SPEC_DIR } from './ioCases.ts';

type Schema = Record<string, unknown>;

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (e.endsWith('.yaml')) out.push(p);
  }
  return out;
}

export class OpenRpcSpec {
  private readonly components = new Map<string, Schema>();
  private readonly results = new Map<string, Schema>();

  constructor(dir = SPEC_DIR) {
    for (const file of yamlFiles(join(dir, 'schemas'))) {
      const doc = yaml.load(readFileSync(file, 'utf8')) as Record<string, Schema>;
      for (const [name, schema] of Object.entries(doc ?? {})) this.components.set(name, schema);
    }
    for (const file of yamlFiles(dir)) {
      if (file.includes('/schemas/') || file.includes('/error-groups/')) continue;
      const doc = yaml.load(readFileSync(file, 'utf8'));
      if (!Array.isArray(doc)) continue;
      for (const m of doc as { name?: string; result?: { schema?: Schema } }[]) {
        if (m.name !== undefined && m.result?.schema !== undefined) this.results.set(m.name, m.result.schema);
      }
    }
  }

  hasMethod(method: string): boolean {
    return this.results.has(method);
  }

  /** Errors of `value` against the result schema of `method` (empty when valid). */
  validateResult(method: string, value: unknown): string[] {
    const schema = this.results.get(method);
    if (schema === undefined) return [`no result schema for ${method}`];
    const errors: string[] = [];
    this.validate(schema, value, '$', errors);
    return errors;
  }

  private resolve(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; i < 32 && typeof s.$ref === 'string'; i++) {
      const name = (s.$ref as string).replace('#/components/schemas/', '');
      const target = this.components.get(name);
      // Engine-API schemas (ExecutionPayloadV3, ...) are not in the copied spec: no constraint.
      if (target === undefined) return {};
      const { $ref: _r, ...rest } = s;
      s = { ...target, ...rest };
    }
    return s;
  }

  private validate(schemaIn: Schema, v: unknown, path: string, errors: string[]): void {
    const s = this.resolve(schemaIn);
    const before = errors.length;
    const type = s.type as string | string[] | undefined;
    if (type !== undefined) {
      const types = Array.isArray(type) ? type : [type];
      if (!types.some((t) => matchesType(t, v))) {
        errors.push(`${path}: ${JSON.stringify(v)?.slice(0, 60)} is not ${types.join('|')}`);
        return;
      }
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
      errors.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
    }
    if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v))
      errors.push(`${path}: != ${JSON.stringify(s.const)}`);
    if (typeof v === 'string' && typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) {
      errors.push(`${path}: ${v.slice(0, 60)} does not match ${s.pattern}`);
    }
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) errors.push(`${path}: below ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) errors.push(`${path}: above ${s.maximum}`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems)
        errors.push(`${path}: fewer than ${s.minItems} items`);
      if (typeof s.maxItems === 'number' && v.length > s.maxItems)
        errors.push(`${path}: more than ${s.maxItems} items`);
      if (typeof s.items === 'object' && s.items !== null && !Array.isArray(s.items)) {
        for (const [i, x] of v.entries()) this.validate(s.items as Schema, x, `${path}[${i}]`, errors);
      }
    }
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required ?? []) as string[]) if (!(r in o)) errors.push(`${path}.${r}: required`);
      for (const [k, x] of Object.entries(o)) {
        if (props[k] !== undefined) this.validate(props[k], x, `${path}.${k}`, errors);
        else if (s.additionalProperties === false) errors.push(`${path}.${k}: not allowed`);
        else if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null) {
          this.validate(s.additionalProperties as Schema, x, `${path}.${k}`, errors);
        }
      }
    }
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) this.validate(sub, v, path, errors);
    for (const key of ['oneOf', 'anyOf'] as const) {
      const subs = s[key];
      if (!Array.isArray(subs)) continue;
      const ok = (subs as Schema[]).filter((sub) => {
        const e: string[] = [];
        this.validate(sub, v, path, e);
        return e.length === 0;
      }).length;
      if (key === 'anyOf' ? ok === 0 : ok !== 1) {
        errors.push(`${path}: matches ${ok} of the ${subs.length} ${key} alternatives`);
      }
    }
    void before;
  }
}

function matchesType(t: string, v: unknown): boolean {
  switch (t) {
    case 'null':
      return v === null;
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

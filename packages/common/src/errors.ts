/**
 * The base of every error Basalt throws on purpose.
 *
 * `type` carries a string `code` plus typed metadata, so callers branch on
 * `err.type.code` (never on `instanceof` across package boundaries, never on
 * the message text). Each package declares its own code enum and a
 * discriminated union of metadata, and subclasses this.
 */
export class BasaltError<T extends { code: string } = { code: string }> extends Error {
  readonly type: T;

  constructor(type: T, message?: string, options?: { cause?: unknown }) {
    super(message ?? type.code, options);
    this.type = type;
    this.name = new.target.name;
  }

  /** The string code of this error, the same as `type.code`. */
  get code(): T['code'] {
    return this.type.code;
  }

  /** The metadata without the code, for structured logs. */
  getMetadata(): Omit<T, 'code'> {
    const { code: _code, ...rest } = this.type;
    return rest;
  }
}

/** True when `err` is a BasaltError (checked by shape, so it holds across module copies). */
export function isBasaltError(err: unknown): err is BasaltError {
  return (
    err instanceof Error &&
    typeof (err as { type?: unknown }).type === 'object' &&
    (err as { type?: unknown }).type !== null &&
    typeof (err as BasaltError).type.code === 'string'
  );
}

// Argument parsers shared by the commands: each rejects bad input with a one-line message.
import { InvalidArgumentError } from 'commander';

export function intArg(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer in [${min}, ${max}]`);
    return n;
  };
}
export function bigArg(name: string) {
  return (v: string): bigint => {
    try {
      const n = BigInt(v);
      if (n < 0n) throw new RangeError();
      return n;
    } catch {
      throw new InvalidArgumentError(`${name} must be a non-negative integer (decimal or 0x hex)`);
    }
  };
}
export function secondsArg(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('block time must be a positive number of seconds');
  return n;
}

/** Comma- or space-separated multiaddrs (`--bootnodes a,b`; the flag may be repeated). */
export function bootnodesArg(v: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...v
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  ];
}

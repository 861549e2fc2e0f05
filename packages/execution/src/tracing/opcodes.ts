// What geth knows about an opcode that ethereumjs' step event does not say the same way.

/** Stack items an opcode takes (for geth's "stack underflow (have <=> want)"). */
export function stackInputs(op: number): number {
  if (op >= 0x60 && op <= 0x7f) return 0; // PUSH1..PUSH32
  if (op >= 0x80 && op <= 0x8f) return op - 0x7f; // DUPn takes n
  if (op >= 0x90 && op <= 0x9f) return op - 0x8e; // SWAPn takes n+1
  if (op >= 0xa0 && op <= 0xa4) return op - 0x9e; // LOGn takes n+2
  return STACK_IN[op] ?? 0;
}

const STACK_IN: Readonly<Record<number, number>> = {
  1: 2,
  2: 2,
  3: 2,
  4: 2,
  5: 2,
  6: 2,
  7: 2,
  8: 3,
  9: 3,
  10: 2,
  11: 2,
  16: 2,
  17: 2,
  18: 2,
  19: 2,
  20: 2,
  21: 1,
  22: 2,
  23: 2,
  24: 2,
  25: 1,
  26: 2,
  27: 2,
  28: 2,
  29: 2,
  30: 1,
  32: 2,
  49: 1,
  53: 1,
  55: 3,
  57: 3,
  59: 1,
  60: 4,
  62: 3,
  63: 1,
  64: 1,
  73: 1,
  80: 1,
  81: 1,
  82: 2,
  83: 2,
  84: 1,
  85: 2,
  86: 1,
  87: 2,
  92: 1,
  93: 2,
  94: 3,
  240: 3,
  241: 7,
  242: 7,
  243: 2,
  244: 6,
  245: 4,
  250: 6,
  253: 2,
  255: 1,
};

/** CALL, CALLCODE, DELEGATECALL, STATICCALL. */
export function isCallOp(op: number): boolean {
  return op === 0xf1 || op === 0xf2 || op === 0xf4 || op === 0xfa;
}

/** CREATE, CREATE2. */
export function isCreateOp(op: number): boolean {
  return op === 0xf0 || op === 0xf5;
}

/** The frame type geth names after the opcode that opened it. */
export const FRAME_TYPE: Readonly<Record<number, string>> = {
  240: 'CREATE',
  241: 'CALL',
  242: 'CALLCODE',
  244: 'DELEGATECALL',
  245: 'CREATE2',
  250: 'STATICCALL',
};

/** geth's name of an opcode: ethereumjs' except where geth's `OpCode.String()` differs. */
export function gethOpName(op: number, name: string): string {
  if (op === 0x44) return 'DIFFICULTY'; // geth keeps the old name after the merge
  if (name === 'INVALID' && op !== 0xfe) return `opcode 0x${op.toString(16)} not defined`;
  return name;
}

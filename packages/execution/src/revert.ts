import { bytesToBigInt, bytesToHex, bytesToUtf8 } from '@ethereumjs/util';

const ERROR_SELECTOR = '0x08c379a0'; // Error(string)
const PANIC_SELECTOR = '0x4e487b71'; // Panic(uint256)

/** Solidity's panic codes with the meaning geth gives them (`accounts/abi/abi.go`). */
const PANIC_REASONS: ReadonlyMap<bigint, string> = new Map([
  [0x00n, 'generic panic'],
  [0x01n, 'assert(false)'],
  [0x11n, 'arithmetic underflow or overflow'],
  [0x12n, 'division or modulo by zero'],
  [0x21n, 'enum overflow'],
  [0x22n, 'invalid encoded storage byte array accessed'],
  [0x31n, 'out-of-bounds array access; popping on an empty array'],
  [0x32n, 'out-of-bounds access of an array or bytesN'],
  [0x41n, 'out of memory'],
  [0x51n, 'uninitialized function'],
]);

type Decoded =
  | { kind: 'error'; reason: string }
  | { kind: 'panic'; code: bigint; meaning: string | undefined }
  | { kind: 'custom'; selector: string }
  | undefined;

function decode(data: Uint8Array): Decoded {
  if (data.length < 4) return undefined;
  const selector = bytesToHex(data.subarray(0, 4));
  if (selector === ERROR_SELECTOR) {
    const reason = decodeAbiString(data.subarray(4));
    return reason === undefined ? { kind: 'custom', selector } : { kind: 'error', reason };
  }
  if (selector === PANIC_SELECTOR && data.length === 36) {
    const code = bytesToBigInt(data.subarray(4, 36));
    return { kind: 'panic', code, meaning: PANIC_REASONS.get(code) };
  }
  return { kind: 'custom', selector };
}

/** ABI-decodes a lone `string` argument; undefined if the bytes are not one. */
function decodeAbiString(args: Uint8Array): string | undefined {
  if (args.length < 64) return undefined;
  const offset = bytesToBigInt(args.subarray(0, 32));
  if (offset > BigInt(args.length - 32)) return undefined;
  const start = Number(offset);
  const length = bytesToBigInt(args.subarray(start, start + 32));
  if (length > BigInt(args.length - start - 32)) return undefined;
  return bytesToUtf8(args.subarray(start + 32, start + 32 + Number(length)));
}

/**
 * A human reading of revert data: the Error(string) text, `panic: <meaning>
 * (0x12)` for Panic(uint256), `custom error 0x<selector>` for any other
 * selector, undefined for empty or shorter-than-a-selector data.
 */
export function decodeRevertReason(data: Uint8Array): string | undefined {
  const d = decode(data);
  if (d === undefined) return undefined;
  switch (d.kind) {
    case 'error':
      return d.reason;
    case 'panic':
      return `panic: ${d.meaning ?? 'unknown panic code'} (0x${d.code.toString(16).padStart(2, '0')})`;
    case 'custom':
      return `custom error ${d.selector}`;
  }
}

/**
 * The reason geth appends to "execution reverted: " (`abi.UnpackRevert`):
 * the Error(string) text, the panic meaning ("division or modulo by zero"),
 * "unknown panic code: 0x.." and nothing for custom errors or empty data.
 */
export function gethRevertReason(data: Uint8Array): string | undefined {
  const d = decode(data);
  if (d === undefined || d.kind === 'custom') return undefined;
  if (d.kind === 'error') return d.reason;
  return d.meaning ?? `unknown panic code: 0x${d.code.toString(16)}`;
}

/** ethereumjs EVMError texts → geth's `core/vm/errors.go` texts, which clients show. */
const VM_ERRORS: Readonly<Record<string, string>> = {
  'out of gas': 'out of gas',
  'code store out of gas': 'contract creation code storage out of gas',
  'code size to deposit exceeds maximum code size': 'max code size exceeded',
  'stack underflow': 'stack underflow',
  'stack overflow': 'stack overflow',
  'invalid JUMP': 'invalid jump destination',
  'invalid opcode': 'invalid opcode',
  'value out of range': 'return data out of bounds',
  revert: 'execution reverted',
  'static state change': 'write protection',
  'create collision': 'contract address collision',
  'insufficient balance': 'insufficient balance for transfer',
  'invalid bytecode deployed': 'invalid code: must not begin with 0xef',
  'initcode exceeds max initcode size': 'max initcode size exceeded',
  'refund exhausted': 'refund counter below zero',
};

/** geth's text for an ethereumjs EVM error string. */
export function vmErrorMessage(error: string): string {
  return VM_ERRORS[error] ?? error;
}

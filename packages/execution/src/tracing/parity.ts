// The Parity / OpenEthereum trace format (trace_transaction, trace_block) from a frame tree.
import type { PrefixedHexString } from '@ethereumjs/util';
import type { Frame } from './callTracer.ts';
import { hex, qty } from './hex.ts';
import type { ParityTrace } from './types.ts';

/** Parity's words for the usual failures; others keep geth's text. */
const PARITY_ERRORS: Readonly<Record<string, string>> = {
  'execution reverted': 'Reverted',
  'out of gas': 'Out of gas',
  'invalid jump destination': 'Bad jump destination',
  'write protection': 'Mutable Call In Static Context',
  'max call depth exceeded': 'Out of stack',
  'contract creation code storage out of gas': 'Out of gas',
};

function parityError(error: string): string {
  if (error.startsWith('invalid opcode')) return 'Bad instruction';
  if (error.startsWith('stack underflow')) return 'Stack underflow';
  if (error.startsWith('stack limit reached')) return 'Out of stack';
  return PARITY_ERRORS[error] ?? error;
}

export interface TxPosition {
  blockHash: PrefixedHexString;
  blockNumber: number;
  transactionHash: PrefixedHexString;
  transactionPosition: number;
}

/** Depth-first, parents before children, with each trace's path of child indexes. */
export function toParityTraces(root: Frame, pos: TxPosition): ParityTrace[] {
  const out: ParityTrace[] = [];
  const walk = (f: Frame, address: number[]): void => {
    out.push(toTrace(f, address, pos));
    for (const [i, c] of f.calls.entries()) walk(c, [...address, i]);
  };
  walk(root, []);
  return out;
}

function toTrace(f: Frame, traceAddress: number[], pos: TxPosition): ParityTrace {
  const from = f.from.toString() as PrefixedHexString;
  let type: ParityTrace['type'];
  let action: ParityTrace['action'];
  let result: ParityTrace['result'] = null;
  if (f.type === 'SELFDESTRUCT') {
    type = 'suicide';
    action = {
      address: from,
      balance: qty(f.value ?? 0n),
      refundAddress: (f.to?.toString() ?? '0x') as PrefixedHexString,
    };
  } else if (f.type === 'CREATE' || f.type === 'CREATE2') {
    type = 'create';
    action = {
      creationMethod: f.type.toLowerCase(),
      from,
      gas: qty(f.gas),
      init: hex(f.input),
      value: qty(f.value ?? 0n),
    };
    if (f.error === undefined) {
      result = {
        address: (f.to?.toString() ?? '0x') as PrefixedHexString,
        code: hex(f.output),
        gasUsed: qty(f.gasUsed),
      };
    }
  } else {
    type = 'call';
    action = {
      callType: f.type.toLowerCase(),
      from,
      gas: qty(f.gas),
      input: hex(f.input),
      to: (f.to?.toString() ?? '0x') as PrefixedHexString,
      value: qty(f.value ?? 0n),
    };
    if (f.error === undefined) result = { gasUsed: qty(f.gasUsed), output: hex(f.output) };
  }
  const trace: ParityTrace = {
    action,
    blockHash: pos.blockHash,
    blockNumber: pos.blockNumber,
    result,
    subtraces: f.calls.length,
    traceAddress,
    transactionHash: pos.transactionHash,
    transactionPosition: pos.transactionPosition,
    type,
  };
  if (f.error !== undefined) {
    // Keep geth's key order readable: error right after blockNumber, as Parity prints it.
    return {
      action,
      blockHash: pos.blockHash,
      blockNumber: pos.blockNumber,
      error: parityError(f.error),
      result: null,
      subtraces: trace.subtraces,
      traceAddress,
      transactionHash: pos.transactionHash,
      transactionPosition: pos.transactionPosition,
      type,
    };
  }
  return trace;
}

/** geth's 4byteTracer: `0x<selector>-<argument bytes>` → count, for calls (not creations, not precompiles). */
export function fourBytes(root: Frame | undefined, isPrecompile: (addr: string) => boolean): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (f: Frame): void => {
    const isCall = f.type === 'CALL' || f.type === 'CALLCODE' || f.type === 'DELEGATECALL' || f.type === 'STATICCALL';
    if (isCall && f.input.length >= 4 && !(f.to !== undefined && isPrecompile(f.to.toString()))) {
      const key = `${hex(f.input.subarray(0, 4))}-${f.input.length - 4}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    for (const c of f.calls) walk(c);
  };
  if (root !== undefined) walk(root);
  return out;
}

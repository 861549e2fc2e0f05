// The devnet state file: Anvil's `--dump-state` / `anvil_dumpState` JSON (accounts by address with
// nonce, balance, code and storage, plus the block environment), read back by `--load-state` /
// `anvil_loadState`. anvil_dumpState's wire form is the gzip of that JSON, as hex.
import { gunzipSync, gzipSync } from 'node:zlib';
import { DevError, DevErrorCode } from './errors.ts';

/** One account of a {@link StateDump}. Anvil writes the nonce as a number, the rest as hex. */
export interface DumpedAccount {
  nonce: number | string;
  balance: string;
  code: string;
  /** Slot -> value, both hex quantities. */
  storage: Record<string, string>;
}

/** The block environment at the dump (Anvil's `block`): the head's fields, as hex quantities. */
export interface DumpedBlockEnv {
  number: string;
  coinbase: string;
  timestamp: string;
  gas_limit: string;
  basefee: string;
  difficulty: string;
  prevrandao: string;
}

/** A devnet state file, in Anvil's field names. `blocks` and `transactions` are written empty. */
export interface StateDump {
  block?: DumpedBlockEnv;
  accounts: Record<string, DumpedAccount>;
  best_block_number?: string;
  blocks?: unknown[];
  transactions?: unknown[];
}

function invalid(reason: string, cause?: unknown): DevError {
  return new DevError({ code: DevErrorCode.INVALID_STATE_FILE, reason }, `invalid state file: ${reason}`, { cause });
}

/** Parses a state file's bytes: JSON, or gzip of JSON (Anvil's anvil_dumpState). Checks the shape. */
export function parseStateDump(bytes: Uint8Array): StateDump {
  let text: string;
  try {
    text = new TextDecoder().decode(bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes);
  } catch (cause) {
    throw invalid('not gzip', cause);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw invalid('not JSON', cause);
  }
  if (typeof value !== 'object' || value === null) throw invalid('not an object');
  const accounts = (value as { accounts?: unknown }).accounts;
  if (typeof accounts !== 'object' || accounts === null || Array.isArray(accounts)) {
    throw invalid('no accounts object');
  }
  for (const [address, account] of Object.entries(accounts)) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw invalid(`bad address ${address}`);
    if (typeof account !== 'object' || account === null) throw invalid(`bad account ${address}`);
  }
  return value as StateDump;
}

/** anvil_dumpState's answer: gzip of the JSON, as 0x-hex. */
export function encodeStateDumpHex(dump: StateDump): string {
  return `0x${gzipSync(JSON.stringify(dump)).toString('hex')}`;
}

/** A quantity of a state file (hex `0x…`, decimal string or number); `name` names it in errors. */
export function dumpQuantity(name: string, value: unknown): bigint {
  if (value === undefined || value === null || value === '' || value === '0x') return 0n;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(value)) return BigInt(value);
  throw invalid(`bad ${name}: ${String(value)}`);
}

/** Hex bytes of a state file (`0x…`, possibly odd-length); `name` names it in errors. */
export function dumpBytes(name: string, value: unknown): Uint8Array {
  if (value === undefined || value === null || value === '' || value === '0x') return new Uint8Array(0);
  if (typeof value !== 'string' || !/^(0x)?[0-9a-fA-F]*$/.test(value)) throw invalid(`bad ${name}`);
  let hex = value.startsWith('0x') ? value.slice(2) : value;
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

// Hardhat's console.sol: calls to the console address carry `log(...)` ABI calldata; decode them
// into the text Hardhat and Anvil print. Selectors are computed here from the signatures.
import type { Message } from '@ethereumjs/evm';
import type { TypedTransaction } from '@ethereumjs/tx';
import {
  bytesToBigInt,
  bytesToHex,
  bytesToUtf8,
  hexToBytes,
  type PrefixedHexString,
  toChecksumAddress,
  utf8ToBytes,
} from '@ethereumjs/util';
import type { VM } from '@ethereumjs/vm';
import { keccak_256 } from '@noble/hashes/sha3.js';

/** The address console.sol calls (`0x000000000000000000636F6e736F6c652e6c6f67`, "console.log"). */
export const CONSOLE_ADDRESS: PrefixedHexString = '0x000000000000000000636f6e736f6c652e6c6f67';

/** One console.log call seen while executing a transaction. */
export interface ConsoleLogEntry {
  /** The text, formatted as Hardhat prints it. */
  message: string;
  /** The contract that called console.log. */
  from: PrefixedHexString;
  /** The transaction being executed, when known. */
  txHash?: PrefixedHexString;
}

type AbiType = 'uint256' | 'int256' | 'string' | 'bool' | 'address' | 'bytes' | `bytes${number}`;

/**
 * selector (0x + 8 hex) → parameter types. Built on the first console.log call: ~300 keccak hashes,
 * which every node start paid before its first answer (docs/performance.md, change 8).
 */
let signatures: ReadonlyMap<string, AbiType[]> | undefined;

function selectorOf(signature: string): string {
  return bytesToHex(keccak_256(utf8ToBytes(signature)).subarray(0, 4));
}

function buildSignatures(): Map<string, AbiType[]> {
  const out = new Map<string, AbiType[]>();
  const add = (name: string, types: AbiType[], spelled: string[] = types) => {
    out.set(selectorOf(`${name}(${spelled.join(',')})`), types);
  };
  // Old console.sol versions spelled uint256/int256 as uint/int: both selectors decode the same.
  const addBoth = (name: string, types: AbiType[]) => {
    add(name, types);
    if (types.some((t) => t === 'uint256' || t === 'int256')) {
      add(
        name,
        types,
        types.map((t) => (t === 'uint256' ? 'uint' : t === 'int256' ? 'int' : t)),
      );
    }
  };
  add('log', []);
  for (const [name, t] of [
    ['logInt', 'int256'],
    ['logUint', 'uint256'],
    ['logString', 'string'],
    ['logBool', 'bool'],
    ['logAddress', 'address'],
    ['logBytes', 'bytes'],
    ['log', 'int256'],
    ['log', 'bytes'],
  ] as const) {
    addBoth(name, [t]);
  }
  for (let n = 1; n <= 32; n++) add(`logBytes${n}`, [`bytes${n}`]);
  const base: AbiType[] = ['uint256', 'string', 'bool', 'address'];
  const combos = (k: number): AbiType[][] =>
    k === 0 ? [[]] : combos(k - 1).flatMap((c) => base.map((t) => [...c, t]));
  for (let k = 1; k <= 4; k++) for (const types of combos(k)) addBoth('log', types);
  return out;
}

/** ABI-decodes `types` from `args`; undefined when the bytes do not fit. */
function decodeArgs(types: AbiType[], args: Uint8Array): unknown[] | undefined {
  const out: unknown[] = [];
  for (const [i, t] of types.entries()) {
    const head = args.subarray(i * 32, i * 32 + 32);
    if (head.length < 32) return undefined;
    if (t === 'string' || t === 'bytes') {
      const offset = Number(bytesToBigInt(head));
      const lenWord = args.subarray(offset, offset + 32);
      if (lenWord.length < 32) return undefined;
      const len = Number(bytesToBigInt(lenWord));
      const body = args.subarray(offset + 32, offset + 32 + len);
      if (body.length < len) return undefined;
      out.push(t === 'string' ? bytesToUtf8(body) : bytesToHex(body));
    } else if (t === 'uint256') {
      out.push(bytesToBigInt(head));
    } else if (t === 'int256') {
      const v = bytesToBigInt(head);
      out.push(v >= 1n << 255n ? v - (1n << 256n) : v);
    } else if (t === 'bool') {
      out.push(head[31] !== 0);
    } else if (t === 'address') {
      out.push(toChecksumAddress(bytesToHex(head.subarray(12))));
    } else {
      out.push(bytesToHex(head.subarray(0, Number(t.slice(5)))));
    }
  }
  return out;
}

/** Node's `util.format` rules, which Hardhat applies: `%s %d %i %o` in a leading string take the next values. */
function format(values: unknown[]): string {
  const text = (v: unknown) => (typeof v === 'bigint' ? v.toString(10) : String(v));
  if (values.length === 0) return '';
  const [first, ...rest] = values;
  if (typeof first !== 'string') return values.map(text).join(' ');
  let i = 0;
  const head = first.replace(/%([sdio%])/g, (m, c: string) => {
    if (c === '%') return '%';
    if (i >= rest.length) return m;
    const v = rest[i++];
    if (c === 'd' || c === 'i') return typeof v === 'bigint' ? v.toString(10) : text(Number(v));
    return text(v);
  });
  return [head, ...rest.slice(i).map(text)].join(' ');
}

/** The text of a console.sol call, or undefined when the calldata is not one of its signatures. */
export function decodeConsoleLog(data: Uint8Array): string | undefined {
  if (data.length < 4) return undefined;
  signatures ??= buildSignatures();
  const types = signatures.get(bytesToHex(data.subarray(0, 4)));
  if (types === undefined) return undefined;
  const values = decodeArgs(types, data.subarray(4));
  return values === undefined ? undefined : format(values);
}

const CONSOLE_BYTES = hexToBytes(CONSOLE_ADDRESS);

function isConsole(m: Message): boolean {
  const to = m.to?.bytes;
  if (to === undefined || to.length !== 20) return false;
  for (let i = 0; i < 20; i++) if (to[i] !== CONSOLE_BYTES[i]) return false;
  return true;
}

/**
 * Calls `hook` for every console.log call the VM executes (calls to the console address with
 * calldata of a console.sol signature). Returns a function that detaches.
 */
export function attachConsoleLog(vm: VM, hook: (entry: ConsoleLogEntry) => void): () => void {
  let txHash: PrefixedHexString | undefined;
  const onTx = (tx: TypedTransaction) => {
    try {
      txHash = bytesToHex(tx.hash());
    } catch {
      txHash = undefined; // an unsigned call
    }
  };
  const onMessage = (m: Message) => {
    if (!isConsole(m)) return;
    const message = decodeConsoleLog(m.data);
    if (message === undefined) return;
    const entry: ConsoleLogEntry = { message, from: m.caller.toString() as PrefixedHexString };
    if (txHash !== undefined) entry.txHash = txHash;
    hook(entry);
  };
  vm.events.on('beforeTx', onTx);
  vm.evm.events?.on('beforeMessage', onMessage);
  return () => {
    vm.events.off('beforeTx', onTx);
    vm.evm.events?.off('beforeMessage', onMessage);
  };
}

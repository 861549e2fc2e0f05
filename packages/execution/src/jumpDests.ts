import { createEVM } from '@ethereumjs/evm';

/** What the library's `Interpreter._getValidJumpDestinations` returns for a piece of code. */
interface JumpAnalysis {
  jumps: Uint8Array;
  pushes: Record<number, bigint>;
  opcodesCached: unknown[];
}

/** The parts of the library's (unexported) Interpreter this file uses. */
interface InterpreterProto {
  _getValidJumpDestinations(this: InterpreterLike, code: Uint8Array): JumpAnalysis;
}
interface InterpreterLike {
  _evm: { _opcodeMap?: unknown };
}

/** Code shorter than this is analysed every time (the walk costs less than the lookup). */
const MIN_CODE = 64;

/** Per opcode table (one per EVM and hardfork), per code object: its bytes when analysed, and the analysis. */
const analyses = new WeakMap<object, WeakMap<Uint8Array, { bytes: Uint8Array; analysis: JumpAnalysis }>>();

let installing: Promise<void> | undefined;

/**
 * Makes the EVM analyse each contract's code once instead of on every call into it.
 *
 * The library's interpreter walks the whole code of every message it runs (`_getValidJumpDestinations`:
 * jump destinations, each PUSH's value as a bigint, each byte's opcode entry) before the first
 * jump: for an ERC-20 transfer that walk was 6% of the node's CPU at 64 in flight. Its result
 * depends only on the bytes and the EVM's opcode table, and the interpreter only reads it, so it
 * is kept per (opcode table, code object) — the state manager's code cache hands out the same
 * object for the same account — and reused when the bytes are still the same (compared, so a
 * code array changed in place is analysed again). geth keeps its analysis per code hash likewise.
 *
 * The Interpreter class is not exported: its prototype is found once by running one STOP in a
 * throwaway EVM whose STOP handler looks at the interpreter running it. If anything there is
 * not as expected, nothing is changed.
 */
export function installJumpDestCache(): Promise<void> {
  installing ??= findInterpreterProto().then(
    (proto) => {
      if (proto !== undefined) patch(proto);
    },
    () => undefined,
  );
  return installing;
}

async function findInterpreterProto(): Promise<InterpreterProto | undefined> {
  const evm = await createEVM();
  const internals = evm as unknown as { _opcodeMap?: Array<{ opHandler: (...a: unknown[]) => unknown }> };
  const map = internals._opcodeMap;
  const stop = map?.[0x00];
  if (map === undefined || stop === undefined || typeof stop.opHandler !== 'function') return undefined;
  let proto: InterpreterProto | undefined;
  const probeMap = [...map];
  probeMap[0x00] = {
    ...stop,
    opHandler: (...args: unknown[]) => {
      const runState = args[0] as { interpreter?: object };
      if (runState.interpreter !== undefined) proto = Object.getPrototypeOf(runState.interpreter) as InterpreterProto;
      return stop.opHandler(...args);
    },
  };
  internals._opcodeMap = probeMap;
  await evm.runCode({ code: Uint8Array.of(0x00), gasLimit: 100_000n });
  return typeof proto?._getValidJumpDestinations === 'function' ? proto : undefined;
}

function patch(proto: InterpreterProto): void {
  const analyse = proto._getValidJumpDestinations;
  if ((analyse as { cached?: boolean }).cached === true) return;
  const cached = function (this: InterpreterLike, code: Uint8Array): JumpAnalysis {
    const table = this._evm._opcodeMap;
    if (code.length < MIN_CODE || typeof table !== 'object' || table === null) return analyse.call(this, code);
    let byCode = analyses.get(table);
    if (byCode === undefined) {
      byCode = new WeakMap();
      analyses.set(table, byCode);
    }
    const hit = byCode.get(code);
    if (hit !== undefined && Buffer.compare(hit.bytes, code) === 0) return hit.analysis;
    const analysis = analyse.call(this, code);
    byCode.set(code, { bytes: code.slice(), analysis });
    return analysis;
  };
  (cached as { cached?: boolean }).cached = true;
  proto._getValidJumpDestinations = cached;
}

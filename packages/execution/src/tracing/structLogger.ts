// geth's default tracer (eth/tracers/logger: StructLogger, legacy JSON).
import { bytesToHex, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import { TraceError, TraceErrorCode } from './errors.ts';
import { hex, word, word32 } from './hex.ts';
import type { StepEvent, StepHandle, TxEndEvent, TxTracer } from './session.ts';
import type { StructLog, StructLogResult, TraceConfig } from './types.ts';

const SLOAD = 0x54;
const SSTORE = 0x55;

export class StructLogger implements TxTracer {
  private readonly cfg: TraceConfig;
  private readonly budget: { used: number; max: number };
  private readonly logs: StructLog[] = [];
  /** Storage seen per contract (geth: l.storage), for the cumulative snapshots at SLOAD/SSTORE. */
  private readonly storage = new Map<string, Map<PrefixedHexString, PrefixedHexString>>();
  private end: TxEndEvent | undefined;

  /** `budget` is shared by every transaction of one request: its struct logs stay under `max` bytes. */
  constructor(cfg: TraceConfig, budget: { used: number; max: number }) {
    this.cfg = cfg;
    this.budget = budget;
  }

  async onStep(e: StepEvent): Promise<StepHandle | undefined> {
    const limit = this.cfg.limit ?? 0;
    if (limit > 0 && this.logs.length >= limit) return undefined;
    const log: StructLog = { pc: e.pc, op: e.op, gas: Number(e.gas), gasCost: Number(e.cost), depth: e.depth };
    let size = 80;
    if (this.cfg.disableStack !== true) {
      log.stack = e.stack.map((v) => `0x${v.toString(16)}` as PrefixedHexString);
      size += e.stack.length * 20;
    }
    if (this.cfg.enableReturnData === true && e.returnData.length > 0) {
      log.returnData = hex(e.returnData);
      size += e.returnData.length * 2;
    }
    if (this.cfg.enableMemory === true && e.memory.length > 0) {
      const words: PrefixedHexString[] = [];
      for (let i = 0; i + 32 <= e.memory.length; i += 32) words.push(bytesToHex(e.memory.subarray(i, i + 32)));
      log.memory = words;
      size += words.length * 69;
    }
    if (this.cfg.disableStorage !== true && (e.opcode === SLOAD || e.opcode === SSTORE)) {
      const n = e.stack.length;
      const key = e.address.toString();
      let seen = this.storage.get(key);
      if (seen === undefined) {
        seen = new Map();
        this.storage.set(key, seen);
      }
      if (e.opcode === SLOAD && n >= 1) {
        const slot = word(e.stack[n - 1]!);
        const value = await e.state.getStorage(e.address, hexToBytes(slot));
        seen.set(slot, word32(value));
        log.storage = Object.fromEntries(seen);
      } else if (e.opcode === SSTORE && n >= 2) {
        seen.set(word(e.stack[n - 1]!), word(e.stack[n - 2]!));
        log.storage = Object.fromEntries(seen);
      }
      if (log.storage !== undefined) size += seen.size * 136;
    }
    if (e.refund > 0n) log.refund = Number(e.refund);
    this.budget.used += size;
    if (this.budget.used > this.budget.max) {
      throw new TraceError({ code: TraceErrorCode.TOO_LARGE, limitBytes: this.budget.max });
    }
    this.logs.push(log);
    return log;
  }

  onTxEnd(e: TxEndEvent): void {
    this.end = e;
  }

  result(): StructLogResult {
    const e = this.end;
    const failed = e?.error !== undefined;
    // geth: the output when it succeeded or reverted, nothing for other failures.
    const returnValue = e === undefined || (failed && e.error !== 'execution reverted') ? '0x' : hex(e.output);
    // Fields in geth's order: error before stack, refund last.
    const structLogs = this.logs.map((l) => {
      if (l.error === undefined) return l;
      const { pc, op, gas, gasCost, depth, error, ...rest } = l;
      return { pc, op, gas, gasCost, depth, error, ...rest };
    });
    return { gas: Number(e?.gasUsed ?? 0n), failed, returnValue, structLogs };
  }
}

// geth's callTracer (eth/tracers/native/call.go), and the frame tree the Parity format is built from.
import type { Address, PrefixedHexString } from '@ethereumjs/util';
import { gethRevertReason } from '../revert.ts';
import { hex, qty } from './hex.ts';
import type { EnterEvent, ExitEvent, LogEvent, TxEndEvent, TxStartEvent, TxTracer } from './session.ts';
import type { CallFrameJSON, CallTracerConfig } from './types.ts';

/** One call frame as executed (raw numbers: the frame's own gas, before geth's top-level adjustments). */
export interface Frame {
  type: string;
  from: Address;
  to: Address | undefined;
  input: Uint8Array;
  value: bigint | undefined;
  gas: bigint;
  gasUsed: bigint;
  output: Uint8Array;
  error: string | undefined;
  calls: Frame[];
  logs: { address: Address; topics: Uint8Array[]; data: Uint8Array; position: number }[];
}

/** Collects the tree of frames of one transaction. */
export class FrameCollector implements TxTracer {
  protected readonly stack: Frame[] = [];
  protected root: Frame | undefined;
  protected start: TxStartEvent | undefined;
  protected end: TxEndEvent | undefined;
  private readonly withLog: boolean;

  constructor(withLog: boolean) {
    this.withLog = withLog;
  }

  onTxStart(e: TxStartEvent): void {
    this.start = e;
  }

  onEnter(e: EnterEvent): void {
    const frame: Frame = {
      type: e.type,
      from: e.from,
      to: e.to ?? (e.depth === 0 ? this.start?.to : undefined),
      input: e.input,
      value: e.value,
      gas: e.gas,
      gasUsed: 0n,
      output: new Uint8Array(0),
      error: undefined,
      calls: [],
      logs: [],
    };
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.root = frame;
    else parent.calls.push(frame);
    this.stack.push(frame);
  }

  onLog(e: LogEvent): void {
    if (!this.withLog) return;
    const frame = this.stack[this.stack.length - 1];
    frame?.logs.push({ ...e, position: frame.calls.length });
  }

  onExit(e: ExitEvent): void {
    const frame = this.stack.pop();
    if (frame === undefined) return;
    frame.gasUsed = e.gasUsed;
    frame.output = e.output;
    frame.error = e.error;
    if (e.created !== undefined) frame.to = e.created;
  }

  onTxEnd(e: TxEndEvent): void {
    this.end = e;
  }

  /** The executed tree; undefined when the transaction never reached the EVM. */
  tree(): Frame | undefined {
    return this.root;
  }
}

/** geth's callTracer on top of the collected frames. */
export class CallTracer extends FrameCollector {
  private readonly cfg: CallTracerConfig;

  constructor(cfg: CallTracerConfig) {
    super(cfg.withLog === true);
    this.cfg = cfg;
  }

  result(): CallFrameJSON {
    const root = this.root;
    const start = this.start;
    if (root === undefined || start === undefined) {
      return { type: 'CALL', from: '0x', gas: '0x0', gasUsed: '0x0', input: '0x' };
    }
    const json = toJSON(root, this.cfg.onlyTopCall === true ? 0 : Number.POSITIVE_INFINITY, false);
    // The top frame: the transaction's gas limit and the receipt's gas used (geth OnTxStart/OnTxEnd).
    json.gas = qty(start.gasLimit);
    json.gasUsed = qty(this.end?.gasUsed ?? root.gasUsed);
    return json;
  }
}

function toJSON(f: Frame, depthLeft: number, parentFailed: boolean): CallFrameJSON {
  const failed = f.error !== undefined || parentFailed;
  // Built in geth's key order (type, from, gas, gasUsed, to, input, output, error, revertReason, calls, logs, value).
  const out = {
    type: f.type,
    from: f.from.toString() as PrefixedHexString,
    gas: qty(f.gas),
    gasUsed: qty(f.gasUsed),
  } as CallFrameJSON;
  const isCreate = f.type === 'CREATE' || f.type === 'CREATE2';
  if (f.to !== undefined && !(isCreate && f.error !== undefined)) out.to = f.to.toString() as PrefixedHexString;
  out.input = hex(f.input);
  if (f.error === undefined) {
    if (f.output.length > 0) out.output = hex(f.output);
  } else {
    out.error = f.error;
    if (f.error === 'execution reverted' && f.output.length > 0) {
      out.output = hex(f.output);
      const reason = f.output.length >= 4 ? gethRevertReason(f.output) : undefined;
      if (reason !== undefined) out.revertReason = reason;
    }
  }
  if (depthLeft > 0 && f.calls.length > 0) out.calls = f.calls.map((c) => toJSON(c, depthLeft - 1, failed));
  if (!failed && f.logs.length > 0) {
    out.logs = f.logs.map((l) => ({
      address: l.address.toString() as PrefixedHexString,
      topics: l.topics.map(hex),
      data: hex(l.data),
      position: qty(Number.isFinite(depthLeft) ? 0 : l.position),
    }));
  }
  if (f.value !== undefined) out.value = qty(f.value);
  return out;
}

// eth_call results by (block environment, state root, request). A call without overrides is a pure
// function of the block it runs in (header fields the EVM reads: number, timestamp, coinbase, base
// fee, gas limit, prevRandao, difficulty), the state under it (the header's state root: a devnet's
// state setters keep the head's hash but change its root, so the root is keyed separately), the
// canonical ancestors' hashes (fixed by the block's own hash) and the request. So identical calls
// on an unchanged state may share one execution; concurrent identical calls share one promise.
// Calls with state or block overrides, and failures (thrown), are never cached.
import type { Block } from '@ethereumjs/block';
import { bytesToHex } from '@ethereumjs/util';
import type { CallRequest, CallResult } from './types.ts';

/** Results whose return data is larger than this are not kept. */
const MAX_CACHED_RETURN_BYTES = 64 * 1024;

function bigintJson(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `0x${v.toString(16)}` : v;
}

const hexOpt = (v: bigint | undefined) => (v === undefined ? '' : v.toString(16));

/** The identity of a call: every header field the EVM can read, the state root and the request. */
export function callKey(req: CallRequest, block: Block): string {
  const h = block.header;
  const parts = [
    bytesToHex(block.hash()),
    bytesToHex(h.stateRoot),
    h.number.toString(16),
    h.timestamp.toString(16),
    h.coinbase.toString(),
    h.gasLimit.toString(16),
    hexOpt(h.baseFeePerGas),
    bytesToHex(h.mixHash),
    h.difficulty.toString(16),
    hexOpt(h.excessBlobGas),
    req.from?.toString() ?? '',
    req.to?.toString() ?? '',
    hexOpt(req.gas),
    hexOpt(req.gasPrice),
    hexOpt(req.maxFeePerGas),
    hexOpt(req.maxPriorityFeePerGas),
    hexOpt(req.value),
    hexOpt(req.nonce),
    req.type === undefined ? '' : String(req.type),
    req.data === undefined ? '' : bytesToHex(req.data),
    req.accessList === undefined ? '' : JSON.stringify(req.accessList),
    req.authorizationList === undefined ? '' : JSON.stringify(req.authorizationList, bigintJson),
  ];
  return parts.join('|');
}

/** A bounded LRU of call results (as promises, so identical calls in flight run once). */
export class CallResultCache {
  private readonly entries = new Map<string, Promise<CallResult>>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached result of `key`, else `run()`'s, kept when it succeeds with modest return data and
   * `keep` (if given) agrees.
   */
  get(key: string, run: () => Promise<CallResult>, keep?: (r: CallResult) => boolean): Promise<CallResult> {
    if (this.maxEntries <= 0) return run();
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Most recently used goes last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const p = run();
    this.entries.set(key, p);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    p.then(
      (r) => {
        const drop = r.returnValue.length > MAX_CACHED_RETURN_BYTES || (keep !== undefined && !keep(r));
        if (drop && this.entries.get(key) === p) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === p) this.entries.delete(key);
      },
    );
    return p;
  }
}

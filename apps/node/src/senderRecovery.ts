// Sender recovery on the second core: `basalt import` hands the signatures of the block it will
// import next to a worker thread, which recovers their public keys with the native secp256k1 addon
// while the main thread executes the current block. Each recovered key goes into the transaction's
// own cache (`tx.cache.senderPubKey`, where @ethereumjs/tx keeps what `getSenderPublicKey` found),
// so the block's checks and execution find it there instead of recovering it again. A signature the
// worker cannot recover, or one the library would refuse before recovering (high s), is left alone:
// the import recovers it in-thread as before and fails with the library's own error.
// docs/performance.md, change 16.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Capability, type TypedTransaction } from '@ethereumjs/tx';
import { bigIntToBytes, SECP256K1_ORDER_DIV_2, setLengthLeft } from '@ethereumjs/util';
import { recoveryId } from './crypto.ts';

/** One signature as the worker reads it: message hash (32), r (32), s (32), recovery id (1). */
const IN = 97;
/** One answer: 1 when recovered, then the 64-byte public key. */
const OUT = 65;

// CommonJS, evaluated in the worker (its own file would need its own entry in the CLI's bundle).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const secp = require(workerData.addon);
parentPort.on('message', ({ id, input, count }) => {
  const out = new Uint8Array(count * ${OUT});
  for (let i = 0; i < count; i++) {
    const o = i * ${IN};
    try {
      const key = secp.ecdsaRecover(input.subarray(o + 32, o + 96), input[o + 96], input.subarray(o, o + 32), false);
      out[i * ${OUT}] = 1;
      out.set(key.subarray(1), i * ${OUT} + 1);
    } catch {}
  }
  parentPort.postMessage({ id, out }, [out.buffer]);
});
`;

interface Pending {
  txs: TypedTransaction[];
  done: () => void;
}

export class SenderRecovery {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failed = false;

  private constructor(addon: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { addon } });
    this.worker.on('message', ({ id, out }: { id: number; out: Uint8Array }) => this.settle(id, out));
    this.worker.on('error', () => this.fail());
    this.worker.on('exit', () => this.fail());
    // Keeps the process alive only while it owes an answer (after the listeners: adding a 'message'
    // one refs it again); otherwise an import that ends or fails exits without waiting for it.
    this.worker.unref();
  }

  /** A worker with the native addon, or undefined where the addon does not load (then nothing changes). */
  static start(): SenderRecovery | undefined {
    let addon: string;
    try {
      addon = createRequire(import.meta.url).resolve('secp256k1/bindings');
      createRequire(import.meta.url)(addon);
    } catch {
      return undefined;
    }
    return new SenderRecovery(addon);
  }

  /**
   * Recovers, on the worker, the senders of `txs` not known yet. Resolves when their caches are
   * filled; never rejects (what the worker could not do is left to the in-thread path).
   */
  recover(txs: readonly TypedTransaction[]): Promise<void> {
    if (this.failed) return Promise.resolve();
    const toRecover: TypedTransaction[] = [];
    const parts: Uint8Array[] = [];
    for (const tx of txs) {
      const part = signatureOf(tx);
      if (part === undefined) continue;
      toRecover.push(tx);
      parts.push(part);
    }
    if (toRecover.length === 0) return Promise.resolve();
    const input = new Uint8Array(toRecover.length * IN);
    for (const [i, part] of parts.entries()) input.set(part, i * IN);
    const id = this.nextId++;
    return new Promise<void>((resolve) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { txs: toRecover, done: resolve });
      this.worker.postMessage({ id, input, count: toRecover.length }, [input.buffer]);
    });
  }

  async close(): Promise<void> {
    this.fail();
    await this.worker.terminate();
  }

  private settle(id: number, out: Uint8Array): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    for (const [i, tx] of p.txs.entries()) {
      // A key set on a transaction recovered meanwhile in-thread is the same key.
      if (out[i * OUT] === 1 && tx.cache.senderPubKey === undefined) {
        tx.cache.senderPubKey = out.slice(i * OUT + 1, (i + 1) * OUT);
      }
    }
    p.done();
  }

  /** The worker is gone: every waiting block goes on without it. */
  private fail(): void {
    this.failed = true;
    for (const p of this.pending.values()) p.done();
    this.pending.clear();
  }
}

/**
 * What the worker needs to recover `tx`'s sender, or undefined when it should not: already known,
 * unsigned, a high s (which `getSenderPublicKey` refuses before recovering), or a bad v.
 */
function signatureOf(tx: TypedTransaction): Uint8Array | undefined {
  const { v, r, s } = tx;
  if (tx.cache.senderPubKey !== undefined || v === undefined || r === undefined || s === undefined) return undefined;
  if (s > SECP256K1_ORDER_DIV_2 || r >= 2n ** 256n || !Object.isFrozen(tx)) return undefined;
  let recid: number;
  try {
    recid = recoveryId(v, tx.supports(Capability.EIP155ReplayProtection) ? tx.common.chainId() : undefined);
  } catch {
    return undefined;
  }
  const part = new Uint8Array(IN);
  part.set(tx.getMessageToVerifySignature(), 0);
  part.set(setLengthLeft(bigIntToBytes(r), 32), 32);
  part.set(setLengthLeft(bigIntToBytes(s), 32), 64);
  part[96] = recid;
  return part;
}

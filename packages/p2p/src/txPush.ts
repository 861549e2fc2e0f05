// Direct transaction exchange, beside the gossipsub topic: each new pool transaction is sent to
// every handshaken peer not known to have it (as devp2p's Transactions message), and a peer that
// completes the handshake gets our pending pool. gossipsub can drop a message sent in the moment
// its stream to a peer is being set up; this path cannot, so every pool sees every transaction.
import type { TypedTransaction } from '@ethereumjs/tx';
import { bytesToHex } from '@ethereumjs/util';
import type { Connection, Stream } from '@libp2p/interface';
import type { Logger } from '@basalt/common';
import { MAX_TX_BYTES } from './constants.ts';
import { isGarbage } from './errors.ts';
import { LruSet } from './lruSet.ts';
import { decodeCount, encodeCount, framed, readMessage } from './wire.ts';

/** Most transactions in one push. */
export const MAX_TXS_PER_PUSH = 256;
/** How long transactions for a peer are collected before one push, in ms. */
const FLUSH_MS = 50;

export function txsProtocol(chainId: bigint): string {
  return `/basalt/${chainId}/txs/1`;
}

export class TxPusher {
  private readonly known = new Map<string, LruSet>();
  private readonly queues = new Map<string, TypedTransaction[]>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly protocol: string,
    private readonly open: (peerId: string, protocol: string, signal: AbortSignal) => Promise<Stream>,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    /** Validates and adds one received transaction; false when the bytes were garbage. */
    private readonly receive: (peerId: string, raw: Uint8Array) => Promise<boolean>,
    private readonly onGarbage: (peerId: string, reason: string) => void,
  ) {}

  private knownBy(peerId: string): LruSet {
    let k = this.known.get(peerId);
    if (k === undefined) {
      k = new LruSet(16384);
      this.known.set(peerId, k);
    }
    return k;
  }

  /** The peer sent or was sent this transaction. */
  markKnown(peerId: string, hash: Uint8Array): void {
    this.knownBy(peerId).add(bytesToHex(hash));
  }

  forget(peerId: string): void {
    this.known.delete(peerId);
    this.queues.delete(peerId);
  }

  /** Queues `txs` for each of `peers` that does not know them. */
  send(peers: string[], txs: TypedTransaction[]): void {
    for (const peerId of peers) {
      const known = this.knownBy(peerId);
      for (const tx of txs) {
        if (tx.type === 3) continue;
        const h = bytesToHex(tx.hash());
        if (known.has(h)) continue;
        known.add(h);
        const q = this.queues.get(peerId) ?? [];
        q.push(tx);
        this.queues.set(peerId, q);
      }
    }
    if (this.timer === undefined && this.queues.size > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flushing = this.flushing.then(() => this.flush());
      }, FLUSH_MS);
    }
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queues.clear();
    await this.flushing;
  }

  private async flush(): Promise<void> {
    const queues = [...this.queues];
    this.queues.clear();
    await Promise.all(
      queues.map(async ([peerId, txs]) => {
        for (let i = 0; i < txs.length; i += MAX_TXS_PER_PUSH) {
          const batch = txs.slice(i, i + MAX_TXS_PER_PUSH);
          const signal = AbortSignal.timeout(this.timeoutMs);
          let stream: Stream | undefined;
          try {
            stream = await this.open(peerId, this.protocol, signal);
            const lp = framed(stream, 16);
            await lp.writeV([encodeCount(batch.length), ...batch.map((tx) => tx.serialize())], { signal });
            await stream.close({ signal });
          } catch (err) {
            stream?.abort(err as Error);
            this.logger.debug('tx push failed', { peer: peerId, error: String(err) });
            return;
          }
        }
      }),
    );
  }

  /** The stream handler of {@link txsProtocol}. */
  async handle(stream: Stream, connection: Connection): Promise<void> {
    const peerId = connection.remotePeer.toString();
    const signal = AbortSignal.timeout(this.timeoutMs);
    const lp = framed(stream, MAX_TX_BYTES);
    try {
      const count = decodeCount('txs', await readMessage(lp, { signal }));
      if (count > MAX_TXS_PER_PUSH) throw new RangeError(`${count} transactions in one push`);
      const raws: Uint8Array[] = [];
      for (let i = 0; i < count; i++) raws.push(await readMessage(lp, { signal }));
      await stream.close({ signal });
      for (const raw of raws) {
        if (!(await this.receive(peerId, raw))) {
          this.onGarbage(peerId, 'a push with bytes that are not a transaction');
          return;
        }
      }
    } catch (err) {
      stream.abort(err as Error);
      if (isGarbage(err)) this.onGarbage(peerId, `garbage on txs: ${(err as Error).message}`);
      else this.logger.debug('tx push not read', { peer: peerId, error: String(err) });
    }
  }
}

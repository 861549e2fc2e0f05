// Sync: while a peer announces a heavier or longer chain, download its blocks in batches by
// number and import them through chain (which checks and executes each and picks the head, so a
// reorganisation is chain's job). A batch whose first block does not attach means we are on
// another branch: the start steps back, doubling, until it meets a stored block.
import type { EventEmitter } from 'node:events';
import type { Logger } from '@basalt/common';
import { ChainErrorCode } from '@basalt/chain';
import { isBasaltError } from '@basalt/common';
import type { TypedTransaction } from '@ethereumjs/tx';
import type { PeerBook } from './peers.ts';
import type { BlockFetcher } from './reqresp.ts';
import { type P2PChain, type P2PEvents, PeerAction, type SyncProgress } from './types.ts';

export interface SyncerOpts {
  batchSize: number;
  threshold: number;
}

export class Syncer {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private progress: SyncProgress | undefined;

  constructor(
    private readonly chain: P2PChain,
    private readonly peers: PeerBook,
    private readonly fetcher: BlockFetcher,
    private readonly events: EventEmitter<P2PEvents>,
    private readonly logger: Logger,
    private readonly opts: SyncerOpts,
    /** Blocks imported by sync are marked (before import, as newHead fires inside it) so they are not gossiped again. */
    private readonly markImported: (hash: Uint8Array) => void,
    /** P2PDeps.recoverSenders. */
    private readonly recoverSenders?: (txs: readonly TypedTransaction[]) => Promise<void>,
  ) {}

  /** eth_syncing: the progress while a run is under way and behind, else false. */
  status(): SyncProgress | false {
    const p = this.progress;
    if (p === undefined) return false;
    const current = this.chain.head().header.number;
    if (current >= p.highestBlock) return false;
    return { ...p, currentBlock: current };
  }

  /** Starts a run unless one is under way (then it runs once more when done). */
  trigger(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.loop()
      .catch((err) => this.logger.warn('sync failed', {}, err))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.trigger();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /**
   * The peer with the most to give: the heaviest chain by total difficulty (Clique's in-turn
   * blocks weigh 2, so a heavier branch can be shorter), or at equal weight (after the merge every
   * block weighs 0) one at least `threshold` blocks longer.
   */
  private async bestPeer(exclude: Set<string>): Promise<[string, bigint] | undefined> {
    const head = this.chain.head();
    const number = head.header.number;
    const td = (await this.chain.getTotalDifficulty(head.hash())) ?? 0n;
    let best: { id: string; number: bigint; td: bigint } | undefined;
    for (const [id, s] of this.peers.withStatus()) {
      if (exclude.has(id)) continue;
      if (s.td < td || (s.td === td && s.headNumber < number + BigInt(this.opts.threshold))) continue;
      if (best === undefined || s.td > best.td || (s.td === best.td && s.headNumber > best.number)) {
        best = { id, number: s.headNumber, td: s.td };
      }
    }
    return best === undefined ? undefined : [best.id, best.number];
  }

  private async loop(): Promise<void> {
    const exclude = new Set<string>();
    let target = await this.bestPeer(exclude);
    if (target === undefined) return;
    const startedAt = Date.now();
    const startingBlock = this.chain.head().header.number;
    let imported = 0;
    let gas = 0n;
    this.progress = {
      startingBlock,
      currentBlock: startingBlock,
      highestBlock: target[1],
      blocksPerSecond: 0,
      mgasPerSecond: 0,
      etaSeconds: undefined,
    };
    this.logger.info('sync started', { from: startingBlock, to: target[1], peer: target[0] });
    // A heavier peer need not be longer: start at its head then, and step back until a block attaches.
    let cursor = startingBlock + 1n > target[1] ? target[1] : startingBlock + 1n;
    let backstep = BigInt(this.opts.batchSize);
    while (!this.stopped && target !== undefined) {
      const [peerId, peerHead] = target;
      if (cursor > peerHead) {
        // The peer announced more than it serves now; ask it again for its status later.
        exclude.add(peerId);
        target = await this.bestPeer(exclude);
        continue;
      }
      const count = Number(
        peerHead - cursor + 1n < BigInt(this.opts.batchSize) ? peerHead - cursor + 1n : BigInt(this.opts.batchSize),
      );
      let blocks: Awaited<ReturnType<BlockFetcher['byRange']>>;
      try {
        blocks = await this.fetcher.byRange(peerId, cursor, count);
      } catch (err) {
        this.peers.penalise(
          peerId,
          isBasaltError(err) && err.code === 'P2P_TIMEOUT' ? PeerAction.HIGH_TOLERANCE : PeerAction.MID_TOLERANCE,
          `sync request failed: ${(err as Error).message}`,
        );
        exclude.add(peerId);
        target = await this.bestPeer(exclude);
        continue;
      }
      if (blocks.length === 0) {
        exclude.add(peerId);
        target = await this.bestPeer(exclude);
        continue;
      }
      let failed = false;
      // Every block's senders recovered on the side while the blocks before it execute.
      const recover = this.recoverSenders;
      const ready = recover === undefined ? [] : blocks.map((b) => recover(b.transactions));
      for (const [i, block] of blocks.entries()) {
        try {
          this.markImported(block.hash());
          await ready[i];
          await this.chain.importBlock(block);
          imported++;
          gas += block.header.gasUsed;
        } catch (err) {
          if (i === 0 && isBasaltError(err) && err.code === ChainErrorCode.UNKNOWN_PARENT && cursor > 1n) {
            // Another branch: step back until a batch attaches to a block we have.
            cursor = cursor > backstep ? cursor - backstep : 1n;
            backstep *= 2n;
            failed = true;
            break;
          }
          if (isBasaltError(err) && err.code === ChainErrorCode.CLOSED) return;
          this.peers.penalise(
            peerId,
            PeerAction.LOW_TOLERANCE,
            `sync served an invalid block: ${(err as Error).message}`,
          );
          exclude.add(peerId);
          failed = true;
          break;
        }
      }
      if (!failed) {
        const last = blocks[blocks.length - 1];
        if (last !== undefined) cursor = last.header.number + 1n;
        backstep = BigInt(this.opts.batchSize);
      }
      let highest = peerHead;
      for (const [, s] of this.peers.withStatus()) if (s.headNumber > highest) highest = s.headNumber;
      const current = this.chain.head().header.number;
      const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
      const bps = imported / seconds;
      this.progress = {
        startingBlock,
        currentBlock: current,
        highestBlock: highest,
        blocksPerSecond: bps,
        mgasPerSecond: Number(gas) / 1e6 / seconds,
        etaSeconds: bps > 0 ? Number(highest > current ? highest - current : 0n) / bps : undefined,
      };
      this.events.emit('syncProgress', { ...this.progress });
      if (exclude.has(peerId) || cursor > peerHead) target = await this.bestPeer(exclude);
    }
    const done = this.progress;
    this.progress = undefined;
    if (done !== undefined) {
      const final = { ...done, currentBlock: this.chain.head().header.number, etaSeconds: 0 };
      this.logger.info('sync done', {
        head: final.currentBlock,
        blocks: imported,
        seconds: (Date.now() - startedAt) / 1000,
      });
      this.events.emit('syncDone', final);
    }
  }
}

// What Basalt knows of each peer: the handshake status, a score, a ban. libp2p keeps connections;
// this keeps judgement (H12: validation lives in chain, the mapping to scores lives here).
import type { EventEmitter } from 'node:events';
import type { Logger } from '@basalt/common';
import { PEER_ACTION_PENALTY } from './options.ts';
import type { P2PEvents, PeerAction, PeerStatus } from './types.ts';

interface PeerRecord {
  status: PeerStatus | undefined;
  score: number;
  bannedUntil: number;
}

export class PeerBook {
  private readonly records = new Map<string, PeerRecord>();

  constructor(
    private readonly events: EventEmitter<P2PEvents>,
    private readonly logger: Logger,
    private readonly opts: { banMs: number; banThreshold: number },
    /** Hangs up on a peer that was banned. */
    private readonly drop: (peerId: string, reason: string) => void,
  ) {}

  private record(peerId: string): PeerRecord {
    let r = this.records.get(peerId);
    if (r === undefined) {
      r = { status: undefined, score: 0, bannedUntil: 0 };
      this.records.set(peerId, r);
    }
    return r;
  }

  status(peerId: string): PeerStatus | undefined {
    return this.records.get(peerId)?.status;
  }

  /** Sets the handshake status; true when it is the first for this connection. */
  setStatus(peerId: string, status: PeerStatus): boolean {
    const r = this.record(peerId);
    const first = r.status === undefined;
    r.status = status;
    return first;
  }

  /** A peer told us (by gossip) of a head above its handshake one. */
  raiseHead(peerId: string, number: bigint, hash: Uint8Array): void {
    const s = this.records.get(peerId)?.status;
    if (s !== undefined && number > s.headNumber) {
      s.headNumber = number;
      s.headHash = hash;
    }
  }

  /** Forgets the status (on disconnect); the score and ban stay. */
  clearStatus(peerId: string): void {
    const r = this.records.get(peerId);
    if (r !== undefined) r.status = undefined;
  }

  /** Peers with a status, i.e. that completed the handshake. */
  withStatus(): [string, PeerStatus][] {
    const out: [string, PeerStatus][] = [];
    for (const [id, r] of this.records) if (r.status !== undefined) out.push([id, r.status]);
    return out;
  }

  score(peerId: string): number | undefined {
    return this.records.get(peerId)?.score;
  }

  isBanned(peerId: string): boolean {
    const r = this.records.get(peerId);
    return r !== undefined && r.bannedUntil > Date.now();
  }

  penalise(peerId: string, action: PeerAction, reason: string): void {
    const r = this.record(peerId);
    r.score -= PEER_ACTION_PENALTY[action];
    this.logger.warn('peer penalised', { peer: peerId, action, reason, score: r.score });
    this.events.emit('peerPenalised', peerId, action, reason, r.score);
    if (r.score <= this.opts.banThreshold && r.bannedUntil <= Date.now()) {
      r.bannedUntil = Date.now() + this.opts.banMs;
      this.drop(peerId, `score ${r.score} at or below ${this.opts.banThreshold}: ${reason}`);
    }
  }

  /** Bans at once (another chain): the score drops to the threshold. */
  ban(peerId: string, reason: string): void {
    const r = this.record(peerId);
    r.score = Math.min(r.score, this.opts.banThreshold);
    r.bannedUntil = Date.now() + this.opts.banMs;
    this.drop(peerId, reason);
  }
}

import { bytesToHex, equalsBytes } from '@ethereumjs/util';
import { NONCE_AUTH, NONCE_DROP } from './constants.ts';
import { CliqueError, CliqueErrorCode } from './errors.ts';

/** One vote cast in a header: `signer` voted at `block` to add (`authorize`) or drop `address`. */
export interface CliqueVote {
  signer: string;
  block: bigint;
  address: string;
  authorize: boolean;
}

/** The running count of votes on one address. */
export interface CliqueTally {
  authorize: boolean;
  votes: number;
}

/** What applying a header to a snapshot needs of it (the signer recovered by the engine). */
export interface CliqueHeaderInfo {
  number: bigint;
  hash: string;
  /** Lowercase 0x-hex address recovered from the seal. */
  signer: string;
  /** Lowercase 0x-hex address the header votes on (zero: no vote). */
  coinbase: string;
  nonce: Uint8Array;
}

function invalidSeal(number: bigint, reason: string): CliqueError {
  return new CliqueError({ code: CliqueErrorCode.INVALID_SEAL, number, reason }, reason);
}

/** geth's clique_getSnapshot JSON. */
export interface SnapshotJSON {
  number: number;
  hash: string;
  signers: Record<string, Record<string, never>>;
  recents: Record<string, string>;
  votes: { signer: string; block: number; address: string; authorize: boolean }[];
  tally: Record<string, { authorize: boolean; votes: number }>;
}

/**
 * The state of Clique's authorisation at one block (EIP-225): who may sign, who signed lately,
 * and the open votes. Immutable from outside: `apply` returns a new snapshot. Addresses are
 * lowercase 0x-hex strings, so their string order is their byte order.
 */
export class Snapshot {
  private readonly signerSet: Set<string>;

  constructor(
    readonly epoch: bigint,
    readonly number: bigint,
    readonly hash: string,
    signers: Iterable<string>,
    readonly recents: ReadonlyMap<bigint, string> = new Map(),
    readonly votes: readonly CliqueVote[] = [],
    readonly tally: ReadonlyMap<string, CliqueTally> = new Map(),
  ) {
    this.signerSet = new Set([...signers].map((s) => s.toLowerCase()));
  }

  /** The signers in ascending order (the in-turn rotation). */
  signers(): string[] {
    return [...this.signerSet].sort();
  }

  isSigner(address: string): boolean {
    return this.signerSet.has(address.toLowerCase());
  }

  /** floor(N/2)+1: a signer seals at most one of this many consecutive blocks. */
  signerLimit(): bigint {
    return BigInt(Math.floor(this.signerSet.size / 2) + 1);
  }

  /** True when `signer` is the one whose turn block `number` is. */
  inturn(number: bigint, signer: string): boolean {
    const signers = this.signers();
    const offset = signers.indexOf(signer.toLowerCase());
    return offset >= 0 && number % BigInt(signers.length) === BigInt(offset);
  }

  /**
   * The block `signer` last sealed when it is too recent to seal block `number` on top of this
   * snapshot (one of the last floor(N/2)+1 blocks), else undefined.
   */
  recentlySigned(signer: string, number: bigint): bigint | undefined {
    const limit = this.signerLimit();
    const who = signer.toLowerCase();
    for (const [seen, recent] of this.recents) {
      if (recent === who && (number < limit || seen > number - limit)) return seen;
    }
    return undefined;
  }

  /** A vote that would change something: adding a non-signer, dropping a signer. */
  validVote(address: string, authorize: boolean): boolean {
    const is = this.isSigner(address);
    return (is && !authorize) || (!is && authorize);
  }

  /**
   * Applies headers that follow this snapshot's block, oldest first, as EIP-225 says: at each
   * epoch checkpoint the votes reset; each signer must be authorised and not recent; a vote that
   * passes (more than half of the signers) adds or drops its address and discards the votes
   * about it (and, for a dropped signer, the votes it cast).
   */
  apply(headers: readonly CliqueHeaderInfo[]): Snapshot {
    if (headers.length === 0) return this;
    let number = this.number;
    const signers = new Set(this.signerSet);
    const recents = new Map(this.recents);
    let votes = [...this.votes];
    const tally = new Map([...this.tally].map(([k, v]) => [k, { ...v }]));
    const limitOf = () => BigInt(Math.floor(signers.size / 2) + 1);

    const cast = (address: string, authorize: boolean): boolean => {
      const is = signers.has(address);
      if (!((is && !authorize) || (!is && authorize))) return false;
      const t = tally.get(address);
      if (t !== undefined) t.votes++;
      else tally.set(address, { authorize, votes: 1 });
      return true;
    };
    const uncast = (address: string, authorize: boolean): void => {
      const t = tally.get(address);
      if (t === undefined || t.authorize !== authorize) return;
      if (t.votes > 1) t.votes--;
      else tally.delete(address);
    };

    for (const h of headers) {
      if (h.number !== number + 1n) {
        throw invalidSeal(number, `header ${h.number} does not follow snapshot ${number}`);
      }
      number = h.number;
      if (number % this.epoch === 0n) {
        votes = [];
        tally.clear();
      }
      const limit = limitOf();
      if (number >= limit) recents.delete(number - limit);
      const signer = h.signer.toLowerCase();
      if (!signers.has(signer)) {
        throw invalidSeal(number, `unauthorized signer ${signer} at block ${number}`);
      }
      for (const [seen, recent] of recents) {
        if (recent === signer) {
          throw invalidSeal(number, `signer ${signer} sealed block ${seen}, too recently to seal block ${number}`);
        }
      }
      recents.set(number, signer);

      const coinbase = h.coinbase.toLowerCase();
      // A signer's new vote on an address replaces its old one.
      const previous = votes.findIndex((v) => v.signer === signer && v.address === coinbase);
      if (previous >= 0) {
        uncast(coinbase, votes[previous]!.authorize);
        votes.splice(previous, 1);
      }
      let authorize: boolean;
      if (equalsBytes(h.nonce, NONCE_AUTH)) authorize = true;
      else if (equalsBytes(h.nonce, NONCE_DROP)) authorize = false;
      else throw invalidSeal(number, `invalid vote nonce ${bytesToHex(h.nonce)} at block ${number}`);
      if (cast(coinbase, authorize)) votes.push({ signer, block: number, address: coinbase, authorize });

      const t = tally.get(coinbase);
      if (t !== undefined && t.votes > signers.size / 2) {
        if (t.authorize) {
          signers.add(coinbase);
        } else {
          signers.delete(coinbase);
          // The set shrank: the oldest recent entry may now be out of the window.
          const shrunk = limitOf();
          if (number >= shrunk) recents.delete(number - shrunk);
          // Votes the dropped signer cast no longer count.
          votes = votes.filter((v) => {
            if (v.signer !== coinbase) return true;
            uncast(v.address, v.authorize);
            return false;
          });
        }
        // Votes about the address are settled.
        votes = votes.filter((v) => v.address !== coinbase);
        tally.delete(coinbase);
      }
    }
    const last = headers[headers.length - 1]!;
    return new Snapshot(this.epoch, last.number, last.hash, signers, recents, votes, tally);
  }

  /** geth's clique_getSnapshot format. */
  toJSON(): SnapshotJSON {
    const signers: Record<string, Record<string, never>> = {};
    for (const s of this.signers()) signers[s] = {};
    const recents: Record<string, string> = {};
    for (const [n, s] of [...this.recents].sort((a, b) => (a[0] < b[0] ? -1 : 1))) recents[n.toString()] = s;
    const tally: Record<string, { authorize: boolean; votes: number }> = {};
    for (const [a, t] of this.tally) tally[a] = { ...t };
    return {
      number: Number(this.number),
      hash: this.hash,
      signers,
      recents,
      votes: this.votes.map((v) => ({ ...v, block: Number(v.block) })),
      tally,
    };
  }

  /** The persisted form (JSON bytes). */
  encode(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.toJSON()));
  }

  static decode(epoch: bigint, bytes: Uint8Array): Snapshot {
    const j = JSON.parse(new TextDecoder().decode(bytes)) as SnapshotJSON;
    return new Snapshot(
      epoch,
      BigInt(j.number),
      j.hash,
      Object.keys(j.signers),
      new Map(Object.entries(j.recents).map(([n, s]) => [BigInt(n), s])),
      j.votes.map((v) => ({ ...v, block: BigInt(v.block) })),
      new Map(Object.entries(j.tally).map(([a, t]) => [a, { ...t }])),
    );
  }
}

// Request-response: blocks by number range and blocks by hash. A request is one RLP message; the
// response is a count followed by that many RLP blocks, each length-prefixed, then the responder
// closes. Both directions are bounded in count, bytes and time.
import type { Block } from '@ethereumjs/block';
import { bytesToHex, equalsBytes } from '@ethereumjs/util';
import type { Connection, Stream } from '@libp2p/interface';
import type { Logger } from '@basalt/common';
import { MAX_BLOCK_BYTES, MAX_REQUEST_BYTES } from './constants.ts';
import { badResponse, isGarbage, P2PError, P2PErrorCode } from './errors.ts';
import type { P2PChain } from './types.ts';
import {
  decodeBlock,
  decodeCount,
  decodeHashRequest,
  decodeRangeRequest,
  encodeCount,
  encodeHashRequest,
  encodeRangeRequest,
  framed,
  readMessage,
} from './wire.ts';

export interface ReqRespLimits {
  maxBlocksPerRequest: number;
  maxResponseBytes: number;
  requestTimeoutMs: number;
}

/** Called when a peer sent garbage on a protocol (the node penalises it). */
export type OnGarbage = (peerId: string, protocol: string, err: unknown) => void;

async function respond(
  stream: Stream,
  blocks: AsyncIterable<Block>,
  limits: ReqRespLimits,
  signal: AbortSignal,
): Promise<void> {
  const out: Uint8Array[] = [];
  let bytes = 0;
  for await (const block of blocks) {
    const raw = block.serialize();
    if (out.length >= limits.maxBlocksPerRequest || (out.length > 0 && bytes + raw.length > limits.maxResponseBytes)) {
      break;
    }
    out.push(raw);
    bytes += raw.length;
  }
  const lp = framed(stream, MAX_REQUEST_BYTES);
  await lp.writeV([encodeCount(out.length), ...out], { signal });
  await stream.close({ signal });
}

/** Registers nothing by itself: returns the two handlers for the registrar. */
export function createReqRespHandlers(
  chain: P2PChain,
  limits: ReqRespLimits,
  logger: Logger,
  onGarbage: OnGarbage,
): {
  blocksByRange: (stream: Stream, connection: Connection) => Promise<void>;
  blocksByHash: (stream: Stream, connection: Connection) => Promise<void>;
} {
  const serve = async (
    protocol: string,
    stream: Stream,
    connection: Connection,
    answer: (request: Uint8Array) => AsyncIterable<Block>,
  ): Promise<void> => {
    const signal = AbortSignal.timeout(limits.requestTimeoutMs);
    const lp = framed(stream, MAX_REQUEST_BYTES);
    let request: Uint8Array;
    try {
      request = await readMessage(lp, { signal });
    } catch (err) {
      if (isGarbage(err)) onGarbage(connection.remotePeer.toString(), protocol, err);
      stream.abort(err as Error);
      return;
    }
    let blocks: AsyncIterable<Block>;
    try {
      blocks = answer(request);
      // Decoding happens lazily inside the generator; pull the first item in respond().
      await respond(stream, blocks, limits, signal);
    } catch (err) {
      if (isGarbage(err)) {
        onGarbage(connection.remotePeer.toString(), protocol, err);
      } else {
        logger.debug('request failed', { protocol, peer: connection.remotePeer.toString(), error: String(err) });
      }
      stream.abort(err as Error);
    }
  };

  return {
    blocksByRange: (stream, connection) =>
      serve('blocks-by-range', stream, connection, (request) => {
        const { start, count } = decodeRangeRequest(request);
        const n = Math.min(count, limits.maxBlocksPerRequest);
        return (async function* () {
          for (let i = 0n; i < BigInt(n); i++) {
            const block = await chain.getBlock(start + i);
            if (block === undefined) return;
            yield block;
          }
        })();
      }),
    blocksByHash: (stream, connection) =>
      serve('blocks-by-hash', stream, connection, (request) => {
        const hashes = decodeHashRequest(request, limits.maxBlocksPerRequest);
        return (async function* () {
          for (const hash of hashes) {
            const block = await chain.getBlock(hash);
            if (block !== undefined) yield block;
          }
        })();
      }),
  };
}

/** Sends a request and reads the blocks of the answer, decoded with the chain's rules. */
async function request(
  stream: Stream,
  protocol: string,
  body: Uint8Array,
  maxCount: number,
  chain: P2PChain,
  limits: ReqRespLimits,
  signal: AbortSignal,
): Promise<Block[]> {
  const lp = framed(stream, MAX_BLOCK_BYTES);
  try {
    await lp.write(body, { signal });
    const count = decodeCount(protocol, await readMessage(lp, { signal }));
    if (count > maxCount) throw badResponse(protocol, `${count} blocks for a request of ${maxCount}`);
    const blocks: Block[] = [];
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const raw = await readMessage(lp, { signal });
      bytes += raw.length;
      if (bytes > limits.maxResponseBytes + MAX_BLOCK_BYTES) throw badResponse(protocol, 'response too large');
      blocks.push(decodeBlock(protocol, raw, chain.common));
    }
    await stream.close({ signal });
    return blocks;
  } catch (err) {
    stream.abort(err as Error);
    if (signal.aborted && !(err instanceof P2PError)) {
      throw new P2PError(
        { code: P2PErrorCode.TIMEOUT, protocol, ms: limits.requestTimeoutMs },
        `${protocol} request timed out`,
        { cause: err },
      );
    }
    throw err;
  }
}

export type OpenStream = (peerId: string, protocol: string, signal: AbortSignal) => Promise<Stream>;

/** Client side: asks one peer for blocks. */
export class BlockFetcher {
  constructor(
    private readonly open: OpenStream,
    private readonly protocols: { range: string; hash: string },
    private readonly chain: P2PChain,
    private readonly limits: ReqRespLimits,
  ) {}

  /** Up to `count` canonical blocks of the peer from `start`, checked to be consecutive and linked. */
  async byRange(peerId: string, start: bigint, count: number): Promise<Block[]> {
    const n = Math.min(count, this.limits.maxBlocksPerRequest);
    const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
    const stream = await this.openOrTimeout(peerId, 'blocks-by-range', this.protocols.range, signal);
    const blocks = await request(
      stream,
      'blocks-by-range',
      encodeRangeRequest({ start, count: n }),
      n,
      this.chain,
      this.limits,
      signal,
    );
    for (const [i, b] of blocks.entries()) {
      if (b.header.number !== start + BigInt(i)) {
        throw badResponse('blocks-by-range', `block ${b.header.number} at position ${i} of a range from ${start}`);
      }
      const prev = blocks[i - 1];
      if (prev !== undefined && !equalsBytes(b.header.parentHash, prev.hash())) {
        throw badResponse('blocks-by-range', `block ${b.header.number} does not link to the previous one`);
      }
    }
    return blocks;
  }

  /** The blocks of `hashes` the peer has; a block that was not asked for is a bad response. */
  async byHash(peerId: string, hashes: Uint8Array[]): Promise<Block[]> {
    const asked = new Set(hashes.map((h) => bytesToHex(h)));
    const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
    const stream = await this.openOrTimeout(peerId, 'blocks-by-hash', this.protocols.hash, signal);
    const blocks = await request(
      stream,
      'blocks-by-hash',
      encodeHashRequest(hashes),
      hashes.length,
      this.chain,
      this.limits,
      signal,
    );
    for (const b of blocks) {
      if (!asked.has(bytesToHex(b.hash()))) throw badResponse('blocks-by-hash', 'a block that was not asked for');
    }
    return blocks;
  }

  private async openOrTimeout(peerId: string, name: string, protocol: string, signal: AbortSignal): Promise<Stream> {
    try {
      return await this.open(peerId, protocol, signal);
    } catch (err) {
      if (signal.aborted) {
        throw new P2PError(
          { code: P2PErrorCode.TIMEOUT, protocol: name, ms: this.limits.requestTimeoutMs },
          `${name} request timed out`,
          { cause: err },
        );
      }
      throw err;
    }
  }
}

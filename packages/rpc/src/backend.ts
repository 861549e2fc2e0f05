// What the eth_ handlers share: block resolution (tags, numbers, EIP-1898 hashes), state access,
// fee suggestions and the Common to decode incoming transactions with.
import type { ChainApi } from '@basalt/chain';
import type { Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { bytesToHex, equalsBytes } from '@ethereumjs/util';
import { GETH_MESSAGES, ServerError } from './errors.ts';
import type { BlockId } from './validation.ts';

export interface BackendOpts {
  priorityFee: bigint;
  maxLogsBlockRange: number;
  maxFeeHistoryBlocks: number;
  allowUnprotectedTxs: boolean;
  /**
   * Awaited after a transaction is added to the pool and before its hash is returned: a dev
   * node's instant mining resolves it once the block taking the transaction is stored
   * ({@link DevControl.awaitInstantBlock}), so the receipt is there as soon as the hash is.
   */
  afterSubmit?: () => Promise<void>;
}

export class RpcBackend {
  readonly chain: ChainApi;
  readonly opts: BackendOpts;
  private txCommon: { head: Uint8Array; common: Common } | undefined;

  constructor(chain: ChainApi, opts: BackendOpts) {
    this.chain = chain;
    this.opts = opts;
  }

  /** The block a request names, or undefined when there is none (getBlockBy* answer null). */
  async findBlock(id: BlockId): Promise<Block | undefined> {
    const chain = this.chain;
    switch (id.kind) {
      case 'tag':
        if (id.tag === 'latest') return chain.head();
        if (id.tag === 'pending') return (await chain.getBlock('pending')) ?? chain.head();
        return chain.getBlock(id.tag);
      case 'number': {
        const head = chain.head();
        if (id.number > head.header.number) return undefined;
        if (id.number === head.header.number) return head;
        return chain.getBlock(id.number);
      }
      case 'hash': {
        const block = await chain.getBlock(id.hash);
        if (block === undefined) return undefined;
        if (id.requireCanonical) {
          const canonical = await chain.getCanonicalHash(block.header.number);
          if (canonical === undefined || !equalsBytes(canonical, id.hash)) {
            throw new ServerError(`hash ${bytesToHex(id.hash)} is not currently canonical`);
          }
        }
        return block;
      }
    }
  }

  /** The block a request names; throws geth's -32000 error when it is unknown (state methods, calls). */
  async requireBlock(id: BlockId): Promise<Block> {
    const block = await this.findBlock(id);
    if (block !== undefined) return block;
    if (id.kind === 'hash') throw new ServerError(GETH_MESSAGES.headerForHashNotFound);
    if (id.kind === 'tag') throw new ServerError(`${id.tag} block not found`);
    throw new ServerError(GETH_MESSAGES.headerNotFound);
  }

  /** State at the end of the named block. */
  async stateAt(id: BlockId) {
    return this.chain.stateAt(await this.requireBlock(id));
  }

  /** The base fee of the block after `head` (0 before London). */
  nextBaseFee(head: Block = this.chain.head()): bigint {
    if (head.header.baseFeePerGas === undefined) return 0n;
    const next = this.commonForNextBlock();
    if (!next.isActivatedEIP(1559)) return 0n;
    return head.header.calcNextBaseFee();
  }

  /** Whether the next block is past London (type-2 fees apply). */
  isLondonNext(): boolean {
    return this.commonForNextBlock().isActivatedEIP(1559);
  }

  /**
   * A Common at the hardfork of the next block, to decode and sign transactions with: types
   * enabled by the fork (1, 2, 3, 4) decode only when it is active. Cached per head.
   */
  commonForNextBlock(): Common {
    const head = this.chain.head();
    const hash = head.hash();
    if (this.txCommon !== undefined && equalsBytes(this.txCommon.head, hash)) return this.txCommon.common;
    const common = this.chain.common.copy();
    const nowSec = BigInt(Math.floor(Date.now() / 1000));
    const ts = head.header.timestamp + 1n > nowSec ? head.header.timestamp + 1n : nowSec;
    common.setHardforkBy({ blockNumber: head.header.number + 1n, timestamp: ts });
    this.txCommon = { head: hash, common };
    return common;
  }
}

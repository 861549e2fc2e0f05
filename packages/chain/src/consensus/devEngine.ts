import type { TxOutcome } from '@basalt/execution';
import type { Block } from '@ethereumjs/block';
import { bytesToHex, equalsBytes } from '@ethereumjs/util';
import { ChainError, ChainErrorCode } from '../errors.ts';
import type { ConsensusEngine } from '../types.ts';
import { TrustedSealEngine } from './trusted.ts';

/** Settings of {@link DevEngine}. */
export interface DevEngineOpts {
  /**
   * Also check the gas limit bounds (parent ± 1/1024) and the EIP-1559 base fee against the
   * parent. Off by default, because a devnet may change both at will (anvil_setBlockGasLimit,
   * anvil_setNextBlockBaseFeePerGas).
   */
  strict?: boolean;
}

/** The least gas limit a header may have (yellow paper, `minGasLimit`). */
const MIN_GAS_LIMIT = 5_000n;

function reject(block: Block, reason: string): ChainError {
  return new ChainError(
    { code: ChainErrorCode.INVALID_BLOCK, number: block.header.number, hash: bytesToHex(block.hash()), reason },
    `invalid block ${block.header.number}: ${reason}`,
  );
}

/**
 * The devnet's consensus: whoever runs the node makes the blocks, so there is no seal. It checks
 * what keeps a dev chain well-formed (the header on its own and the body, as for imported blocks;
 * against the parent: number, parent hash, strictly increasing timestamp, a sane gas limit, and
 * the presence of the base fee after London), and with `strict` everything the fork rules say.
 */
export class DevEngine implements ConsensusEngine {
  readonly name = 'dev';
  private readonly strict: boolean;
  private readonly rules = new TrustedSealEngine();

  constructor(opts: DevEngineOpts = {}) {
    this.strict = opts.strict ?? false;
  }

  validateHeader(block: Block): Promise<void> {
    return this.rules.validateHeader(block);
  }

  async validateHeaderAgainstParent(block: Block, parent: Block): Promise<void> {
    if (this.strict) return this.rules.validateHeaderAgainstParent(block, parent);
    const h = block.header;
    const p = parent.header;
    if (h.number !== p.number + 1n) throw reject(block, `number ${h.number} does not follow parent ${p.number}`);
    if (!equalsBytes(h.parentHash, parent.hash())) throw reject(block, 'parent hash does not match the parent');
    if (h.timestamp <= p.timestamp) {
      throw reject(block, `timestamp ${h.timestamp} not after parent timestamp ${p.timestamp}`);
    }
    if (h.gasLimit < MIN_GAS_LIMIT) throw reject(block, `gas limit ${h.gasLimit} below ${MIN_GAS_LIMIT}`);
    const london = block.common.isActivatedEIP(1559);
    if (london !== (h.baseFeePerGas !== undefined)) {
      throw reject(block, london ? 'base fee missing after London' : 'base fee before London');
    }
  }

  validateBlockPreExecution(block: Block): Promise<void> {
    return this.rules.validateBlockPreExecution(block);
  }

  validateBlockPostExecution(block: Block, outcomes: TxOutcome[]): Promise<void> {
    return this.rules.validateBlockPostExecution(block, outcomes);
  }

  /** Seals nothing: a dev block is valid as built. */
  async seal(block: Block): Promise<Block> {
    return block;
  }
}

import type { Block } from '@ethereumjs/block';
import { ConsensusType, Hardfork } from '@ethereumjs/common';
import { bytesToHex, equalsBytes, KECCAK256_RLP_ARRAY } from '@ethereumjs/util';
import type { TxOutcome } from '@basalt/execution';
import { ChainError, ChainErrorCode } from '../errors.ts';
import type { ConsensusEngine } from '../types.ts';

function reject(block: Block, reason: string): ChainError {
  return new ChainError(
    { code: ChainErrorCode.INVALID_BLOCK, number: block.header.number, hash: bytesToHex(block.hash()), reason },
    `invalid block ${block.header.number}: ${reason}`,
  );
}

/** Runs an ethereumjs check that throws a plain Error, turning its message into the reason. */
async function check(block: Block, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ChainError) throw err;
    throw reject(block, (err as Error).message);
  }
}

/**
 * The consensus engine for importing blocks whose consensus Basalt does not run: chain files
 * exported by other clients (`basalt import`), proof-of-work blocks with fake seals, and
 * proof-of-stake blocks whose consensus lives on a beacon chain.
 *
 * It checks everything about a header that follows from its parent and the fork rules: number,
 * parent hash, timestamp after the parent's, extra data size, gas limit bounds (and the London
 * doubling), the EIP-1559 base fee, the EIP-4844 excess blob gas, the proof-of-stake constants
 * (difficulty 0, zero nonce, no ommers) after the merge; and before execution the body against
 * the header: transaction signatures and fee caps, transactions root, ommers hash and count,
 * withdrawals root, blob gas used. It *trusts* the seal (ethash mix hash and nonce, Clique
 * signature, beacon consensus) and the proof-of-work difficulty, and does not check ommer
 * headers against their own parents. Execution (state root, receipts root, gas used, bloom,
 * requests hash) is checked by the executor, not here.
 */
export class TrustedSealEngine implements ConsensusEngine {
  readonly name = 'trusted-seal';

  async validateHeader(block: Block): Promise<void> {
    const h = block.header;
    const common = block.common;
    if (h.gasUsed > h.gasLimit) throw reject(block, `gas used ${h.gasUsed} above gas limit ${h.gasLimit}`);
    const maxExtra = common.consensusType() === ConsensusType.ProofOfAuthority ? Number.POSITIVE_INFINITY : 32;
    if (h.extraData.length > maxExtra) {
      throw reject(block, `extra data too long: ${h.extraData.length} bytes, at most ${maxExtra}`);
    }
    if (common.consensusType() === ConsensusType.ProofOfStake && h.number > 0n) {
      if (h.difficulty !== 0n) throw reject(block, `proof-of-stake block with difficulty ${h.difficulty}`);
      if (!equalsBytes(h.nonce, new Uint8Array(8))) throw reject(block, 'proof-of-stake block with a non-zero nonce');
      if (!equalsBytes(h.uncleHash, KECCAK256_RLP_ARRAY)) throw reject(block, 'proof-of-stake block with ommers');
    }
  }

  async validateHeaderAgainstParent(block: Block, parent: Block): Promise<void> {
    const h = block.header;
    const p = parent.header;
    if (h.number !== p.number + 1n) throw reject(block, `number ${h.number} does not follow parent ${p.number}`);
    if (!equalsBytes(h.parentHash, parent.hash())) throw reject(block, 'parent hash does not match the parent');
    if (h.timestamp <= p.timestamp) {
      throw reject(block, `timestamp ${h.timestamp} not after parent timestamp ${p.timestamp}`);
    }
    await check(block, () => h.validateGasLimit(p));
    const common = block.common;
    if (common.isActivatedEIP(1559)) {
      const londonBlock = common.hardforkBlock(Hardfork.London);
      const expected =
        londonBlock === h.number || !p.common.isActivatedEIP(1559)
          ? common.param('initialBaseFee')
          : p.calcNextBaseFee();
      if (h.baseFeePerGas !== expected) throw reject(block, `base fee ${h.baseFeePerGas}, expected ${expected}`);
    }
    if (common.isActivatedEIP(4844)) {
      // Excess blob gas from the parent, blob gas used, and each blob transaction's fee cap
      // against the blob base fee.
      await check(block, () => block.validateBlobTransactions(p));
    }
  }

  async validateBlockPreExecution(block: Block): Promise<void> {
    await check(block, () => block.validateUncles());
    // Signatures, fee caps, tx root, ommers hash, withdrawals root, EIP-7934 block size.
    await check(block, () => block.validateData(false, true, true));
  }

  async validateBlockPostExecution(block: Block, outcomes: TxOutcome[]): Promise<void> {
    if (outcomes.length !== block.transactions.length) {
      throw reject(block, `executed ${outcomes.length} transactions of ${block.transactions.length}`);
    }
  }

  /** Seals nothing: this engine only imports blocks sealed elsewhere. */
  async seal(block: Block): Promise<Block> {
    return block;
  }
}

import { type BlockHeader, cliqueSigner } from '@ethereumjs/block';
import { ConsensusAlgorithm, type Common } from '@ethereumjs/common';
import type { EVMOpts } from '@ethereumjs/evm';

/**
 * EVM options a chain's rules need. On a Clique chain the library's EVM refuses to run without a
 * way to find a block's signer (COINBASE returns the signer, as in geth), so it gets the
 * recovery from `@ethereumjs/block`; other chains need nothing.
 */
export function evmOptsFor(common: Common): { evmOpts?: EVMOpts } {
  if (common.consensusAlgorithm() !== ConsensusAlgorithm.Clique) return {};
  // The EVM hands over the block's header (its type names only the fields it reads itself).
  return { evmOpts: { cliqueSigner: (header) => cliqueSigner(header as BlockHeader) } };
}

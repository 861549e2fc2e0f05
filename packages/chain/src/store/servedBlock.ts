// A devnet serves a block with another state root than the one it was stored with, when state
// setters (anvil_setBalance, ...) changed the state while it was the head (src/dev/headState.ts).
import { Block, type BlockBytes, createBlockHeaderFromBytesArray } from '@ethereumjs/block';
import { equalsBytes } from '@ethereumjs/util';

/**
 * `block` as served with the state root `root`: same hash (cached from the original header, so
 * children still link to it), same body. Its header's stateRoot differs from the stored one,
 * which is the point: every reader of the head (eth_call, the pool, the block builder) opens
 * `root`.
 */
export function withStateRoot(block: Block, root: Uint8Array): Block {
  if (equalsBytes(block.header.stateRoot, root)) return block;
  const raw = block.header.raw();
  raw[3] = root;
  const header = createBlockHeaderFromBytesArray(raw as BlockBytes[0], {
    common: block.common,
    skipConsensusFormatValidation: true,
  });
  (header as unknown as { cache: { hash: Uint8Array | undefined } }).cache.hash = block.hash();
  return new Block(header, block.transactions, block.uncleHeaders, block.withdrawals, { common: block.common });
}

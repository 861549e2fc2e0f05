import type { Block } from '@ethereumjs/block';
import { bytesToHex, equalsBytes } from '@ethereumjs/util';
import { ChainError, ChainErrorCode } from '../errors.ts';
import type { BlockStore } from '../store/blockStore.ts';

/** What fork choice compares: a tip's total difficulty and height. */
export interface ForkWeight {
  td: bigint;
  number: bigint;
}

/**
 * True when `candidate` should replace `head`: a greater total difficulty, or the same total
 * difficulty at a greater height (after the merge every block has difficulty 0, so the longer
 * branch wins). A tie keeps the current head, as geth does, so the first-seen block stays.
 */
export function isHeavier(candidate: ForkWeight, head: ForkWeight): boolean {
  if (candidate.td !== head.td) return candidate.td > head.td;
  return candidate.number > head.number;
}

/** The blocks that leave and join the canonical chain when `newTip` replaces `oldHead`. */
export interface ReorgPath {
  commonAncestor: Block;
  /** Old canonical blocks above the ancestor, oldest first. */
  dropped: Block[];
  /** New canonical blocks above the ancestor, oldest first, ending with `newTip`. */
  added: Block[];
}

/** Walks both branches back to their common ancestor, reading parents from `store`. */
export async function findReorgPath(store: BlockStore, oldHead: Block, newTip: Block): Promise<ReorgPath> {
  const dropped: Block[] = [];
  const added: Block[] = [];
  let a = oldHead;
  let b = newTip;
  const parentOf = async (block: Block): Promise<Block> => {
    const parent = await store.getBlock(block.header.parentHash);
    if (parent === undefined) {
      throw new ChainError(
        { code: ChainErrorCode.CORRUPT_DATABASE, what: `parent of stored block ${bytesToHex(block.hash())}` },
        'corrupt database: a stored block has no stored parent',
      );
    }
    return parent;
  };
  while (a.header.number > b.header.number) {
    dropped.push(a);
    a = await parentOf(a);
  }
  while (b.header.number > a.header.number) {
    added.push(b);
    b = await parentOf(b);
  }
  while (!equalsBytes(a.hash(), b.hash())) {
    dropped.push(a);
    added.push(b);
    a = await parentOf(a);
    b = await parentOf(b);
  }
  return { commonAncestor: a, dropped: dropped.reverse(), added: added.reverse() };
}

// The devnet's view of the head: state setters (anvil_setBalance, ...) change the state that
// 'latest' reads and the next block builds on, without mining. The head then carries a "dev
// state override": the same block (number, hash, transactions) whose header names the new state
// root. The block keeps it once it is no longer the head (the store serves it with that root), so
// a block's state reads the same before and after the next one is mined, as with Anvil, and the
// replay of the next block starts from the state it was built on. Rewinds (evm_revert,
// anvil_reset) move the canonical head back in one batch.
import type { Block } from '@ethereumjs/block';
import { RLP } from '@ethereumjs/rlp';
import { equalsBytes } from '@ethereumjs/util';
import { WriteBatch } from '@basalt/state';
import type { Chain, ChainDevAccess } from '../chain.ts';
import { ChainError, ChainErrorCode } from '../errors.ts';
import type { BlockStore } from '../store/blockStore.ts';
import { META } from '../store/keys.ts';
import { withStateRoot } from '../store/servedBlock.ts';

export { withStateRoot };

/**
 * The state override of a data directory written before per-block state roots (META.devHeadState:
 * RLP [head hash, root]), if it names `headHash`.
 */
export async function readHeadState(store: BlockStore, headHash: Uint8Array): Promise<Uint8Array | undefined> {
  const bytes = await store.getMeta(META.devHeadState);
  if (bytes === undefined) return undefined;
  const [hash, root] = RLP.decode(bytes) as unknown as [Uint8Array, Uint8Array];
  return equalsBytes(hash, headHash) ? root : undefined;
}

/** The head block as the store serves it (with its state root). */
async function servedHead(a: ChainDevAccess): Promise<Block> {
  const block = await a.store.getBlock(a.head.hash());
  if (block === undefined) {
    throw new ChainError({ code: ChainErrorCode.CORRUPT_DATABASE, what: 'head block' }, 'corrupt database: head block');
  }
  return block;
}

/**
 * Queues `root` as the state `block` is served with from now on, also once it is no longer the
 * head (what 'latest' answered while it was, every read of it answers later: eth_getBalance at its
 * number, and the replay of its child by debug_traceTransaction, which starts from it). Undefined,
 * or its stored root: served as stored. Returns the block as served.
 */
async function putOverride(
  a: ChainDevAccess,
  batch: WriteBatch,
  block: Block,
  root: Uint8Array | undefined,
): Promise<Block> {
  const hash = block.hash();
  const stored = await a.store.getStoredStateRoot(hash);
  if (stored === undefined)
    throw new ChainError({ code: ChainErrorCode.CORRUPT_DATABASE, what: 'header' }, 'corrupt database: header');
  a.store.delMeta(batch, META.devHeadState);
  const served = root === undefined || equalsBytes(root, stored) ? undefined : root;
  a.store.putDevStateRoot(batch, hash, served);
  return withStateRoot(block, served ?? stored);
}

/**
 * Makes `root` the state of the head (its trie nodes pending in the state store), persisted in
 * one batch with those nodes, and has the pool re-check its senders against it.
 */
export async function setHeadStateRoot(chain: Chain, root: Uint8Array): Promise<void> {
  await chain.devWrite(async (a) => {
    const head = await servedHead(a);
    const batch = new WriteBatch();
    a.states.flushInto(batch);
    const served = await putOverride(a, batch, head, root);
    await batch.commit(a.db);
    a.setHead(served, a.headTd);
  });
  await chain.txPool.onNewHead(chain.head());
}

/**
 * Moves the canonical head back to `target` (an ancestor of the head, or the head itself) with
 * state `root` (default: the target's own), in one batch: the blocks above it are removed with
 * their canonical and transaction-index entries, the head pointer and the override are written.
 * Returns the removed blocks, lowest first. The pool is left to the caller.
 */
export async function rewindHead(chain: Chain, target: Uint8Array, root?: Uint8Array): Promise<Block[]> {
  return chain.devWrite(async (a) => {
    const block = await a.store.getBlock(target);
    const td = await a.store.getTotalDifficulty(target);
    const canonical = block === undefined ? undefined : await a.store.getCanonicalHash(block.header.number);
    if (block === undefined || td === undefined || canonical === undefined || !equalsBytes(canonical, target)) {
      throw new ChainError({ code: ChainErrorCode.UNKNOWN_BLOCK, hash: `0x${Buffer.from(target).toString('hex')}` });
    }
    const batch = new WriteBatch();
    a.states.flushInto(batch);
    const dropped: Block[] = [];
    for (let n = block.header.number + 1n; n <= a.head.header.number; n++) {
      const hash = await a.store.getCanonicalHash(n);
      const b = hash === undefined ? undefined : await a.store.getBlock(hash);
      if (b === undefined) continue;
      dropped.push(b);
      a.store.deleteCanonical(batch, n);
      a.store.deleteTxIndex(batch, b);
      a.store.deleteBlock(batch, b.hash());
    }
    a.store.putMeta(batch, META.head, target);
    const served = await putOverride(a, batch, block, root);
    await batch.commit(a.db);
    a.setHead(served, td);
    return dropped;
  });
}

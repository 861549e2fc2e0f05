// The devnet's view of the head: state setters (anvil_setBalance, ...) change the state that
// 'latest' reads and the next block builds on, without mining. The head then carries a "dev
// state override": the same block (number, hash, transactions) whose header names the new state
// root. Rewinds (evm_revert, anvil_reset) move the canonical head back in one batch.
import { Block, type BlockBytes, createBlockHeaderFromBytesArray } from '@ethereumjs/block';
import { RLP } from '@ethereumjs/rlp';
import { equalsBytes } from '@ethereumjs/util';
import { WriteBatch } from '@basalt/state';
import type { Chain, ChainDevAccess } from '../chain.ts';
import { ChainError, ChainErrorCode } from '../errors.ts';
import type { BlockStore } from '../store/blockStore.ts';
import { META } from '../store/keys.ts';

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

/** The state override stored for `headHash` (META.devHeadState), if any. */
export async function readHeadState(store: BlockStore, headHash: Uint8Array): Promise<Uint8Array | undefined> {
  const bytes = await store.getMeta(META.devHeadState);
  if (bytes === undefined) return undefined;
  const [hash, root] = RLP.decode(bytes) as unknown as [Uint8Array, Uint8Array];
  return equalsBytes(hash, headHash) ? root : undefined;
}

/** The stored (unoverridden) head block. */
async function storedHead(a: ChainDevAccess): Promise<Block> {
  const block = await a.store.getBlock(a.head.hash());
  if (block === undefined) {
    throw new ChainError({ code: ChainErrorCode.CORRUPT_DATABASE, what: 'head block' }, 'corrupt database: head block');
  }
  return block;
}

function putOverride(a: ChainDevAccess, batch: WriteBatch, head: Block, root: Uint8Array | undefined): Block {
  if (root === undefined || equalsBytes(root, head.header.stateRoot)) {
    a.store.delMeta(batch, META.devHeadState);
    return head;
  }
  a.store.putMeta(batch, META.devHeadState, RLP.encode([head.hash(), root]));
  return withStateRoot(head, root);
}

/**
 * Makes `root` the state of the head (its trie nodes pending in the state store), persisted in
 * one batch with those nodes, and has the pool re-check its senders against it.
 */
export async function setHeadStateRoot(chain: Chain, root: Uint8Array): Promise<void> {
  await chain.devWrite(async (a) => {
    const head = await storedHead(a);
    const batch = new WriteBatch();
    a.states.flushInto(batch);
    const served = putOverride(a, batch, head, root);
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
    const served = putOverride(a, batch, block, root);
    await batch.commit(a.db);
    a.setHead(served, td);
    return dropped;
  });
}

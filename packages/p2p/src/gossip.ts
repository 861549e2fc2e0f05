// Gossip validation (H12): chain decides whether a block or transaction is valid; this file maps
// the outcome to gossipsub's accept / ignore / reject and to a peer action.
import type { Block } from '@ethereumjs/block';
import { isBasaltError } from '@basalt/common';
import { ChainErrorCode } from '@basalt/chain';
import { createTxFromRLP, type TypedTransaction } from '@ethereumjs/tx';
import { MAX_BLOCK_BYTES, MAX_TX_BYTES } from './constants.ts';
import { PeerAction, type P2PChain, type P2PDeps } from './types.ts';
import { decodeBlock } from './wire.ts';

/** What gossipsub is told to do with a message (the values of its TopicValidatorResult). */
export enum GossipAction {
  /** Valid: deliver and forward. */
  ACCEPT = 'accept',
  /** Not forwarded, no blame (already known, parent unknown, too late). */
  IGNORE = 'ignore',
  /** Invalid: not forwarded, and the sender is penalised. */
  REJECT = 'reject',
}

export interface GossipOutcome {
  action: GossipAction;
  /** Set on REJECT (and on IGNORE that still costs the peer a little). */
  penalty?: PeerAction;
  reason: string;
  /** The decoded block, once it decoded. */
  block?: Block;
  /** The parent is unknown: the node should sync from the sender. */
  unknownParent?: boolean;
}

/**
 * Checks a gossiped block: cheap first (size, decoding, already known, the engine's header check,
 * parent known), then the full import by chain, which executes it. Only an imported block is
 * accepted (and so forwarded).
 */
export async function validateGossipBlock(
  data: Uint8Array,
  chain: P2PChain,
  engine: P2PDeps['engine'],
  beforeImport: (block: Block) => void = () => undefined,
): Promise<GossipOutcome> {
  if (data.length > MAX_BLOCK_BYTES) {
    return { action: GossipAction.REJECT, penalty: PeerAction.LOW_TOLERANCE, reason: 'block too large' };
  }
  let block: Block;
  try {
    block = decodeBlock('gossip block', data, chain.common);
  } catch (err) {
    return { action: GossipAction.REJECT, penalty: PeerAction.LOW_TOLERANCE, reason: (err as Error).message };
  }
  if ((await chain.getBlock(block.hash())) !== undefined) {
    return { action: GossipAction.IGNORE, reason: 'known block', block };
  }
  if (engine !== undefined) {
    try {
      await engine.validateHeader(block);
    } catch (err) {
      return { action: GossipAction.REJECT, penalty: PeerAction.LOW_TOLERANCE, reason: (err as Error).message, block };
    }
  }
  if ((await chain.getBlock(block.header.parentHash)) === undefined) {
    return { action: GossipAction.IGNORE, reason: 'unknown parent', block, unknownParent: true };
  }
  beforeImport(block);
  try {
    const status = await chain.importBlock(block);
    return { action: GossipAction.ACCEPT, reason: status, block };
  } catch (err) {
    if (isBasaltError(err)) {
      if (err.code === ChainErrorCode.INVALID_BLOCK) {
        return { action: GossipAction.REJECT, penalty: PeerAction.LOW_TOLERANCE, reason: err.message, block };
      }
      if (err.code === ChainErrorCode.UNKNOWN_PARENT) {
        return { action: GossipAction.IGNORE, reason: 'unknown parent', block, unknownParent: true };
      }
    }
    return { action: GossipAction.IGNORE, reason: (err as Error).message, block };
  }
}

export interface TxOutcome {
  action: GossipAction;
  penalty?: PeerAction;
  reason: string;
  tx?: TypedTransaction;
}

/**
 * Checks a gossiped transaction by adding it to the pool. Bytes that are not a signed transaction
 * of this chain are rejected; anything the pool refuses (known, nonce too low, underpriced, pool
 * full) is ignored without blame, as it may be valid for a node with another view.
 */
export async function validateGossipTx(
  data: Uint8Array,
  chain: P2PChain,
  beforeAdd: (tx: TypedTransaction) => void,
): Promise<TxOutcome> {
  if (data.length > MAX_TX_BYTES) {
    return { action: GossipAction.REJECT, penalty: PeerAction.LOW_TOLERANCE, reason: 'transaction too large' };
  }
  let tx: TypedTransaction;
  try {
    tx = createTxFromRLP(data, { common: chain.head().common });
    if (!tx.isSigned()) throw new RangeError('unsigned');
    tx.getSenderAddress();
  } catch (err) {
    return {
      action: GossipAction.REJECT,
      penalty: PeerAction.LOW_TOLERANCE,
      reason: `not a transaction: ${(err as Error).message.split('\n')[0]}`,
    };
  }
  if (chain.txPool.getByHash(tx.hash()) !== undefined) return { action: GossipAction.IGNORE, reason: 'known', tx };
  beforeAdd(tx);
  try {
    await chain.txPool.add(tx);
    return { action: GossipAction.ACCEPT, reason: 'added', tx };
  } catch (err) {
    return { action: GossipAction.IGNORE, reason: (err as Error).message, tx };
  }
}

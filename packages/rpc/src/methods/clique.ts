import type { ChainApi } from '@basalt/chain';
import type { Block } from '@ethereumjs/block';
import { ServerError } from '../errors.ts';
import type { RpcModule } from '../types.ts';
import { address, bool, type BlockId, blockNumberOrTag, hash, optional } from '../validation.ts';

/**
 * What the `clique_` namespace needs of a Clique node (geth's clique API). apps/node passes the
 * chain's `CliqueEngine`, which has this shape; results are JSON-ready.
 */
export interface CliqueControl {
  /** The snapshot (signers, recents, votes, tally) at a stored block, in geth's JSON. */
  getSnapshot(block: { number: bigint; hash: Uint8Array }): Promise<{ signers: Record<string, unknown> }>;
  /** Makes this node's validator vote to add (`authorize`) or drop `address` when it seals. */
  propose(address: string, authorize: boolean): void;
  /** Stops voting on `address`. */
  discard(address: string): void;
  /** The open proposals: address → add (true) or drop (false). */
  getProposals(): Record<string, boolean>;
  /** Sealing activity over the last 64 blocks up to `head`. */
  status(head: { number: bigint; hash: Uint8Array }): Promise<Record<string, unknown>>;
}

/**
 * clique_getSnapshot, clique_getSnapshotAtHash, clique_getSigners, clique_getSignersAtHash,
 * clique_propose, clique_discard, clique_proposals, clique_status, as geth served them
 * (an unknown block is -32000 "unknown block").
 */
export function createCliqueModule(chain: Pick<ChainApi, 'getBlock'>, clique: CliqueControl): RpcModule {
  const at = async (id: BlockId | Uint8Array | undefined): Promise<Block> => {
    let block: Block | undefined;
    if (id instanceof Uint8Array) block = await chain.getBlock(id);
    else if (id === undefined) block = await chain.getBlock('latest');
    else if (id.kind === 'tag') block = await chain.getBlock(id.tag);
    else if (id.kind === 'number') block = await chain.getBlock(id.number);
    else block = await chain.getBlock(id.hash);
    if (block === undefined) throw new ServerError('unknown block');
    return block;
  };
  const snapshot = async (id: BlockId | Uint8Array | undefined) => {
    const block = await at(id);
    return clique.getSnapshot({ number: block.header.number, hash: block.hash() });
  };
  const signers = async (id: BlockId | Uint8Array | undefined) => Object.keys((await snapshot(id)).signers);
  return {
    namespace: 'clique',
    methods: {
      clique_getSnapshot: { params: [optional(blockNumberOrTag)], handler: ([id]: [BlockId?]) => snapshot(id) },
      clique_getSnapshotAtHash: { params: [hash], handler: ([h]: [Uint8Array]) => snapshot(h) },
      clique_getSigners: { params: [optional(blockNumberOrTag)], handler: ([id]: [BlockId?]) => signers(id) },
      clique_getSignersAtHash: { params: [hash], handler: ([h]: [Uint8Array]) => signers(h) },
      clique_propose: {
        params: [address, bool],
        handler: ([a, auth]: [{ toString(): string }, boolean]) => {
          clique.propose(a.toString(), auth);
          return null;
        },
      },
      clique_discard: {
        params: [address],
        handler: ([a]: [{ toString(): string }]) => {
          clique.discard(a.toString());
          return null;
        },
      },
      clique_proposals: { params: [], handler: () => clique.getProposals() },
      clique_status: {
        params: [],
        handler: async () => {
          const head = await at(undefined);
          return clique.status({ number: head.header.number, hash: head.hash() });
        },
      },
    },
  };
}

// A full node on a Clique chain: the engine from the genesis' `config.clique` (with the validator
// key when one is given), a CliqueProducer that seals while the node is caught up, and the
// clique_ rpc namespace. `basalt start` passes these deps to createFullNode.
import {
  type CliqueEngine,
  type CliqueSigner,
  type ConsensusEngine,
  createCliqueEngine,
  createCliqueProducer,
  type GethGenesis,
} from '@basalt/chain';
import { createCliqueModule } from '@basalt/rpc';
import type { EngineContext } from '../commands/chainStore.ts';
import { NodeError, NodeErrorCode } from '../errors.ts';
import type { BlockProducer, FullNodeDeps, FullNodeParts } from '../createFullNode.ts';

/** True when the genesis runs Clique (geth's `config.clique`). */
export function isCliqueGenesis(genesis: GethGenesis): boolean {
  return genesis.config.clique !== undefined && genesis.config.clique !== null;
}

/** The Clique engine of `genesis` over the node's stored headers; it seals with `signer` when given. */
export function cliqueEngineFor(genesis: GethGenesis, ctx: EngineContext, signer?: CliqueSigner): CliqueEngine {
  const clique = genesis.config.clique ?? {};
  return createCliqueEngine(
    { headers: ctx.headers, db: ctx.db },
    {
      ...(clique.period !== undefined ? { period: clique.period } : {}),
      ...(clique.epoch !== undefined ? { epoch: clique.epoch } : {}),
      ...(signer !== undefined ? { signer } : {}),
    },
  );
}

function isClique(engine: ConsensusEngine): engine is CliqueEngine {
  return engine.name === 'clique' && 'signerAddress' in engine;
}

/** How long a validator with bootnodes listens to its first peers before it seals (ms). */
export const SEAL_SETTLE_MS = 1_500;

/**
 * When a validator may seal: not while a sync run is under way, and, on a node that has
 * bootnodes, not before peers have been connected for SEAL_SETTLE_MS (a validator restarted
 * behind its network would otherwise seal a stale branch before it hears of the heavier one,
 * or seal an empty block before its peers' pending transactions have reached its pool).
 */
export function sealingGate(
  parts: Pick<FullNodeParts, 'p2p'>,
  hasBootnodes: boolean,
  settleMs = SEAL_SETTLE_MS,
  now: () => number = Date.now,
): () => boolean {
  let connectedSince: number | undefined;
  return () => {
    if (parts.p2p.syncStatus() !== false) return false;
    if (!hasBootnodes) return true;
    if (parts.p2p.peerCount() === 0) {
      connectedSince = undefined;
      return false;
    }
    connectedSince ??= now();
    return now() - connectedSince >= settleMs;
  };
}

/**
 * createFullNode deps for a Clique-aware node: the engine the genesis implies (Clique with
 * `signer`, else `fallback`'s), a sealer when there is a signer, clique_ methods on a Clique chain.
 */
export function cliqueNodeDeps(opts: {
  signer?: CliqueSigner | undefined;
  hasBootnodes: boolean;
  fallback: (genesis: GethGenesis, ctx: EngineContext) => ConsensusEngine;
}): Pick<FullNodeDeps, 'engine' | 'producer' | 'rpcModules'> {
  const { signer } = opts;
  return {
    engine: (genesis, ctx) => {
      if (isCliqueGenesis(genesis)) return cliqueEngineFor(genesis, ctx, signer);
      if (signer !== undefined) {
        throw new NodeError(
          { code: NodeErrorCode.INVALID_CONFIG, field: 'validator-key' },
          '--validator-key needs a Clique genesis (config.clique); this chain has none',
        );
      }
      return opts.fallback(genesis, ctx);
    },
    producer: (parts): BlockProducer => {
      const { engine, chain, logger } = parts;
      if (!isClique(engine) || engine.signerAddress() === undefined)
        return { start: async () => {}, stop: async () => {} };
      return createCliqueProducer({
        chain,
        executor: chain.executor,
        pool: chain.txPool,
        engine,
        shouldSeal: sealingGate(parts, opts.hasBootnodes),
        logger,
      });
    },
    rpcModules: ({ chain, engine }) => (isClique(engine) ? [createCliqueModule(chain, engine)] : []),
  };
}

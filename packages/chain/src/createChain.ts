import type { Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { bytesToBigInt, bytesToHex, equalsBytes, intToBytes } from '@ethereumjs/util';
import { type Database, sublevel, WriteBatch } from '@basalt/state';
import { Chain, corrupt } from './chain.ts';
import { type GethGenesis, parseGenesis } from './config.ts';
import { ChainError, ChainErrorCode } from './errors.ts';
import { readHeadState, withStateRoot } from './dev/headState.ts';
import { buildGenesis } from './genesis.ts';
import { defaultChainOpts } from './options.ts';
import { BlockStore } from './store/blockStore.ts';
import { META, SUBLEVELS } from './store/keys.ts';
import type { ChainDeps, ChainOpts } from './types.ts';

const hex = bytesToHex;

/**
 * Opens the chain on `deps.db`. On an empty database it writes the genesis of `opts.genesis`
 * (block and state in one batch); on a used one it checks that genesis against the stored one
 * (GENESIS_MISMATCH) and restores head, safe and finalized.
 */
export async function createChain(deps: ChainDeps, opts: ChainOpts = {}): Promise<Chain> {
  const meta = sublevel(deps.db, SUBLEVELS.meta);
  const storedGenesisHash = await meta.get(META.genesis);
  const storedSectionSize = await meta.get(META.bloomSectionSize);
  const sectionSize =
    storedSectionSize !== undefined
      ? Number(bytesToBigInt(storedSectionSize))
      : (opts.bloomSectionSize ?? defaultChainOpts.bloomSectionSize);
  const store = new BlockStore(deps.db, deps.common, {
    blockCacheSize: opts.blockCacheSize ?? defaultChainOpts.blockCacheSize,
    receiptsCacheSize: opts.receiptsCacheSize ?? defaultChainOpts.receiptsCacheSize,
    blockCacheTxs: opts.blockCacheTxs ?? defaultChainOpts.blockCacheTxs,
    receiptsCacheTxs: opts.receiptsCacheTxs ?? defaultChainOpts.receiptsCacheTxs,
    bloomSectionSize: sectionSize,
  });

  if (storedGenesisHash === undefined) {
    if (opts.genesis === undefined) {
      throw new ChainError(
        {
          code: ChainErrorCode.INVALID_GENESIS,
          field: 'genesis',
          reason: 'the database is empty and no genesis was given',
        },
        'no genesis: the database is empty and no genesis was given',
      );
    }
    const genesisSpec = parseGenesis(opts.genesis);
    const genesis = await buildGenesis(genesisSpec, deps.common, deps.states);
    const td = genesis.header.difficulty;
    const batch = new WriteBatch();
    deps.states.flushInto(batch);
    store.putBlock(batch, genesis, [], td);
    await store.putCanonical(batch, genesis);
    store.putMeta(batch, META.head, genesis.hash());
    store.putMeta(batch, META.genesis, genesis.hash());
    store.putMeta(batch, META.genesisJSON, new TextEncoder().encode(JSON.stringify(genesisSpec)));
    store.putMeta(batch, META.bloomSectionSize, intToBytes(sectionSize));
    await batch.commit(deps.db);
    setForkHashes(deps.common, genesis.hash());
    return new Chain(deps, store, genesis, { block: genesis, td }, opts);
  }

  if (opts.genesis !== undefined) {
    const spec = parseGenesis(opts.genesis);
    const storedJSON = await meta.get(META.genesisJSON);
    const storedChainId =
      storedJSON === undefined ? undefined : String(parseGenesis(new TextDecoder().decode(storedJSON)).config.chainId);
    if (storedChainId !== undefined && storedChainId !== String(spec.config.chainId)) {
      throw new ChainError(
        {
          code: ChainErrorCode.GENESIS_MISMATCH,
          field: 'chainId',
          stored: storedChainId,
          configured: String(spec.config.chainId),
        },
        `genesis mismatch: the database holds chain id ${storedChainId}, the configuration gives ${spec.config.chainId}`,
      );
    }
    const configured = await buildGenesis(spec, deps.common, deps.states);
    // The configured genesis state is already stored when the hashes match; drop the copies.
    deps.states.discardPending();
    if (!equalsBytes(configured.hash(), storedGenesisHash)) {
      throw new ChainError(
        {
          code: ChainErrorCode.GENESIS_MISMATCH,
          field: 'hash',
          stored: hex(storedGenesisHash),
          configured: hex(configured.hash()),
        },
        `genesis mismatch: the database holds ${hex(storedGenesisHash)}, the configuration gives ${hex(configured.hash())}`,
      );
    }
  }
  const genesis = await store.getBlock(storedGenesisHash);
  if (genesis === undefined) throw corrupt('genesis block');
  // A devnet's per-block state roots (src/dev/headState.ts) survive a restart.
  await store.loadDevStateRoots();
  const headHash = await meta.get(META.head);
  const headBlock = headHash === undefined ? undefined : await store.getBlock(headHash);
  const headTd = headHash === undefined ? undefined : await store.getTotalDifficulty(headHash);
  if (headBlock === undefined || headTd === undefined) throw corrupt('head block');
  // The head override of a data directory from before per-block state roots.
  const devRoot = await readHeadState(store, headBlock.hash());
  const head: { block: Block; td: bigint; safe?: Uint8Array; finalized?: Uint8Array } = {
    block: devRoot === undefined ? headBlock : withStateRoot(headBlock, devRoot),
    td: headTd,
  };
  const safe = await meta.get(META.safe);
  const finalized = await meta.get(META.finalized);
  if (safe !== undefined) head.safe = safe;
  if (finalized !== undefined) head.finalized = finalized;
  setForkHashes(deps.common, storedGenesisHash);
  return new Chain(deps, store, genesis, head, opts);
}

/** The genesis a database was created with, as written by `createChain`; undefined for an empty database. */
export async function readStoredGenesis(db: Database): Promise<GethGenesis | undefined> {
  const bytes = await sublevel(db, SUBLEVELS.meta).get(META.genesisJSON);
  return bytes === undefined ? undefined : parseGenesis(new TextDecoder().decode(bytes));
}

function setForkHashes(common: Common, genesisHash: Uint8Array): void {
  try {
    common.setForkHashes(genesisHash);
  } catch {
    // Fork hashes only serve the fork id (eth_config, p2p); a chain without them still works.
  }
}

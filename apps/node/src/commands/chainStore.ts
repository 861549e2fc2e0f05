// What `basalt init`, `basalt import` and `basalt export` share: the chain in a data directory,
// opened with the trusted-seal engine (seals and the beacon chain are trusted, execution is
// checked) and the node's KZG backend, and the file format of `geth export`.
import { readFile } from 'node:fs/promises';
import type { BlockHeader } from '@ethereumjs/block';
import type { Logger } from '@basalt/common';
import {
  type Chain,
  type ConsensusEngine,
  createChain,
  createChainConfig,
  type GethGenesis,
  readStoredGenesis,
  TrustedSealEngine,
} from '@basalt/chain';
import { createExecutor } from '@basalt/execution';
import { createStateStore, type Database, openDatabase } from '@basalt/state';
import { NodeError, NodeErrorCode } from '../errors.ts';
import { nodeCustomCrypto } from '../kzg.ts';

export interface OpenedChain {
  chain: Chain;
  db: Database;
  genesis: GethGenesis;
  /** The engine the chain checks blocks with. */
  engine: ConsensusEngine;
  close(): Promise<void>;
}

/**
 * What an engine factory gets besides the genesis: the node's database (e.g. for Clique's
 * snapshots) and the chain's stored headers, bound once the chain exists (read lazily).
 */
export interface EngineContext {
  db: Database;
  headers: { getHeader(hash: Uint8Array): Promise<BlockHeader | undefined> };
}

/**
 * Opens the chain stored in `dataDir`. With `genesis` an empty directory is initialised with it
 * (and a used one checked against it); without it the directory must have been initialised.
 */
export async function openChainStore(
  dataDir: string,
  opts: {
    genesis?: GethGenesis;
    logger?: Logger;
    /** The consensus engine, or a factory given the chain's genesis. Default: {@link TrustedSealEngine}. */
    engine?: ConsensusEngine | ((genesis: GethGenesis, ctx: EngineContext) => ConsensusEngine);
  } = {},
): Promise<OpenedChain> {
  const db = await openDatabase({ path: dataDir });
  try {
    const genesis = opts.genesis ?? (await readStoredGenesis(db));
    if (genesis === undefined) {
      throw new NodeError(
        { code: NodeErrorCode.INVALID_CONFIG, field: 'data-dir' },
        `${dataDir} holds no chain: run \`basalt init --genesis FILE --data-dir ${dataDir}\` first`,
      );
    }
    const { common } = createChainConfig(genesis, { customCrypto: nodeCustomCrypto() });
    const logger = opts.logger;
    const states = await createStateStore({ db, ...(logger ? { logger: logger.child({ module: 'state' }) } : {}) });
    let chainRef: Chain | undefined;
    const ctx: EngineContext = { db, headers: { getHeader: async (hash) => chainRef?.store.getHeader(hash) } };
    const engine =
      opts.engine === undefined
        ? new TrustedSealEngine()
        : typeof opts.engine === 'function'
          ? opts.engine(genesis, ctx)
          : opts.engine;
    const executor = await createExecutor({
      common,
      states,
      blockHashes: { getBlockHash: async (n) => chainRef?.getCanonicalHash(n) },
      ...(logger ? { logger: logger.child({ module: 'execution' }) } : {}),
    });
    const chain = await createChain(
      {
        db,
        states,
        executor,
        common,
        engine,
        ...(logger ? { logger: logger.child({ module: 'chain' }) } : {}),
      },
      { genesis },
    );
    chainRef = chain;
    return {
      chain,
      db,
      genesis,
      engine,
      async close() {
        await chain.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Reads and parses a JSON file, with the path in the error. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: path },
      `cannot read ${path}: ${(err as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: path },
      `${path} is not JSON: ${(err as Error).message}`,
    );
  }
}

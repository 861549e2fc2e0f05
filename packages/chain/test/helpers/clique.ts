import { type Block, createBlockFromBytesArray, createBlockHeaderFromBytesArray } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import {
  type Address,
  concatBytes,
  createAddressFromPrivateKey,
  createZeroAddress,
  hexToBytes,
} from '@ethereumjs/util';
import { createExecutor, type Executor } from '@basalt/execution';
import { createStateStore, type Database, openDatabase } from '@basalt/state';
import {
  type Chain,
  type CliqueEngine,
  CliqueSigner,
  cliqueCheckpointExtraData,
  cliqueGenesis,
  createChain,
  createChainConfig,
  createCliqueEngine,
  type GethGenesis,
  NONCE_DROP,
} from '../../src/index.ts';
import { DEV_ADDRESS, DEV_ADDRESS_1, DEV_KEY, DEV_KEY_1 } from './keys.ts';

/** Hardhat's public dev keys #0-#4 (never use on a real network). */
export const KEYS = [
  DEV_KEY,
  DEV_KEY_1,
  hexToBytes('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'),
  hexToBytes('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'),
  hexToBytes('0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a'),
];
export const SIGNERS = KEYS.map((k) => new CliqueSigner(k));
export const ADDRESSES: Address[] = KEYS.map((k) => createAddressFromPrivateKey(k));

/** A Clique genesis with the first `validators` dev keys as signers and the two first keys funded. */
export function cliqueTestGenesis(opts: { validators?: number; period?: number; epoch?: number } = {}): GethGenesis {
  return cliqueGenesis({
    accounts: [DEV_ADDRESS.toString(), DEV_ADDRESS_1.toString()],
    signers: ADDRESSES.slice(0, opts.validators ?? 3).map((a) => a.toString()),
    period: opts.period ?? 1,
    epoch: opts.epoch ?? 30_000,
  });
}

export interface CliqueNode {
  chain: Chain;
  engine: CliqueEngine;
  executor: Executor;
  db: Database;
  close(): Promise<void>;
}

/** A chain with the Clique engine (and `signer`'s key when given), in memory or at `path`. */
export async function openCliqueNode(
  genesis: GethGenesis,
  opts: { signer?: CliqueSigner; path?: string; now?: () => number } = {},
): Promise<CliqueNode> {
  const config = createChainConfig(genesis);
  const db = await openDatabase(opts.path !== undefined ? { path: opts.path } : {});
  const states = await createStateStore({ db });
  let chain: Chain | undefined;
  const executor = await createExecutor({
    common: config.common,
    states,
    blockHashes: { getBlockHash: async (n) => chain?.getBlockHash(n) },
  });
  const engine = createCliqueEngine(
    { headers: { getHeader: async (hash) => chain?.store.getHeader(hash) }, db },
    {
      period: config.clique?.period,
      epoch: config.clique?.epoch,
      ...(opts.signer !== undefined ? { signer: opts.signer } : {}),
      ...(opts.now !== undefined ? { now: opts.now } : {}),
    },
  );
  chain = await createChain({ db, states, executor, common: config.common, engine }, { genesis });
  const c = chain;
  return {
    chain: c,
    engine,
    executor,
    db,
    async close() {
      await c.close();
      await db.close();
    },
  };
}

export interface SealOpts {
  difficulty?: bigint;
  timestamp?: bigint;
  coinbase?: Address;
  nonce?: Uint8Array;
  txs?: TypedTransaction[];
  /** extraData before sealing; default vanity + seal space (or the checkpoint list). */
  extraData?: Uint8Array;
  mixHash?: Uint8Array;
}

/**
 * Builds a block on `parent` in `node` (executed there, not stored) and seals it with `signer`,
 * in turn (difficulty 2) when the snapshot says so unless `difficulty` is given.
 */
export async function sealedBlock(node: CliqueNode, parent: Block, signer: CliqueSigner, o: SealOpts = {}) {
  const snap = await node.engine.snapshot(parent.header.number, parent.hash());
  const number = parent.header.number + 1n;
  const difficulty = o.difficulty ?? (snap.inturn(number, signer.address.toString()) ? 2n : 1n);
  const checkpoint = number % node.engine.epoch === 0n;
  const extraData =
    o.extraData ??
    (checkpoint ? cliqueCheckpointExtraData(snap.signers()) : concatBytes(new Uint8Array(32), new Uint8Array(65)));
  const built = await node.executor.buildBlock({
    parent,
    txs: o.txs ?? [],
    template: {
      timestamp: o.timestamp ?? parent.header.timestamp + BigInt(node.engine.period),
      coinbase: o.coinbase ?? createZeroAddress(),
      extraData,
      difficulty,
      prevRandao: o.mixHash ?? new Uint8Array(32),
      extra: { nonce: o.nonce ?? NONCE_DROP },
      sealHeader: (header) => signer.sealExtraData(header),
    },
  });
  const sealer = createCliqueEngine({ headers: { getHeader: async () => undefined } }, { signer });
  return { built, block: await sealer.seal(built.block) };
}

/** Builds, seals and stores a block on `node`'s head; returns it. */
export async function extend(node: CliqueNode, signer: CliqueSigner, o: SealOpts = {}): Promise<Block> {
  const { built, block } = await sealedBlock(node, node.chain.head(), signer, o);
  await node.chain.commitBuiltBlock({ ...built, block });
  return block;
}

/**
 * `block` with its header changed by `mutate` (on the raw header list: 2 coinbase, 7 difficulty,
 * 12 extraData, 13 mixHash, 14 nonce, ...) and sealed again by `signer`, without the library's
 * format checks: a block an honest builder cannot make, for the engine to refuse.
 */
export function tampered(block: Block, signer: CliqueSigner, mutate: (header: Uint8Array[]) => void): Block {
  const raw = block.raw();
  const header = [...raw[0]] as Uint8Array[];
  mutate(header);
  const opts = { common: block.common, skipConsensusFormatValidation: true, freeze: false } as const;
  header[12] = signer.sealExtraData(createBlockHeaderFromBytesArray(header, opts));
  return createBlockFromBytesArray([header, ...raw.slice(1)] as typeof raw, opts);
}

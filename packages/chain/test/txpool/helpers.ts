// Real components for the pool, miner and engine tests: an in-memory database and state store
// from @basalt/state, genesis with the ten dev accounts, signed transactions from the well-known
// dev keys, and a small executor over @ethereumjs/vm with execution's contract (validateTx,
// buildBlock) used until @basalt/execution exports its own.
import { EventEmitter } from 'node:events';
import {
  openDatabase,
  type Database,
  type StateStore,
  WriteBatch,
  buildGenesisState,
  createStateStore,
} from '@basalt/state';
import type { BuildBlockInput, BuiltBlock, Executor, SkippedTx } from '@basalt/execution';
import { type Block, createBlock } from '@ethereumjs/block';
import { type Common, createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { createFeeMarket1559Tx, createLegacyTx, type TypedTransaction } from '@ethereumjs/tx';
import { Account, type Address, bytesToHex, createAddressFromPrivateKey, hexToBytes } from '@ethereumjs/util';
import { buildBlock, createVM } from '@ethereumjs/vm';

/** The first ten accounts of "test test ... junk" (Hardhat's and Anvil's dev accounts). */
export const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
].map((k) => hexToBytes(k as `0x${string}`));

export const DEV_ADDRESSES: Address[] = DEV_KEYS.map((k) => createAddressFromPrivateKey(k));

export const GWEI = 1_000_000_000n;
export const ETHER = 10n ** 18n;
export const RECIPIENT = DEV_ADDRESSES[9] as Address;

export function devCommon(): Common {
  return createCustomCommon({ chainId: 31337 }, Mainnet, { hardfork: Hardfork.Cancun });
}

export interface TransferOpts {
  nonce: bigint | number;
  to?: Address;
  value?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  gasLimit?: bigint;
  /** Legacy transaction with this gas price instead of EIP-1559. */
  gasPrice?: bigint;
}

/** A signed transfer from dev account `from` (index into DEV_KEYS). */
export function transfer(common: Common, from: number, o: TransferOpts): TypedTransaction {
  const key = DEV_KEYS[from] as Uint8Array;
  const base = { nonce: BigInt(o.nonce), to: o.to ?? RECIPIENT, value: o.value ?? 1n, gasLimit: o.gasLimit ?? 21_000n };
  if (o.gasPrice !== undefined) return createLegacyTx({ ...base, gasPrice: o.gasPrice }, { common }).sign(key);
  return createFeeMarket1559Tx(
    { ...base, maxFeePerGas: o.maxFeePerGas ?? 10n * GWEI, maxPriorityFeePerGas: o.maxPriorityFeePerGas ?? GWEI },
    { common },
  ).sign(key);
}

/** Fisher-Yates with a fixed seed, so failures replay. */
export function shuffle<T>(items: T[], seed = 1): T[] {
  let s = seed;
  const rnd = () => {
    s = (s * 1_103_515_245 + 12_345) & 0x7fffffff;
    return s / 0x80000000;
  };
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

class TxRejected extends Error {}

/**
 * A small executor with @basalt/execution's contract, over @ethereumjs/vm: enough for the pool and
 * miner tests (geth-worded validateTx; buildBlock that skips what does not fit).
 */
export class TestExecutor implements Pick<Executor, 'validateTx' | 'buildBlock'> {
  readonly common: Common;
  private readonly states: StateStore;
  private cached: { root: string; sm: Promise<MerkleStateManager> } | undefined;

  constructor(common: Common, states: StateStore) {
    this.common = common;
    this.states = states;
  }

  /** A state manager at `block`'s post-state, shared per root (reads only). */
  stateAt(block: Block): Promise<MerkleStateManager> {
    const root = bytesToHex(block.header.stateRoot);
    if (this.cached?.root !== root) this.cached = { root, sm: this.states.openAt(block.header.stateRoot) };
    return this.cached.sm;
  }

  async getAccount(address: Address, head: Block): Promise<{ nonce: bigint; balance: bigint }> {
    const acc = await (await this.stateAt(head)).getAccount(address);
    return { nonce: acc?.nonce ?? 0n, balance: acc?.balance ?? 0n };
  }

  async validateTx(
    tx: TypedTransaction,
    head: Block,
    opts: { nextBaseFee?: bigint; allowFutureNonce?: boolean } = {},
  ): Promise<void> {
    const acc = await this.getAccount(tx.getSenderAddress(), head);
    if (tx.nonce < acc.nonce) throw new TxRejected('nonce too low');
    if (opts.allowFutureNonce !== true && tx.nonce > acc.nonce) throw new TxRejected('nonce too high');
    if (tx.gasLimit < tx.getIntrinsicGas()) throw new TxRejected('intrinsic gas too low');
    if (tx.gasLimit > head.header.gasLimit) throw new TxRejected('exceeds block gas limit');
    const feeCap = 'maxFeePerGas' in tx ? tx.maxFeePerGas : tx.gasPrice;
    const baseFee = opts.nextBaseFee ?? head.header.calcNextBaseFee();
    if (feeCap < baseFee) throw new TxRejected('max fee per gas less than block base fee');
    if (tx.gasLimit * feeCap + tx.value > acc.balance)
      throw new TxRejected('insufficient funds for gas * price + value');
  }

  async buildBlock(input: BuildBlockInput): Promise<BuiltBlock> {
    const { parent, template } = input;
    const sm = await this.states.openAt(parent.header.stateRoot);
    const vm = await createVM({ common: this.common.copy(), stateManager: sm });
    const builder = await buildBlock(vm, {
      parentBlock: parent,
      headerData: {
        number: parent.header.number + 1n,
        timestamp: template.timestamp,
        coinbase: template.coinbase,
        gasLimit: template.gasLimit ?? parent.header.gasLimit,
        ...(template.extraData !== undefined ? { extraData: template.extraData } : {}),
        ...(template.baseFeePerGas !== undefined ? { baseFeePerGas: template.baseFeePerGas } : {}),
        parentBeaconBlockRoot: new Uint8Array(32),
      },
      blockOpts: { putBlockIntoBlockchain: false },
    });
    const skipped: SkippedTx[] = [];
    const gasLimit = template.gasLimit ?? parent.header.gasLimit;
    let included = 0;
    for (const tx of input.txs) {
      if (input.maxTxs !== undefined && included >= input.maxTxs) break;
      if (builder.gasUsed + tx.gasLimit > gasLimit) {
        skipped.push({ tx, error: new TxRejected('gas limit reached') });
        continue;
      }
      const acc = await sm.getAccount(tx.getSenderAddress());
      const nonce = acc?.nonce ?? 0n;
      if (tx.nonce !== nonce) {
        skipped.push({ tx, error: new TxRejected(tx.nonce < nonce ? 'nonce too low' : 'nonce too high') });
        continue;
      }
      try {
        await builder.addTransaction(tx);
        included++;
      } catch (error) {
        skipped.push({ tx, error: error as Error });
      }
    }
    const { block } = await builder.build();
    return { block, outcomes: [], skipped };
  }
}

export interface ChainLike {
  head(): Block;
  commitBuiltBlock(built: BuiltBlock): Promise<void>;
}

/**
 * The smallest chain the miner needs: a head, and a commit that writes the state in one batch,
 * moves the head and emits `newHead` (as the facade does).
 */
export class TestChain implements ChainLike {
  readonly events = new EventEmitter<{ newHead: [Block] }>();
  readonly blocks: Block[];
  private readonly db: Database;
  private readonly states: StateStore;

  constructor(db: Database, states: StateStore, genesis: Block) {
    this.db = db;
    this.states = states;
    this.blocks = [genesis];
  }

  head(): Block {
    return this.blocks[this.blocks.length - 1] as Block;
  }

  async commitBuiltBlock(built: BuiltBlock): Promise<void> {
    const batch = new WriteBatch();
    this.states.flushInto(batch);
    await batch.commit(this.db);
    this.blocks.push(built.block);
    this.events.emit('newHead', built.block);
  }
}

export interface DevSetup {
  common: Common;
  db: Database;
  states: StateStore;
  executor: TestExecutor;
  genesis: Block;
  chain: TestChain;
  close(): Promise<void>;
}

/** Genesis with 10 000 ETH for each dev account, a 30M gas limit and a 1 gwei base fee. */
export async function createDevSetup(opts: { gasLimit?: bigint; balance?: bigint } = {}): Promise<DevSetup> {
  const common = devCommon();
  const db = await openDatabase();
  const states = await createStateStore({ db }, { common });
  const alloc: Record<string, { balance: bigint }> = {};
  for (const a of DEV_ADDRESSES) alloc[a.toString()] = { balance: opts.balance ?? 10_000n * ETHER };
  const stateRoot = await buildGenesisState(states, alloc);
  const batch = new WriteBatch();
  states.flushInto(batch);
  await batch.commit(db);
  const genesis = createBlock(
    {
      header: {
        number: 0n,
        stateRoot,
        gasLimit: opts.gasLimit ?? 30_000_000n,
        baseFeePerGas: GWEI,
        timestamp: BigInt(Math.floor(Date.now() / 1000)) - 100n,
      },
    },
    { common },
  );
  const executor = new TestExecutor(common, states);
  const chain = new TestChain(db, states, genesis);
  return { common, db, states, executor, genesis, chain, close: () => db.close() };
}

/** Account state of dev account `i` after `head`. */
export async function accountOf(setup: DevSetup, address: Address, head: Block): Promise<Account> {
  return (await (await setup.executor.stateAt(head)).getAccount(address)) ?? new Account();
}

// The contract of @basalt/execution: what chain and rpc call. Implementations may add
// fields, but must not rename or remove these without updating every caller.
import type { Block, HeaderData } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import type { TypedTransaction } from '@ethereumjs/tx';
import type { Address, PrefixedHexString } from '@ethereumjs/util';
import type { Logger } from '@basalt/common';
import type { StateStore } from '@basalt/state';

export interface ExecutorDeps {
  /** Chain rules; its hardfork is set per block from number and timestamp. */
  common: Common;
  /** Where state managers at any stored root come from; trie writes stay pending in it. */
  states: StateStore;
  /**
   * Hashes of canonical ancestors for the BLOCKHASH opcode. chain supplies it (apps/node may
   * bind it late, through a closure, since chain is built after the executor).
   */
  blockHashes?: BlockHashLookup;
  logger?: Logger;
  /**
   * Called for each Hardhat `console.log` a transaction makes while `buildBlock` executes it, and
   * each one an `eth_call` makes (not estimates, whose runs are a search; apps/node prints them, as
   * Hardhat and Anvil do). Default: none.
   */
  onConsoleLog?: (entry: import('./tracing/console.ts').ConsoleLogEntry) => void;
  /**
   * Transactions that may come from an address with code, which EIP-3607 refuses otherwise: a
   * devnet passes its impersonated ones (anvil_impersonateAccount of a contract, as Anvil and
   * Hardhat allow). Never set on a network node. Default: none.
   */
  codeSenderAllowed?: (tx: TypedTransaction) => boolean;
}

export interface BlockHashLookup {
  getBlockHash(number: bigint): Promise<Uint8Array | undefined>;
}

export interface ExecutorOpts {
  /** Gas cap for eth_call and eth_estimateGas when the request gives none (default: block gas limit). */
  rpcGasCap?: bigint;
  /**
   * eth_estimateGas stops the binary search once (hi - lo) / hi is below this ratio (geth's
   * ErrorRatio; geth's RPC uses 0.015). Default 0: the exact least gas that succeeds.
   */
  estimateGasErrorRatio?: number;
  /** State managers kept open for validateTx reads, by state root (default 4). */
  readStateCacheSize?: number;
  /**
   * eth_call results kept by (block, state root, request) for calls without overrides (default
   * 4096; 0 turns the cache off). Such a call is a pure function of those, so a repeat is answered
   * without running the EVM again.
   */
  callCacheSize?: number;
  /**
   * Assemble every built block with the library's `BlockBuilder.build()` (default false: blocks
   * whose transactions all ran outside the library's `addTransaction` are assembled without it,
   * to the same block). For tests comparing the two.
   */
  libraryBuild?: boolean;
}

/** A log as emitted by execution (positions are added by chain when stored). */
export interface ExecLog {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
}

/** What one transaction did, as a receipt needs it. */
export interface TxOutcome {
  txHash: Uint8Array;
  /** EIP-2718 type: 0 legacy, 1 access list, 2 dynamic fee, 3 blob, 4 set code. */
  type: number;
  from: Address;
  to: Address | undefined;
  status: 0 | 1;
  gasUsed: bigint;
  cumulativeGasUsed: bigint;
  effectiveGasPrice: bigint;
  contractAddress: Address | undefined;
  logs: ExecLog[];
  logsBloom: Uint8Array;
  /** The return data of a reverted transaction (empty when it failed without data). */
  revertData?: Uint8Array;
  /** 'execution reverted', 'out of gas', 'invalid opcode', ... when status is 0. */
  error?: string;
  blobGasUsed?: bigint;
  blobGasPrice?: bigint;
  /** Pre-Byzantium receipts only: the intermediate state root instead of `status`. */
  root?: Uint8Array;
}

/** The header fields a block builder chooses; the rest follow from the parent and the rules. */
export interface BlockTemplate {
  timestamp: bigint;
  coinbase: Address;
  gasLimit?: bigint;
  extraData?: Uint8Array;
  /** Overrides the EIP-1559 base fee computed from the parent (devnet `--base-fee`, anvil_setNextBlockBaseFeePerGas). */
  baseFeePerGas?: bigint;
  prevRandao?: Uint8Array;
  difficulty?: bigint;
  parentBeaconBlockRoot?: Uint8Array;
  /** Any further header data (clique nonce/mixHash/extraData seal space, ...). */
  extra?: HeaderData;
  /**
   * Clique: returns the header's extraData with a seal (the signer's signature). Transactions then
   * run under the sealed header, so fees go to the signer as when peers execute the block; the
   * built block itself comes back unsealed (the consensus engine seals it). Blob transactions are
   * skipped (BLOB_TX_NOT_SUPPORTED): the library runs them under the unsealed header.
   */
  sealHeader?: (header: import('@ethereumjs/block').BlockHeader) => Uint8Array;
}

export interface BuildBlockInput {
  parent: Block;
  /** Candidates in the order to try them; those that do not fit are skipped, not fatal. */
  txs: Iterable<TypedTransaction>;
  template: BlockTemplate;
  /** Stop adding transactions after this many (default: no limit but gas). */
  maxTxs?: number;
}

export interface SkippedTx {
  tx: TypedTransaction;
  /** Why it did not go in: a TxValidationError (nonce too high, fee below base fee, ...) or gas limit. */
  error: Error;
}

export interface BuiltBlock {
  block: Block;
  outcomes: TxOutcome[];
  skipped: SkippedTx[];
}

/** A call or gas estimate request, with JSON-RPC's optional fields already decoded. */
export interface CallRequest {
  from?: Address;
  to?: Address;
  gas?: bigint;
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  value?: bigint;
  data?: Uint8Array;
  nonce?: bigint;
  accessList?: { address: PrefixedHexString; storageKeys: PrefixedHexString[] }[];
  /** EIP-7702 authorizations, as in the JSON-RPC form. */
  authorizationList?: unknown[];
  /** EIP-4844 blob hashes: their presence makes the call a blob (type 3) transaction. */
  blobVersionedHashes?: PrefixedHexString[];
  /** EIP-4844 fee cap per blob gas (default 0). */
  maxFeePerBlobGas?: bigint;
  type?: number;
}

/** eth_call state overrides (geth's shape), decoded. */
export type StateOverrides = Record<
  PrefixedHexString,
  {
    balance?: bigint;
    nonce?: bigint;
    code?: Uint8Array;
    /** Replaces all storage of the account. */
    state?: Record<PrefixedHexString, PrefixedHexString>;
    /** Patches single slots. */
    stateDiff?: Record<PrefixedHexString, PrefixedHexString>;
    movePrecompileToAddress?: PrefixedHexString;
  }
>;

export interface CallResult {
  returnValue: Uint8Array;
  gasUsed: bigint;
  /** Set when the call failed; `reverted` distinguishes REVERT (with data) from other failures. */
  error?: { reverted: boolean; message: string };
  logs: ExecLog[];
}

/** Block environment overrides (eth_call's 4th parameter, eth_simulateV1). */
export interface BlockOverrides {
  number?: bigint;
  time?: bigint;
  gasLimit?: bigint;
  feeRecipient?: Address;
  prevRandao?: Uint8Array;
  baseFeePerGas?: bigint;
  blobBaseFee?: bigint;
}

/** Options of `Executor.validateTx`. */
export interface ValidateTxOpts {
  /** Base fee of the next block (default: from `head` by the EIP-1559 rule). */
  nextBaseFee?: bigint;
  /** Skip "nonce too high" (a pool's queued transactions). */
  allowFutureNonce?: boolean;
  /** Timestamp of the next block, which picks its hardfork (default: head's timestamp + 1). */
  timestamp?: bigint;
  /**
   * The state after `head`, when the caller has it open already (read only): the chain passes the
   * one its pool reads accounts from, so a new head opens one state, not two. Default: the
   * executor opens its own.
   */
  state?: MerkleStateManager;
}

/** The execution engine: stateless apart from the StateStore it reads and writes through. */
export interface Executor {
  readonly common: Common;
  /** Builds a block on `parent` from candidates; trie writes stay pending in the StateStore. */
  buildBlock(input: BuildBlockInput): Promise<BuiltBlock>;
  /**
   * Executes a received block on its parent's state and checks state root, receipts root, gas
   * used and logs bloom; throws BlockValidationError naming the mismatch. Trie writes stay pending.
   */
  runBlock(block: Block, parent: Block): Promise<TxOutcome[]>;
  /**
   * Checks a transaction against the state after `head` and the next block's base fee, in
   * geth's words: nonce too low/high, insufficient funds for gas * price + value, intrinsic gas
   * too low, max fee per gas less than block base fee, invalid chain id, exceeds block gas limit.
   */
  validateTx(tx: TypedTransaction, head: Block, opts?: ValidateTxOpts): Promise<void>;
  /** eth_call on the state after `block`. */
  call(
    req: CallRequest,
    block: Block,
    overrides?: StateOverrides,
    blockOverrides?: BlockOverrides,
  ): Promise<CallResult>;
  /**
   * eth_simulateV1: the blocks of `input` on top of `base`, on scratch state (nothing is kept).
   * Throws SimulateError (with geth's code) when the request is refused as a whole.
   */
  simulate(
    input: import('./simulate.ts').SimulateInput,
    base: Block,
  ): Promise<import('./simulate.ts').SimulatedBlock[]>;
  /** Least gas with which `req` succeeds; throws ExecutionRevertedError (with data) when it cannot. */
  estimateGas(req: CallRequest, block: Block, overrides?: StateOverrides): Promise<bigint>;
  /** eth_createAccessList. */
  createAccessList(
    req: CallRequest,
    block: Block,
  ): Promise<{
    accessList: { address: PrefixedHexString; storageKeys: PrefixedHexString[] }[];
    gasUsed: bigint;
    error?: string;
  }>;
}

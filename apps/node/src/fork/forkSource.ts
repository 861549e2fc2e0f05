// `basalt dev --fork-url`: what the composition root needs from the source node. The fork block
// (given, or the source's latest), the source's chain id, a genesis derived from that block's
// header so numbering continues, the dev accounts funded on top of the forked state, and BLOCKHASH
// for blocks before the fork block. See docs/forking.md.
import type { Logger } from '@basalt/common';
import { devGenesis, type GethGenesis } from '@basalt/chain';
import type { RemoteStateReader, StateStore } from '@basalt/state';
import { createAccount, createAddressFromString, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import { NodeError, NodeErrorCode } from '../errors.ts';
import { createRemoteStateReader } from './remoteState.ts';
import { ForkRpcClient, type ForkRpcClientOpts } from './rpcClient.ts';

/** `basalt dev` fork flags, parsed. */
export interface ForkConfig {
  /** `--fork-url`: the source node's JSON-RPC endpoint (http or https). */
  url: string;
  /** `--fork-block-number`: the block to fork at. Default: the source's latest block. */
  blockNumber?: bigint;
  /** `--chain-id` when given explicitly; else the source's chain id. */
  chainId?: bigint;
  /** `--gas-limit` when given explicitly; else the fork block's. */
  gasLimit?: bigint;
  /** `--base-fee` when given explicitly; else the fork block's. */
  baseFee?: bigint;
  /** Request settings of the source client (`--fork-timeout`, `--fork-retries`). */
  client?: Partial<ForkRpcClientOpts>;
}

/** The header fields of the fork block the fork uses. */
export interface ForkBlock {
  number: bigint;
  hash: PrefixedHexString;
  parentHash: PrefixedHexString;
  stateRoot: PrefixedHexString;
  timestamp: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  baseFeePerGas?: bigint;
  mixHash?: PrefixedHexString;
  excessBlobGas?: bigint;
  blobGasUsed?: bigint;
}

/** An opened fork source. `close()` cancels its requests. */
export interface ForkSource {
  /** The source URL without path and query (they may hold an API key). */
  readonly shownUrl: string;
  readonly chainId: bigint;
  readonly block: ForkBlock;
  /** Reads the source's state at the fork block; give it to the state store as `remote`. */
  readonly reader: RemoteStateReader;
  /** Hash of a source block before the fork block (for BLOCKHASH); undefined when there is none. */
  blockHash(number: bigint): Promise<Uint8Array | undefined>;
  close(): void;
}

interface RpcBlock {
  number: PrefixedHexString;
  hash: PrefixedHexString;
  parentHash: PrefixedHexString;
  stateRoot: PrefixedHexString;
  timestamp: PrefixedHexString;
  gasLimit: PrefixedHexString;
  gasUsed: PrefixedHexString;
  baseFeePerGas?: PrefixedHexString;
  mixHash?: PrefixedHexString;
  excessBlobGas?: PrefixedHexString;
  blobGasUsed?: PrefixedHexString;
}

const BLOCK_HASHES_KEPT = 256;

/** Asks the source for its chain id and the fork block (checking that it exists) and returns the source. */
export async function openForkSource(config: ForkConfig, logger: Logger): Promise<ForkSource> {
  const client = new ForkRpcClient(config.url, config.client);
  try {
    const chainId = BigInt(await client.request<PrefixedHexString>('eth_chainId', []));
    const latest = BigInt(await client.request<PrefixedHexString>('eth_blockNumber', []));
    const number = config.blockNumber ?? latest;
    if (number > latest) {
      throw new NodeError(
        { code: NodeErrorCode.INVALID_CONFIG, field: 'fork-block-number' },
        `--fork-block-number ${number} is ahead of the source's latest block ${latest}`,
      );
    }
    const raw = await client.request<RpcBlock | null>('eth_getBlockByNumber', [`0x${number.toString(16)}`, false]);
    if (raw === null) {
      throw new NodeError(
        {
          code: NodeErrorCode.FORK_SOURCE_FAILED,
          url: client.shownUrl,
          method: 'eth_getBlockByNumber',
          reason: 'null',
        },
        `the source at ${client.shownUrl} has no block ${number}`,
      );
    }
    const block = toForkBlock(raw);
    const hashes = new Map<bigint, Uint8Array | undefined>();
    logger.info('forking', { url: client.shownUrl, block: block.number, hash: block.hash, chainId });
    return {
      shownUrl: client.shownUrl,
      chainId,
      block,
      reader: createRemoteStateReader(client, block.number),
      async blockHash(n: bigint): Promise<Uint8Array | undefined> {
        if (n < 0n || n >= block.number) return undefined;
        if (hashes.has(n)) return hashes.get(n);
        const b = await client.request<{ hash: PrefixedHexString } | null>('eth_getBlockByNumber', [
          `0x${n.toString(16)}`,
          false,
        ]);
        const hash = b === null ? undefined : hexToBytes(b.hash);
        hashes.set(n, hash);
        if (hashes.size > BLOCK_HASHES_KEPT) hashes.delete(hashes.keys().next().value as bigint);
        return hash;
      },
      close: () => client.close(),
    };
  } catch (err) {
    client.close();
    throw err;
  }
}

function toForkBlock(b: RpcBlock): ForkBlock {
  const out: ForkBlock = {
    number: BigInt(b.number),
    hash: b.hash,
    parentHash: b.parentHash,
    stateRoot: b.stateRoot,
    timestamp: BigInt(b.timestamp),
    gasLimit: BigInt(b.gasLimit),
    gasUsed: BigInt(b.gasUsed),
  };
  if (b.baseFeePerGas !== undefined && b.baseFeePerGas !== null) out.baseFeePerGas = BigInt(b.baseFeePerGas);
  if (b.mixHash !== undefined && b.mixHash !== null) out.mixHash = b.mixHash;
  if (b.excessBlobGas !== undefined && b.excessBlobGas !== null) out.excessBlobGas = BigInt(b.excessBlobGas);
  if (b.blobGasUsed !== undefined && b.blobGasUsed !== null) out.blobGasUsed = BigInt(b.blobGasUsed);
  return out;
}

const hex = (n: bigint): string => `0x${n.toString(16)}`;

/**
 * The fork's genesis: the dev config (forks up to `hardfork` active, chain id from the source
 * unless given) with the header of the fork block: its number, parent hash, timestamp, gas limit,
 * gas used and base fee (so the next base fee follows from it, as on the source), prevRandao and
 * blob gas fields. `stateRoot` is set by the caller once the dev accounts are funded; the alloc
 * is empty (the state is the source's).
 */
export function forkGenesis(source: ForkSource, config: ForkConfig, hardfork: string): GethGenesis {
  const b = source.block;
  const genesis = devGenesis({
    chainId: Number(config.chainId ?? source.chainId),
    accounts: [],
    gasLimit: config.gasLimit ?? b.gasLimit,
    hardfork,
    timestamp: b.timestamp,
    ...((config.baseFee ?? b.baseFeePerGas) !== undefined ? { baseFeePerGas: config.baseFee ?? b.baseFeePerGas } : {}),
  });
  genesis.alloc = {};
  genesis.number = hex(b.number);
  genesis.parentHash = b.parentHash;
  genesis.gasUsed = hex(b.gasUsed);
  if (b.mixHash !== undefined) genesis.mixHash = b.mixHash;
  if (b.excessBlobGas !== undefined) genesis.excessBlobGas = hex(b.excessBlobGas);
  if (b.blobGasUsed !== undefined) genesis.blobGasUsed = hex(b.blobGasUsed);
  return genesis;
}

/**
 * The fork block of a genesis {@link forkGenesis} made (a source block's header, no alloc), or
 * undefined for any other genesis (block 0, or one with an alloc).
 */
export function forkBlockOf(genesis: GethGenesis): bigint | undefined {
  const number = BigInt(genesis.number ?? 0);
  return number > 0n && Object.keys(genesis.alloc ?? {}).length === 0 ? number : undefined;
}

/**
 * Sets the balance of each of `addresses` to `balance` in the forked state at the fork block (their
 * nonce, code and storage stay the source's, as Anvil does) and returns the new state root. Its
 * trie writes wait in `states` for the genesis batch.
 */
export async function fundForkAccounts(
  states: StateStore,
  source: ForkSource,
  addresses: readonly string[],
  balance: bigint,
): Promise<Uint8Array> {
  const sm = await states.openAt(hexToBytes(source.block.stateRoot));
  await sm.checkpoint();
  for (const a of addresses) {
    const address = createAddressFromString(a);
    const account = (await sm.getAccount(address)) ?? createAccount({});
    account.balance = balance;
    await sm.putAccount(address, account);
  }
  await sm.commit();
  return sm.getStateRoot();
}

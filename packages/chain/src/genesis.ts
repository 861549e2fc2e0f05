import { type Block, createBlock, type HeaderData } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { buildGenesisState, type StateStore } from '@basalt/state';
import { hexToBytes, type PrefixedHexString, setLengthLeft } from '@ethereumjs/util';
import type { GethGenesis } from './config.ts';
import { ChainError, ChainErrorCode } from './errors.ts';

function bytes(hex: string | undefined | null): Uint8Array | undefined {
  if (hex === undefined || hex === null) return undefined;
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  return hexToBytes(`0x${h.length % 2 === 1 ? `0${h}` : h}` as PrefixedHexString);
}

function quantity(v: string | undefined | null): bigint | undefined {
  if (v === undefined || v === null) return undefined;
  return BigInt(v);
}

/**
 * The genesis block of `genesis` with the given state root. Header fields follow the forks active
 * at block 0 and the genesis timestamp: base fee from London (the file's, else 1 gwei), empty
 * withdrawals root from Shanghai, blob gas fields and a zero parent beacon root from Cancun, the
 * empty requests hash from Prague, as geth builds it.
 */
export function createGenesisBlock(genesis: GethGenesis, common: Common, stateRoot: Uint8Array): Block {
  const c = common.copy();
  const timestamp = quantity(genesis.timestamp) ?? 0n;
  const number = quantity(genesis.number) ?? 0n;
  c.setHardforkBy({ blockNumber: number, timestamp });
  const header: HeaderData = {
    number,
    timestamp,
    gasLimit: quantity(genesis.gasLimit),
    gasUsed: quantity(genesis.gasUsed) ?? 0n,
    difficulty: quantity(genesis.difficulty) ?? 0n,
    extraData: bytes(genesis.extraData) ?? new Uint8Array(0),
    mixHash: bytes(genesis.mixHash) ?? new Uint8Array(32),
    nonce: setLengthLeft(bytes(`0x${BigInt(genesis.nonce ?? '0x0').toString(16)}`) ?? new Uint8Array(0), 8),
    coinbase: bytes(genesis.coinbase) ?? new Uint8Array(20),
    parentHash: bytes(genesis.parentHash) ?? new Uint8Array(32),
    stateRoot,
  };
  if (c.isActivatedEIP(1559)) header.baseFeePerGas = quantity(genesis.baseFeePerGas) ?? 1_000_000_000n;
  if (c.isActivatedEIP(4844)) {
    header.blobGasUsed = quantity(genesis.blobGasUsed) ?? 0n;
    header.excessBlobGas = quantity(genesis.excessBlobGas) ?? 0n;
  }
  try {
    return createBlock(
      { header, ...(c.isActivatedEIP(4895) ? { withdrawals: [] } : {}) },
      { common: c, skipConsensusFormatValidation: true },
    );
  } catch (err) {
    throw new ChainError(
      { code: ChainErrorCode.INVALID_GENESIS, field: 'header', reason: (err as Error).message },
      `invalid genesis header: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/**
 * Builds the genesis state of `genesis` in `states` (its trie writes stay pending: flush them into
 * the batch that stores the block) and returns the genesis block.
 */
export async function buildGenesis(genesis: GethGenesis, common: Common, states: StateStore): Promise<Block> {
  // A fork's genesis names its state root (already in `states`) instead of an alloc.
  const stateRoot = bytes(genesis.stateRoot) ?? (await buildGenesisState(states, genesis.alloc));
  return createGenesisBlock(genesis, common, stateRoot);
}

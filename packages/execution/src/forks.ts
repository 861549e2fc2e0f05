import type { Block } from '@ethereumjs/block';
import { type Common, Hardfork } from '@ethereumjs/common';
import type { EVMMockBlockchainInterface } from '@ethereumjs/evm';
import type { BlockHashLookup } from './types.ts';

/**
 * Per-block rules without touching the shared Common: one template per
 * hardfork, and a fresh copy of it for every VM (the EVM subscribes to its
 * Common's events and the VM merges its params into it, so a Common is never
 * shared between VMs).
 */
export class Forks {
  private readonly templates = new Map<string, Common>();
  private readonly base: Common;

  constructor(base: Common) {
    this.base = base;
  }

  /** The hardfork of a block with this number and timestamp. */
  hardforkAt(blockNumber: bigint, timestamp: bigint): string {
    return this.base.getHardforkBy({ blockNumber, timestamp });
  }

  /** A fresh Common set to the hardfork of a block with this number and timestamp. */
  commonAt(blockNumber: bigint, timestamp: bigint): Common {
    const hardfork = this.hardforkAt(blockNumber, timestamp);
    let template = this.templates.get(hardfork);
    if (template === undefined) {
      template = this.base.copy();
      template.setHardfork(hardfork);
      this.templates.set(hardfork, template);
    }
    return template.copy();
  }
}

/** EIP-1559 INITIAL_BASE_FEE: the base fee of the London fork block. */
export const INITIAL_BASE_FEE = 1_000_000_000n;

/** EIP-7825 (Osaka) cap on a transaction's gas limit: 2^24. */
export const MAX_TX_GAS = 16_777_216n;

/** The EIP-7825 cap when it applies under `common`, else undefined. */
export function txGasCap(common: Common): bigint | undefined {
  return common.isActivatedEIP(7825) && !common.isActivatedEIP(8037) ? MAX_TX_GAS : undefined;
}

/** The base fee of the block after `parent` under `common` (the child's rules); undefined before London. */
export function nextBaseFee(parent: Block, common: Common): bigint | undefined {
  if (!common.isActivatedEIP(1559)) return undefined;
  if (
    parent.header.number + 1n === common.hardforkBlock(Hardfork.London) ||
    parent.header.baseFeePerGas === undefined
  ) {
    return INITIAL_BASE_FEE;
  }
  return parent.header.calcNextBaseFee();
}

/**
 * The blockchain the EVM asks for BLOCKHASH: `known` first (the parent of the
 * block being executed, which chain may not have stored yet), then the
 * lookup, else zero (as geth answers for an unknown block).
 */
export function blockHashesAdapter(
  lookup: BlockHashLookup | undefined,
  known: ReadonlyMap<bigint, Uint8Array>,
): EVMMockBlockchainInterface {
  const adapter: EVMMockBlockchainInterface = {
    async getBlock(blockId: number) {
      const n = BigInt(blockId);
      const hash = known.get(n) ?? (await lookup?.getBlockHash(n)) ?? new Uint8Array(32);
      return { hash: () => hash };
    },
    async putBlock() {},
    shallowCopy: () => adapter,
  };
  return adapter;
}

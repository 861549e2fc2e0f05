import { createFeeMarket1559Tx, type FeeMarket1559Tx } from '@ethereumjs/tx';
import type { Common } from '@ethereumjs/common';
import { type Address, createAddressFromPrivateKey, createAddressFromString, hexToBytes } from '@ethereumjs/util';

/** Hardhat/Anvil dev account #0 (public test key; never use on a real network). */
export const DEV_KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
export const DEV_ADDRESS: Address = createAddressFromPrivateKey(DEV_KEY);
/** Dev account #1. */
export const DEV_KEY_1 = hexToBytes('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
export const DEV_ADDRESS_1: Address = createAddressFromPrivateKey(DEV_KEY_1);
export const RECIPIENT = createAddressFromString('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');

/** A signed EIP-1559 transfer (or call, with `data`) from the dev key. */
export function transfer(
  common: Common,
  nonce: bigint,
  opts: {
    to?: Address;
    value?: bigint;
    data?: Uint8Array;
    gasLimit?: bigint;
    key?: Uint8Array;
    maxFeePerGas?: bigint;
  } = {},
): FeeMarket1559Tx {
  return createFeeMarket1559Tx(
    {
      chainId: common.chainId(),
      nonce,
      ...(opts.create === true ? {} : { to: opts.to ?? RECIPIENT }),
      value: opts.value ?? 1_000n,
      data: opts.data ?? new Uint8Array(0),
      gasLimit: opts.gasLimit ?? 21_000n,
      maxFeePerGas: opts.maxFeePerGas ?? 10_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    },
    { common },
  ).sign(opts.key ?? DEV_KEY);
}

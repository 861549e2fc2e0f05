// eth_getBalance, eth_getTransactionCount, eth_getCode, eth_getStorageAt, eth_getProof.
import { getAccountProof } from '@basalt/state';
import { type Address, bytesToHex, setLengthLeft } from '@ethereumjs/util';
import type { RpcBackend } from '../backend.ts';
import { MAX_PROOF_KEYS } from '../constants.ts';
import { quantity } from '../format.ts';
import type { RpcMethod } from '../types.ts';
import { address, arrayOf, type BlockId, blockId, LATEST, optional, storageKey } from '../validation.ts';

const block = optional(blockId, LATEST);

export function stateMethods(backend: RpcBackend): Record<string, RpcMethod> {
  return {
    eth_getBalance: {
      params: [address, block],
      handler: async ([addr, id]: [Address, BlockId]) => {
        const sm = await backend.stateAt(id);
        const acc = await sm.getAccount(addr);
        return quantity(acc?.balance ?? 0n);
      },
    },
    eth_getTransactionCount: {
      params: [address, block],
      handler: async ([addr, id]: [Address, BlockId]) => {
        if (id.kind === 'tag' && id.tag === 'pending') return quantity(await backend.chain.txPool.pendingNonce(addr));
        const sm = await backend.stateAt(id);
        const acc = await sm.getAccount(addr);
        return quantity(acc?.nonce ?? 0n);
      },
    },
    eth_getCode: {
      params: [address, block],
      handler: async ([addr, id]: [Address, BlockId]) => {
        const sm = await backend.stateAt(id);
        return bytesToHex(await sm.getCode(addr));
      },
    },
    eth_getStorageAt: {
      params: [address, storageKey, block],
      handler: async ([addr, key, id]: [Address, Uint8Array, BlockId]) => {
        const sm = await backend.stateAt(id);
        const acc = await sm.getAccount(addr);
        if (acc === undefined) return bytesToHex(new Uint8Array(32));
        return bytesToHex(setLengthLeft(await sm.getStorage(addr, key), 32));
      },
    },
    eth_getProof: {
      params: [address, arrayOf(storageKeyText, MAX_PROOF_KEYS), block],
      handler: async ([addr, keys, id]: [Address, string[], BlockId]) => {
        const sm = await backend.stateAt(id);
        const proof = await getAccountProof(sm, addr, keys);
        return {
          address: proof.address.toLowerCase(),
          accountProof: proof.accountProof,
          balance: proof.balance,
          codeHash: proof.codeHash,
          nonce: proof.nonce,
          storageHash: proof.storageHash,
          storageProof: proof.storageProof,
        };
      },
    },
  };
}

/** A storage key for eth_getProof, checked as eth_getStorageAt does but kept as text (the proof echoes it). */
function storageKeyText(v: unknown): string {
  storageKey(v);
  return v as string;
}

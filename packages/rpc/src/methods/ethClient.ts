// eth_chainId, eth_syncing, eth_blockNumber, eth_accounts, eth_coinbase.
import type { RpcBackend } from '../backend.ts';
import { quantity } from '../format.ts';
import type { RpcMethod, SyncInfo } from '../types.ts';

export function clientMethods(
  backend: RpcBackend,
  sync: SyncInfo,
  accounts: readonly string[],
  coinbase: string,
): Record<string, RpcMethod> {
  const chainIdHex = quantity(backend.chain.chainId);
  return {
    eth_chainId: { params: [], handler: () => chainIdHex },
    eth_syncing: {
      params: [],
      handler: () => {
        const s = sync.syncStatus();
        if (s === false) return false;
        return {
          startingBlock: quantity(s.startingBlock),
          currentBlock: quantity(s.currentBlock),
          highestBlock: quantity(s.highestBlock),
        };
      },
    },
    eth_blockNumber: { params: [], handler: () => quantity(backend.chain.head().header.number) },
    eth_accounts: { params: [], handler: () => [...accounts] },
    eth_coinbase: { params: [], handler: () => coinbase },
  };
}

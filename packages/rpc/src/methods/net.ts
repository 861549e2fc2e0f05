import type { NetworkInfo, RpcModule } from '../types.ts';
import { quantity } from '../format.ts';

/** A node without networking: listening, no peers (H23: a real implementation, shipped beside the interface). */
export class NoopNetworkInfo implements NetworkInfo {
  isListening(): boolean {
    return true;
  }
  peerCount(): number {
    return 0;
  }
}

/** net_version, net_listening, net_peerCount. */
export function createNetModule(networkId: () => string, network: NetworkInfo): RpcModule {
  return {
    namespace: 'net',
    methods: {
      net_version: { params: [], handler: () => networkId() },
      net_listening: { params: [], handler: () => network.isListening() },
      net_peerCount: { params: [], handler: () => quantity(network.peerCount()) },
    },
  };
}

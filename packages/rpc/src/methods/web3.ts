import { keccak256 } from 'ethers';
import type { RpcModule } from '../types.ts';
import { data } from '../validation.ts';

/** web3_clientVersion, web3_sha3. */
export function createWeb3Module(clientVersion: string): RpcModule {
  return {
    namespace: 'web3',
    methods: {
      web3_clientVersion: { params: [], handler: () => clientVersion },
      web3_sha3: { params: [data], handler: ([input]: [Uint8Array]) => keccak256(input) },
    },
  };
}

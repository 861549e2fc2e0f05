// The state package's RemoteStateReader over JSON-RPC: eth_getProof and eth_getCode at the fork block.
import type { RemoteProof, RemoteStateReader } from '@basalt/state';
import { bytesToHex, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import type { ForkRpcClient } from './rpcClient.ts';

interface ProofAnswer {
  accountProof?: PrefixedHexString[];
  storageProof?: { proof?: PrefixedHexString[] }[];
}

/** Reads the source's state at block `blockNumber` through `client`. */
export function createRemoteStateReader(client: ForkRpcClient, blockNumber: bigint): RemoteStateReader {
  const tag = `0x${blockNumber.toString(16)}`;
  return {
    description: `${client.shownUrl} at block ${blockNumber}`,
    async getProof(address: Uint8Array, slots: readonly Uint8Array[]): Promise<RemoteProof> {
      const answer = await client.request<ProofAnswer | null>('eth_getProof', [
        bytesToHex(address),
        slots.map((s) => bytesToHex(s)),
        tag,
      ]);
      return {
        accountProof: (answer?.accountProof ?? []).map((n) => hexToBytes(n)),
        storageProofs: (answer?.storageProof ?? []).map((p) => (p.proof ?? []).map((n) => hexToBytes(n))),
      };
    },
    async getCode(address: Uint8Array): Promise<Uint8Array> {
      return hexToBytes(await client.request<PrefixedHexString>('eth_getCode', [bytesToHex(address), tag]));
    },
  };
}

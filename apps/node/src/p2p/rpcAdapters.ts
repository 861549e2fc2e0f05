// rpc's NetworkInfo, SyncInfo and AdminNetwork filled from the p2p host (H3: rpc declares what it
// needs, apps/node adapts; p2p and rpc never meet). admin_ answers follow geth's shape where it
// applies; Basalt peers have multiaddrs rather than enode URLs, so `enode` holds a multiaddr.
import type { P2PNode, PeerInfo } from '@basalt/p2p';
import type { AdminNetwork, NetworkInfo, SyncInfo } from '@basalt/rpc';
import { bytesToHex } from '@ethereumjs/util';

/** What createRpcServer takes for a node with networking. */
export interface RpcNetworkDeps {
  network: NetworkInfo;
  sync: SyncInfo;
  admin: AdminNetwork;
}

const quantity = (n: bigint | number): string => `0x${n.toString(16)}`;

/** The IPv4/IPv6 address and TCP port of a multiaddr such as `/ip4/127.0.0.1/tcp/30303/p2p/...`. */
function hostPort(addr: string | undefined): { ip: string; port: number } {
  const m = /^\/ip[46]\/([^/]+)\/tcp\/(\d+)/.exec(addr ?? '');
  return m === null ? { ip: '', port: 0 } : { ip: m[1] ?? '', port: Number(m[2]) };
}

function peerJson(p: PeerInfo): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    enode: p.remoteAddress,
    caps: p.status === undefined ? [] : ['basalt/1'],
    network: { remoteAddress: p.remoteAddress, inbound: p.inbound, trusted: false, static: p.static },
    protocols: {
      basalt:
        p.status === undefined
          ? 'handshake'
          : {
              head: bytesToHex(p.status.headHash),
              number: quantity(p.status.headNumber),
              difficulty: quantity(p.status.td),
            },
    },
    score: p.score,
  };
}

/** The rpc dependencies of a node whose p2p host is `p2p`; `clientVersion` names the node in admin_nodeInfo. */
export function createRpcNetworkDeps(p2p: P2PNode, clientVersion: string): RpcNetworkDeps {
  return {
    network: { isListening: () => p2p.isListening(), peerCount: () => p2p.peerCount() },
    sync: {
      syncStatus: () => {
        const s = p2p.syncStatus();
        return s === false
          ? false
          : { startingBlock: s.startingBlock, currentBlock: s.currentBlock, highestBlock: s.highestBlock };
      },
    },
    admin: {
      nodeInfo: () => {
        const info = p2p.nodeInfo();
        const { ip, port } = hostPort(info.listenAddrs[0]);
        return {
          id: info.id,
          name: clientVersion,
          enode: info.listenAddrs[0] ?? '',
          listenAddrs: info.listenAddrs,
          ip,
          listenAddr: `${ip}:${port}`,
          ports: { discovery: 0, listener: port },
          protocols: {
            basalt: {
              network: Number(info.chainId),
              genesis: bytesToHex(info.genesisHash),
              head: bytesToHex(info.headHash),
              number: quantity(info.headNumber),
              difficulty: quantity(info.td),
              protocols: info.protocols,
            },
          },
        };
      },
      peers: () => p2p.peers().map(peerJson),
      addPeer: (url) => p2p.addPeer(url),
      removePeer: (url) => p2p.removePeer(url),
    },
  };
}

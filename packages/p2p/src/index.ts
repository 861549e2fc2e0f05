export {
  blocksByHashProtocol,
  blocksByRangeProtocol,
  gossipTopics,
  MAX_BLOCK_BYTES,
  MAX_TX_BYTES,
  STATUS_PROTOCOL,
} from './constants.ts';
export { P2PError, P2PErrorCode, type P2PErrorType } from './errors.ts';
export { GossipAction, type GossipOutcome, validateGossipBlock, validateGossipTx } from './gossip.ts';
export { createP2PNode } from './node.ts';
export { defaultP2POpts, PEER_ACTION_PENALTY, type P2PDefaults } from './options.ts';
export { loadOrCreatePeerKey, PEER_KEY_FILE } from './peerKey.ts';
export {
  type NodeInfo,
  PeerAction,
  type P2PChain,
  type P2PDeps,
  type P2PEvents,
  type P2PNode,
  type P2POpts,
  type PeerInfo,
  type PeerStatus,
  type SyncProgress,
} from './types.ts';
export { txsProtocol } from './txPush.ts';
export { decodeStatus, encodeStatus } from './wire.ts';

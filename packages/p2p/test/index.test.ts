import { describe, expect, it } from '@jest/globals';
import * as p2p from '@basalt/p2p';

describe('p2p / public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(p2p).sort()).toEqual([
      'GossipAction',
      'MAX_BLOCK_BYTES',
      'MAX_TX_BYTES',
      'P2PError',
      'P2PErrorCode',
      'PEER_ACTION_PENALTY',
      'PEER_KEY_FILE',
      'PeerAction',
      'STATUS_PROTOCOL',
      'blocksByHashProtocol',
      'blocksByRangeProtocol',
      'createP2PNode',
      'decodeStatus',
      'defaultP2POpts',
      'encodeStatus',
      'gossipTopics',
      'loadOrCreatePeerKey',
      'txsProtocol',
      'validateGossipBlock',
      'validateGossipTx',
    ]);
  });
});

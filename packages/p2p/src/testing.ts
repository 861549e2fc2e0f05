// `@basalt/p2p/testing`: what tests of a Basalt p2p host share. Never used by a node.
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { createLibp2p } from 'libp2p';
import { gossipMessageId } from './node.ts';

/**
 * A bare libp2p host on 127.0.0.1 (any free port) that speaks gossipsub with Basalt's settings
 * (no signatures, messages identified by their data) but none of its checks: it plays the
 * misbehaving peer. The caller stops it.
 */
export function createRogueHost() {
  return createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub({
        globalSignaturePolicy: 'StrictNoSign',
        msgIdFn: gossipMessageId,
        allowPublishToZeroTopicPeers: true,
      }),
    },
  });
}

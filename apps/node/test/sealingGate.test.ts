// When a Clique validator may seal: never while syncing; with bootnodes, only after its peers have
// been connected for the settle time (so their chain and pending transactions reach it first).
import { describe, expect, it } from '@jest/globals';
import { sealingGate } from '../src/clique/cliqueNode.ts';

function fakeP2P() {
  const state = { syncing: false as false | object, peers: 0 };
  const p2p = { syncStatus: () => state.syncing, peerCount: () => state.peers };
  return { state, parts: { p2p } as unknown as Parameters<typeof sealingGate>[0] };
}

describe('node / clique sealing gate', () => {
  it('with bootnodes: waits for a peer, then for the settle time; starts over when peers go', () => {
    const { state, parts } = fakeP2P();
    let t = 0;
    const gate = sealingGate(parts, true, 1_500, () => t);
    expect(gate()).toBe(false); // no peer
    state.peers = 1;
    expect(gate()).toBe(false); // just connected
    t = 1_499;
    expect(gate()).toBe(false);
    t = 1_500;
    expect(gate()).toBe(true);
    state.syncing = { currentBlock: 1 };
    expect(gate()).toBe(false); // syncing
    state.syncing = false;
    state.peers = 0;
    expect(gate()).toBe(false);
    state.peers = 2;
    t = 2_000;
    expect(gate()).toBe(false); // the settle time starts again
    t = 3_500;
    expect(gate()).toBe(true);
  });

  it('without bootnodes (a lone validator): seals whenever it is not syncing', () => {
    const { state, parts } = fakeP2P();
    const gate = sealingGate(parts, false, 1_500, () => 0);
    expect(gate()).toBe(true);
    state.syncing = { currentBlock: 1 };
    expect(gate()).toBe(false);
  });
});

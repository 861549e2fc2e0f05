import { afterEach, describe, expect, it } from '@jest/globals';
import type { Block } from '@ethereumjs/block';
import { bytesToHex } from '@ethereumjs/util';
import { type CliqueProducer, createCliqueProducer, NONCE_AUTH } from '../../src/index.ts';
import { type CliqueNode, cliqueTestGenesis, openCliqueNode, SIGNERS } from '../helpers/clique.ts';
import { transfer } from '../helpers/keys.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

/** An in-process network: every new head is offered to the connected peers (with missing ancestors). */
class Relay {
  private readonly connected = new Set<number>();
  constructor(private readonly nodes: CliqueNode[]) {
    nodes.forEach((n, i) => {
      this.connected.add(i);
      n.chain.events.on('newHead', (block) => {
        if (!this.connected.has(i)) return;
        for (const [j, peer] of this.nodes.entries()) {
          if (j !== i && this.connected.has(j)) void this.deliver(n, peer, block);
        }
      });
    });
  }
  cut(i: number): void {
    this.connected.delete(i);
  }
  /** Reconnects node `i` and lets it catch up from `from` (a sync). */
  async join(i: number, from: number): Promise<void> {
    this.connected.add(i);
    await this.deliver(this.nodes[from]!, this.nodes[i]!, this.nodes[from]!.chain.head());
  }
  private async deliver(src: CliqueNode, dst: CliqueNode, block: Block): Promise<void> {
    const missing: Block[] = [block];
    while ((await dst.chain.getBlock(missing[0]!.header.parentHash)) === undefined) {
      const parent = await src.chain.getBlock(missing[0]!.header.parentHash);
      if (parent === undefined) return;
      missing.unshift(parent);
    }
    for (const b of missing) await dst.chain.importBlock(b).catch(() => undefined);
  }
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('chain / consensus / clique producer', () => {
  it('three validators seal 1 s blocks in turn, survive one leaving, take it back and vote a fourth in', async () => {
    const genesis = cliqueTestGenesis({ period: 1 });
    const nodes: CliqueNode[] = [];
    const producers: CliqueProducer[] = [];
    for (let i = 0; i < 3; i++) {
      const n = await openCliqueNode(genesis, { signer: SIGNERS[i]! });
      closers.push(() => n.close());
      nodes.push(n);
      const p = createCliqueProducer({ chain: n.chain, executor: n.executor, pool: n.chain.txPool, engine: n.engine });
      closers.push(() => p.stop());
      producers.push(p);
    }
    const relay = new Relay(nodes);
    const failures: unknown[] = [];
    for (const p of producers) p.events.on('sealingFailed', (err) => failures.push(err));
    await Promise.all(producers.map((p) => p.start()));

    // A transaction sent to one node is mined and seen by all.
    const tx = transfer(nodes[0]!.chain.common, 0n);
    await nodes[0]!.chain.txPool.add(tx);
    for (const n of nodes) await n.chain.txPool.add(tx).catch(() => undefined);
    const heads = () => nodes.map((n) => n.chain.head());
    await until('height 3 everywhere', () => heads().every((h) => h.header.number >= 3n), 15_000);
    // Out-of-turn seals can fork the heads for a moment; they converge (the bound is only a deadline).
    await until('one head', () => new Set(heads().map((h) => bytesToHex(h.hash()))).size === 1, 10_000);
    for (const n of nodes) expect((await n.chain.getReceipt(tx.hash()))?.status).toBe(1);

    // Consecutive blocks never share a signer (N = 3: one of any two), in-turn ones weigh 2 and the
    // others 1. (Whether any of these first blocks is in turn depends on the machine's load: an
    // out-of-turn seal can make the next in-turn signer a recent one. Sealing in turn is proven below.)
    const signerOf = (b: Block) => nodes[0]!.engine.signerOf(b.header);
    const walk = async (n: CliqueNode, from: bigint) => {
      const out: Block[] = [];
      for (let k = from; k <= n.chain.head().header.number; k++) out.push((await n.chain.getBlock(k))!);
      return out;
    };
    const early = await walk(nodes[0]!, 1n);
    for (let k = 1; k < early.length; k++) expect(signerOf(early[k]!)).not.toBe(signerOf(early[k - 1]!));
    for (const b of early) {
      const snap = await nodes[0]!.engine.snapshot(b.header.number - 1n, b.header.parentHash);
      expect(b.header.difficulty).toBe(snap.inturn(b.header.number, signerOf(b)) ? 2n : 1n);
    }

    // Validator 2 leaves: the other two keep sealing, alternating.
    await producers[2]!.stop();
    relay.cut(2);
    const left = nodes[0]!.chain.head().header.number;
    await until('3 blocks without validator 2', () => nodes[0]!.chain.head().header.number >= left + 3n, 15_000);
    const without = await walk(nodes[0]!, left + 1n);
    const gone = SIGNERS[2]!.address.toString();
    expect(without.every((b) => signerOf(b) !== gone)).toBe(true);

    // It comes back, catches up and seals again in turn.
    await relay.join(2, 0);
    await producers[2]!.start();
    const back = nodes[0]!.chain.head().header.number;
    await until(
      'validator 2 sealing again in turn',
      async () => (await walk(nodes[0]!, back + 1n)).some((b) => signerOf(b) === gone && b.header.difficulty === 2n),
      // Its turn comes every third block, but right after rejoining it may lose a turn or two to
      // out-of-turn seals on a loaded machine: a roomy bound, the assertion unchanged.
      20_000,
    );

    // All three vote the fourth key in: it becomes a signer.
    const newcomer = SIGNERS[3]!.address.toString();
    for (const n of nodes) n.engine.propose(newcomer, true);
    await until(
      'the fourth signer voted in',
      async () => {
        const h = nodes[1]!.chain.head();
        return (await nodes[1]!.engine.snapshot(h.header.number, h.hash())).isSigner(newcomer);
      },
      15_000,
    );
    const votes = (await walk(nodes[1]!, 1n)).filter((b) => b.header.coinbase.toString() === newcomer);
    expect(votes.length).toBeGreaterThanOrEqual(2);
    expect(votes.every((b) => bytesToHex(b.header.nonce) === bytesToHex(NONCE_AUTH))).toBe(true);
    expect(failures).toEqual([]);
  }, 90_000);
});

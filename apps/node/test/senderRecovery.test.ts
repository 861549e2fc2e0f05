// Sender recovery on a worker thread (src/senderRecovery.ts) must give each transaction the public
// key the library would recover itself, and leave alone what the library would refuse.
import { afterAll, describe, expect, it } from '@jest/globals';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createFeeMarket1559Tx, createLegacyTx, createTxFromRLP, type TypedTransaction } from '@ethereumjs/tx';
import { hexToBytes, randomBytes } from '@ethereumjs/util';
import { SenderRecovery } from '../src/senderRecovery.ts';

const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });

/** A transaction as a received block holds it: decoded from bytes, nothing cached. */
const fresh = (tx: TypedTransaction): TypedTransaction => createTxFromRLP(tx.serialize(), { common });

describe('SenderRecovery', () => {
  const recovery = SenderRecovery.start();
  afterAll(async () => {
    await recovery?.close();
  });

  it('starts where the native addon loads', () => {
    expect(recovery).toBeDefined();
  });

  it('fills each sender with the key the library recovers (typed, EIP-155 and pre-EIP-155 legacy)', async () => {
    const txs: TypedTransaction[] = [];
    for (let i = 0; i < 30; i++) {
      const key = randomBytes(32);
      txs.push(
        fresh(
          createFeeMarket1559Tx({ nonce: i, gasLimit: 21000, maxFeePerGas: 1, data: randomBytes(i) }, { common }).sign(
            key,
          ),
        ),
      );
      txs.push(fresh(createLegacyTx({ nonce: i, gasLimit: 21000, gasPrice: 1 }, { common }).sign(key)));
      const pre155 = createLegacyTx(
        { nonce: i, gasLimit: 21000, gasPrice: 1 },
        { common: new Common({ chain: Mainnet, hardfork: Hardfork.TangerineWhistle }) },
      ).sign(key);
      txs.push(createTxFromRLP(pre155.serialize(), { common: pre155.common }));
    }
    for (const tx of txs) expect(tx.cache.senderPubKey).toBeUndefined();
    await recovery!.recover(txs);
    for (const tx of txs) {
      const fromWorker = tx.cache.senderPubKey;
      expect(fromWorker).toBeInstanceOf(Uint8Array);
      // The library's own recovery, on a copy with nothing cached.
      const copy = createTxFromRLP(tx.serialize(), { common: tx.common });
      expect(fromWorker).toEqual(copy.getSenderPublicKey());
    }
  });

  it('leaves a signature the library refuses to its in-thread path and its error', async () => {
    const key = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
    const good = createFeeMarket1559Tx({ nonce: 1, gasLimit: 21000, maxFeePerGas: 1 }, { common }).sign(key);
    // An r that recovers to no point.
    const noPoint = createFeeMarket1559Tx(
      { nonce: 1, gasLimit: 21000, maxFeePerGas: 1, v: 0n, r: 0n, s: good.s! },
      { common },
    );
    // A signed-looking transaction whose s is zero.
    const zeroS = createFeeMarket1559Tx(
      { nonce: 1, gasLimit: 21000, maxFeePerGas: 1, v: 1n, r: good.r!, s: 0n },
      { common },
    );
    await recovery!.recover([noPoint, zeroS, good]);
    expect(good.cache.senderPubKey).toBeDefined();
    for (const tx of [noPoint, zeroS]) {
      expect(tx.cache.senderPubKey).toBeUndefined();
      expect(() => tx.getSenderAddress()).toThrow(/Invalid Signature/);
    }
  });

  it('answers after close without a worker: nothing is filled, nothing hangs', async () => {
    const other = SenderRecovery.start()!;
    await other.close();
    const tx = fresh(createLegacyTx({ nonce: 0, gasLimit: 21000, gasPrice: 1 }, { common }).sign(randomBytes(32)));
    await other.recover([tx]);
    expect(tx.cache.senderPubKey).toBeUndefined();
  });
});

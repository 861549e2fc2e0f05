// The eth_call result cache: identical calls on the same block and state share one execution;
// a new block, a different state root under the same hash, overrides, and failures never reuse one.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { type Block, createBlockHeaderFromBytesArray, Block as EjsBlock } from '@ethereumjs/block';
import { type Address, createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { TxValidationError } from '@basalt/execution';
import { callKey } from '../../src/callCache.ts';
import { deployToken, fn, result, tokenAbi } from '../helpers/contracts.ts';
import { ADDRS, createEnv, ETH, KEYS, type TestEnv, tx1559 } from '../helpers/env.ts';

const balanceOf = (who: Address) => hexToBytes(fn(tokenAbi, 'balanceOf', [who.toString()]));

/** `block` with another state root but the same hash, as a devnet's state setters serve the head. */
function withStateRoot(block: Block, root: Uint8Array): Block {
  const raw = block.header.raw();
  raw[3] = root;
  const header = createBlockHeaderFromBytesArray(raw as never, { common: block.common });
  (header as unknown as { cache: { hash: Uint8Array } }).cache.hash = block.hash();
  return new EjsBlock(header, block.transactions, block.uncleHeaders, block.withdrawals, { common: block.common });
}

describe('execution / eth_call result cache', () => {
  let env: TestEnv;
  let b1: Block;
  let b2: Block;
  let token: Address;

  beforeAll(async () => {
    env = await createEnv();
    const built = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [
        tx1559(env.common, KEYS[0]!, {
          nonce: 0n,
          data: deployToken(ADDRS[0]!.toString(), 1000n * ETH),
          gasLimit: 3_000_000n,
        }),
      ],
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    b1 = built.block;
    token = built.outcomes[0]!.contractAddress!;
    const next = await env.executor.buildBlock({
      parent: b1,
      txs: [
        tx1559(env.common, KEYS[0]!, {
          nonce: 1n,
          to: token,
          data: hexToBytes(fn(tokenAbi, 'transfer', [ADDRS[1]!.toString(), 5n])),
        }),
      ],
      template: { timestamp: 24n, coinbase: ADDRS[2]! },
    });
    b2 = next.block;
  });

  it('answers a repeated call from the cache, and concurrent identical calls with one execution', async () => {
    const req = { to: token, data: balanceOf(ADDRS[1]!) };
    const [a, b] = await Promise.all([env.executor.call(req, b1), env.executor.call({ ...req }, b1)]);
    expect(a).toBe(b);
    expect(await env.executor.call(req, b1)).toBe(a);
    expect(result(tokenAbi, 'balanceOf', a.returnValue)).toBe(0n);
  });

  it('runs again on another block, and on another state root under the same block hash', async () => {
    const req = { to: token, data: balanceOf(ADDRS[1]!) };
    const r2 = await env.executor.call(req, b2);
    expect(result(tokenAbi, 'balanceOf', r2.returnValue)).toBe(5n);
    // b1 served with b2's state (same hash as b1): the cache must not answer with b1's result.
    const served = withStateRoot(b1, b2.header.stateRoot);
    expect(served.hash()).toEqual(b1.hash());
    const r = await env.executor.call(req, served);
    expect(result(tokenAbi, 'balanceOf', r.returnValue)).toBe(5n);
  });

  it('never caches calls with state or block overrides', async () => {
    const req = { to: token, data: balanceOf(ADDRS[1]!) };
    const plain = await env.executor.call(req, b2);
    const overridden = await env.executor.call(req, b2, {}, undefined);
    expect(overridden).not.toBe(plain);
    const timed = await env.executor.call(req, b2, undefined, { time: 99n });
    expect(timed).not.toBe(plain);
    expect(timed.returnValue).toEqual(plain.returnValue);
  });

  it('does not keep failures: a call that throws runs again', async () => {
    const poor = createAddressFromString(`0x${'77'.repeat(20)}`);
    const req = { from: poor, to: token, value: 1n, data: balanceOf(poor) };
    await expect(env.executor.call(req, b2)).rejects.toBeInstanceOf(TxValidationError);
    await expect(env.executor.call(req, b2)).rejects.toBeInstanceOf(TxValidationError);
  });

  it('keys every request field and every header field the EVM reads', () => {
    const base = { to: token, data: balanceOf(ADDRS[1]!) };
    const k = callKey(base, b1);
    expect(callKey({ ...base }, b1)).toBe(k);
    for (const changed of [
      { ...base, from: ADDRS[0]! },
      { ...base, gas: 100_000n },
      { ...base, gasPrice: 1n },
      { ...base, maxFeePerGas: 1n },
      { ...base, maxPriorityFeePerGas: 1n },
      { ...base, value: 1n },
      { ...base, nonce: 1n },
      { ...base, type: 2 },
      { ...base, data: balanceOf(ADDRS[0]!) },
      { ...base, to: ADDRS[0]! },
      { ...base, accessList: [{ address: token.toString() as `0x${string}`, storageKeys: [] }] },
      { ...base, authorizationList: [{ chainId: 1n }] },
    ]) {
      expect(callKey(changed, b1)).not.toBe(k);
    }
    expect(callKey(base, b2)).not.toBe(k);
    expect(callKey(base, withStateRoot(b1, b2.header.stateRoot))).not.toBe(k);
  });

  it('can be turned off', async () => {
    const off = await createEnv('prague', { callCacheSize: 0 });
    const req = { to: ADDRS[1]!, data: new Uint8Array() };
    const a = await off.executor.call(req, off.genesis);
    expect(await off.executor.call(req, off.genesis)).not.toBe(a);
  });
});

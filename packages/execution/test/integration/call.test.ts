import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Block } from '@ethereumjs/block';
import { type Address, bytesToHex, createAddressFromString, hexToBytes } from '@ethereumjs/util';
import {
  type CallError,
  CallErrorCode,
  ExecutionRevertedError,
  TxValidationError,
  TxValidationErrorCode,
} from '@basalt/execution';
import { encodeErrorResult, keccak256, toHex } from 'viem';
import { deployToken, fn, RevertExamples, result, revertAbi, tokenAbi } from '../helpers/contracts.ts';
import { ADDRS, createEnv, ETH, GWEI, KEYS, type TestEnv, testKZG, tx1559 } from '../helpers/env.ts';

const ZERO = createAddressFromString(`0x${'00'.repeat(20)}`);
const data = (abi: Parameters<typeof fn>[0], name: string, args: unknown[] = []) => hexToBytes(fn(abi, name, args));

describe('execution / call, estimateGas, createAccessList', () => {
  let env: TestEnv;
  let head: Block;
  let token: Address;
  let reverts: Address;

  beforeAll(async () => {
    // A real KZG backend: blob-shaped requests build type-3 transactions.
    env = await createEnv('prague', {}, {}, { kzg: await testKZG() });
    const built = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [
        tx1559(env.common, KEYS[0]!, {
          nonce: 0n,
          data: deployToken(ADDRS[0]!.toString(), 1000n * ETH),
          gasLimit: 3_000_000n,
        }),
        tx1559(env.common, KEYS[0]!, { nonce: 1n, data: RevertExamples.bytecode, gasLimit: 1_000_000n }),
      ],
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    head = built.block;
    token = built.outcomes[0]!.contractAddress!;
    reverts = built.outcomes[1]!.contractAddress!;
  });

  it('call reads balanceOf from the zero address by default, without a signature or funds', async () => {
    const r = await env.executor.call({ to: token, data: data(tokenAbi, 'balanceOf', [ADDRS[0]!.toString()]) }, head);
    expect(r.error).toBeUndefined();
    expect(result(tokenAbi, 'balanceOf', r.returnValue)).toBe(1000n * ETH);
    expect(r.gasUsed > 21_000n).toBe(true);
  });

  it('call reports a revert with geth messages and the data', async () => {
    const s = await env.executor.call({ to: reverts, data: data(revertAbi, 'revertWithString') }, head);
    expect(s.error).toEqual({ reverted: true, message: 'execution reverted: RevertExamples: always' });
    const p = await env.executor.call({ to: reverts, data: data(revertAbi, 'divide', [1n, 0n]) }, head);
    expect(p.error).toEqual({ reverted: true, message: 'execution reverted: division or modulo by zero' });
    const c = await env.executor.call(
      { from: ADDRS[1]!, to: reverts, data: data(revertAbi, 'revertWithCustomError', [7n]) },
      head,
    );
    expect(c.error).toEqual({ reverted: true, message: 'execution reverted' });
    expect(bytesToHex(c.returnValue)).toBe(
      encodeErrorResult({
        abi: revertAbi,
        errorName: 'Unauthorized',
        args: [7n, ADDRS[1]!.toString(), 'custom'],
      } as never),
    );
    const inv = await env.executor.call({ to: reverts, data: data(revertAbi, 'invalidOpcode'), gas: 100_000n }, head);
    expect(inv.error).toEqual({ reverted: false, message: 'invalid opcode' });
    expect(inv.gasUsed).toBe(100_000n);
  });

  it('call checks funds when a gas price is given, with geth wording', async () => {
    const err = (await env.executor
      .call({ from: ZERO, to: token, gas: 50_000n, gasPrice: 2n * GWEI, data: data(tokenAbi, 'totalSupply') }, head)
      .catch((e: unknown) => e)) as TxValidationError;
    expect(err).toBeInstanceOf(TxValidationError);
    expect(err.message).toBe(
      'err: insufficient funds for gas * price + value: address 0x0000000000000000000000000000000000000000 have 0 want 100000000000000 (supplied gas 50000)',
    );
  });

  it('call applies state and block overrides', async () => {
    // Overwrite the token's balances mapping slot for ZERO: OZ5 ERC20 keeps _balances at slot 0.
    const slot = keccak256(`0x${'00'.repeat(32)}${'00'.repeat(32)}`);
    const r = await env.executor.call({ to: token, data: data(tokenAbi, 'balanceOf', [ZERO.toString()]) }, head, {
      [token.toString()]: { stateDiff: { [slot]: `0x${'00'.repeat(31)}2a` } },
    });
    expect(result(tokenAbi, 'balanceOf', r.returnValue)).toBe(42n);
    // Code override: a contract returning NUMBER (block override 77).
    const code = hexToBytes('0x4360005260206000f3');
    const n = await env.executor.call({ to: ADDRS[2]! }, head, { [ADDRS[2]!.toString()]: { code } }, { number: 77n });
    expect(BigInt(bytesToHex(n.returnValue))).toBe(77n);
    // Nothing leaked into the real state.
    const again = await env.executor.call({ to: token, data: data(tokenAbi, 'balanceOf', [ZERO.toString()]) }, head);
    expect(result(tokenAbi, 'balanceOf', again.returnValue)).toBe(0n);
    const both = await env.executor
      .call({ to: token }, head, { [token.toString()]: { state: {}, stateDiff: {} } })
      .catch((e: unknown) => e);
    expect((both as CallError).code).toBe(CallErrorCode.INVALID_STATE_OVERRIDE);
  });

  it('estimateGas gives the least gas that succeeds (estimate - 1 fails)', async () => {
    const req = { from: ADDRS[0]!, to: token, data: data(tokenAbi, 'transfer', [ADDRS[1]!.toString(), 5n * ETH]) };
    const est = await env.executor.estimateGas(req, head);
    const at = await env.executor.call({ ...req, gas: est }, head);
    expect(at.error).toBeUndefined();
    const below = await env.executor.call({ ...req, gas: est - 1n }, head);
    expect(below.error?.message).toBe('out of gas');
    // The SSTORE to a fresh slot needs more than its refund-adjusted use: estimate > gasUsed.
    expect(est >= at.gasUsed).toBe(true);
    // A plain transfer is exactly 21000.
    await expect(env.executor.estimateGas({ from: ADDRS[0]!, to: ADDRS[1]!, value: 1n }, head)).resolves.toBe(21_000n);
  });

  it('estimateGas on a deployment equals the minimum too', async () => {
    const req = { from: ADDRS[1]!, data: hexToBytes(RevertExamples.bytecode) };
    const est = await env.executor.estimateGas(req, head);
    expect((await env.executor.call({ ...req, gas: est }, head)).error).toBeUndefined();
    expect((await env.executor.call({ ...req, gas: est - 1n }, head)).error).toBeDefined();
  });

  it('estimateGas throws ExecutionRevertedError with data, or gas required exceeds allowance', async () => {
    const err = (await env.executor
      .estimateGas({ to: reverts, data: data(revertAbi, 'requireOk', [false]) }, head)
      .catch((e: unknown) => e)) as ExecutionRevertedError;
    expect(err).toBeInstanceOf(ExecutionRevertedError);
    expect(err.message).toBe('execution reverted: RevertExamples: not ok');
    expect(err.data.slice(0, 10)).toBe('0x08c379a0');
    const oog = (await env.executor
      .estimateGas({ to: token, gas: 22_000n, data: data(tokenAbi, 'balanceOf', [ZERO.toString()]) }, head)
      .catch((e: unknown) => e)) as CallError;
    expect([oog.code, oog.message]).toEqual([
      CallErrorCode.GAS_REQUIRED_EXCEEDS_ALLOWANCE,
      'gas required exceeds allowance (22000)',
    ]);
    const poor = (await env.executor
      .estimateGas({ from: ZERO, to: ADDRS[1]!, value: 1n, gasPrice: GWEI }, head)
      .catch((e: unknown) => e)) as CallError;
    expect([poor.code, poor.message]).toEqual([
      CallErrorCode.INSUFFICIENT_FUNDS_FOR_TRANSFER,
      'insufficient funds for transfer',
    ]);
  });

  it('createAccessList lists the slots touched, and its gas matches a call with it', async () => {
    const req = { from: ADDRS[0]!, to: token, data: data(tokenAbi, 'transfer', [ADDRS[1]!.toString(), ETH]) };
    const al = await env.executor.createAccessList(req, head);
    expect(al.error).toBeUndefined();
    expect(al.accessList.map((e) => e.address)).toEqual([token.toString()]);
    expect(al.accessList[0]!.storageKeys.length >= 2).toBe(true);
    const withList = await env.executor.call({ ...req, accessList: al.accessList }, head);
    expect(withList.gasUsed).toBe(al.gasUsed);
  });

  it('estimateGas and call leave no pending trie writes', async () => {
    const before = env.store.pendingWrites;
    await env.executor.call({ to: reverts, data: data(revertAbi, 'emitEvent', ['x']) }, head);
    await env.executor.estimateGas(
      { from: ADDRS[0]!, to: token, data: data(tokenAbi, 'transfer', [ADDRS[1]!.toString(), ETH]) },
      head,
    );
    await env.executor.call({ to: ADDRS[2]! }, head, {
      [ADDRS[2]!.toString()]: { code: hexToBytes('0x4360005260206000f3') },
    });
    expect(env.store.pendingWrites).toBe(before);
  });

  it('a request with blobVersionedHashes runs as a blob transaction (estimateGas 21000, BLOBHASH sees them)', async () => {
    const blobHash = `0x01${'00'.repeat(31)}` as const;
    const blob = { blobVersionedHashes: [blobHash], maxFeePerBlobGas: 5n };
    expect(await env.executor.estimateGas({ from: ADDRS[0]!, to: ADDRS[1]!, value: 1n, ...blob }, head)).toBe(21_000n);
    // PUSH1 0 BLOBHASH PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
    const r = await env.executor.call({ from: ADDRS[0]!, to: ADDRS[2]!, ...blob }, head, {
      [ADDRS[2]!.toString()]: { code: hexToBytes('0x600049600052602060' + '00f3') },
    });
    expect(r.error).toBeUndefined();
    expect(bytesToHex(r.returnValue)).toBe(blobHash);
  });

  it('exposes Transfer topic for reference', () => {
    expect(keccak256(toHex('Transfer(address,address,uint256)'))).toBe(
      '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
    );
    void TxValidationErrorCode;
  });
});

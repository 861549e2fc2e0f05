import { describe, expect, it } from '@jest/globals';
import { createBlockFromBytesArray } from '@ethereumjs/block';
import { createEOACode7702Tx } from '@ethereumjs/tx';
import {
  bigIntToHex,
  bytesToHex,
  createAddressFromString,
  eoaCode7702SignAuthorization,
  hexToBytes,
  intToHex,
} from '@ethereumjs/util';
import {
  BlockValidationErrorCode,
  createExecutor,
  encodeReceiptRLP,
  type BlockValidationError,
} from '@basalt/execution';
import { createStateStore, defaultStateStoreOpts, type Sublevel, sublevel, WriteBatch } from '@basalt/state';
import { RLP } from '@ethereumjs/rlp';
import { createVM, runBlock } from '@ethereumjs/vm';
import { keccak256, toHex } from 'viem';
import { deployToken, fn, RevertExamples, result, revertAbi, tokenAbi } from '../helpers/contracts.ts';
import { ADDRS, CHAIN_ID, createEnv, ETH, GWEI, KEYS, type TestEnv, tx1559, txLegacy } from '../helpers/env.ts';

const TRANSFER_TOPIC = keccak256(toHex('Transfer(address,address,uint256)'));

type RawNode = Uint8Array | RawNode[];

/** Block 1: ADDRS[0] deploys a token holding 1,000 ETH worth of units (its address: outcomes[0].contractAddress). */
async function buildTokenDeploy(env: TestEnv) {
  const deploy = tx1559(env.common, KEYS[0]!, {
    nonce: 0n,
    data: deployToken(ADDRS[0]!.toString(), 1000n * ETH),
    gasLimit: 3_000_000n,
  });
  return env.executor.buildBlock({
    parent: env.genesis,
    txs: [deploy],
    template: { timestamp: 12n, coinbase: ADDRS[2]! },
  });
}

/** The keys (hex) of every trie node stored in `nodes` that `root` reaches, storage tries included. */
async function reachableNodes(nodes: Sublevel, root: Uint8Array): Promise<Set<string>> {
  const seen = new Set<string>();
  const stack: Array<[Uint8Array, boolean]> = [[root, true]];
  const follow = (ref: RawNode, accounts: boolean): void => {
    if (ref instanceof Uint8Array) {
      if (ref.length === 32) stack.push([ref, accounts]);
      return;
    }
    if (ref.length === 17) {
      for (let i = 0; i < 16; i++) follow(ref[i]!, accounts);
      return;
    }
    if (ref.length !== 2) return;
    const path = ref[0] as Uint8Array;
    if (path.length > 0 && path[0]! >> 4 >= 2) {
      const account = accounts && ref[1] instanceof Uint8Array ? (RLP.decode(ref[1]) as Uint8Array[]) : undefined;
      if (account?.[2]?.length === 32) stack.push([account[2], false]);
    } else follow(ref[1]!, accounts);
  };
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [key, accounts] = next;
    const hex = bytesToHex(key);
    if (seen.has(hex)) continue;
    const bytes = await nodes.get(key);
    if (bytes === undefined) continue; // the empty trie's root
    seen.add(hex);
    follow(RLP.decode(bytes) as RawNode, accounts);
  }
  return seen;
}

/** The keys (hex) of the 32-byte (trie node) keys stored in `nodes`. */
async function storedNodes(nodes: Sublevel): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const key of nodes.keys()) if (key.length === 32) keys.add(bytesToHex(key));
  return keys;
}

describe('execution / blocks', () => {
  it('deploys BasaltToken, transfers, reverts; runBlock on a fresh executor gives the same roots', async () => {
    const env = await createEnv();
    const admin = ADDRS[0]!;
    const deploy = tx1559(env.common, KEYS[0]!, {
      nonce: 0n,
      data: deployToken(admin.toString(), 1000n * ETH),
      gasLimit: 3_000_000n,
    });
    const b1 = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [deploy],
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    expect(b1.skipped).toEqual([]);
    expect(b1.outcomes).toHaveLength(1);
    const d = b1.outcomes[0]!;
    expect(d.status).toBe(1);
    const token = d.contractAddress!;
    expect(token.toString()).toBe('0x5fbdb2315678afecb367f032d93f642f64180aa3'); // CREATE(dev0, 0), as on anvil
    // Three RoleGranted, then the constructor's mint: Transfer(0x0 → admin, 1000e18)
    expect(d.logs).toHaveLength(4);
    expect(bytesToHex(d.logs[3]!.topics[0]!)).toBe(TRANSFER_TOPIC);
    expect(BigInt(bytesToHex(d.logs[3]!.data))).toBe(1000n * ETH);
    expect(d.gasUsed).toBe(b1.block.header.gasUsed);
    expect(d.cumulativeGasUsed).toBe(d.gasUsed);
    expect(d.effectiveGasPrice).toBe(b1.block.header.baseFeePerGas! + GWEI);

    const bob = ADDRS[1]!;
    const transfer = tx1559(env.common, KEYS[0]!, {
      nonce: 1n,
      to: token,
      data: fn(tokenAbi, 'transfer', [bob.toString(), 250n * ETH]),
      gasLimit: 100_000n,
    });
    // A transfer of more than bob has: reverts with ERC20InsufficientBalance.
    const bad = tx1559(env.common, KEYS[1]!, {
      nonce: 0n,
      to: token,
      data: fn(tokenAbi, 'transfer', [admin.toString(), 10n ** 30n]),
      gasLimit: 100_000n,
    });
    const gapped = tx1559(env.common, KEYS[0]!, { nonce: 5n, to: bob, value: 1n, gasLimit: 21_000n });
    const b2 = await env.executor.buildBlock({
      parent: b1.block,
      txs: [transfer, bad, gapped],
      template: { timestamp: 24n, coinbase: ADDRS[2]! },
    });
    expect(b2.outcomes.map((o) => o.status)).toEqual([1, 0]);
    expect(b2.skipped.map((s) => s.error.message)).toEqual([
      'nonce too high: address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, tx: 5 state: 2',
    ]);
    const [ok, reverted] = b2.outcomes as [typeof d, typeof d];
    expect(ok.logs).toHaveLength(1);
    expect(bytesToHex(ok.logs[0]!.address)).toBe(token.toString());
    expect(bytesToHex(ok.logs[0]!.topics[2]!)).toBe(bytesToHex(new Uint8Array([...new Uint8Array(12), ...bob.bytes])));
    expect(reverted.error).toBe('execution reverted');
    // ERC20InsufficientBalance(address,uint256,uint256) selector
    expect(bytesToHex(reverted.revertData!.subarray(0, 4))).toBe(
      keccak256(toHex('ERC20InsufficientBalance(address,uint256,uint256)')).slice(0, 10),
    );
    expect(reverted.cumulativeGasUsed).toBe(ok.gasUsed + reverted.gasUsed);
    expect(b2.block.header.gasUsed).toBe(reverted.cumulativeGasUsed);

    // Reads on the state after block 2.
    const bal = await env.executor.call(
      { to: token, data: hexToBytes(fn(tokenAbi, 'balanceOf', [bob.toString()])) },
      b2.block,
    );
    expect(result(tokenAbi, 'balanceOf', bal.returnValue)).toBe(250n * ETH);

    // A second node: fresh store, same genesis, replays both blocks.
    const other = await createEnv();
    expect(bytesToHex(other.genesis.hash())).toBe(bytesToHex(env.genesis.hash()));
    const o1 = await other.executor.runBlock(b1.block, other.genesis);
    const o2 = await other.executor.runBlock(b2.block, b1.block);
    expect(o1.map(encodeReceiptRLP).map(bytesToHex)).toEqual(b1.outcomes.map(encodeReceiptRLP).map(bytesToHex));
    expect(o2.map((o) => [o.status, o.gasUsed, o.error])).toEqual(
      b2.outcomes.map((o) => [o.status, o.gasUsed, o.error]),
    );

    // Tampered state root → STATE_ROOT_MISMATCH, and the replay leaves the node able to retry.
    const raw = b2.block.raw() as unknown as [Uint8Array[], ...unknown[]];
    const header = [...raw[0]];
    header[3] = new Uint8Array(32).fill(7);
    const tampered = createBlockFromBytesArray([header, ...raw.slice(1)] as never, {
      common: env.common,
      setHardfork: true,
    });
    const third = await createEnv();
    await third.executor.runBlock(b1.block, third.genesis);
    const pending = third.store.pendingWrites;
    const err = (await third.executor.runBlock(tampered, b1.block).catch((e: unknown) => e)) as BlockValidationError;
    expect(third.store.pendingWrites).toBe(pending); // an invalid block leaves no trie writes behind
    expect(err.code).toBe(BlockValidationErrorCode.STATE_ROOT_MISMATCH);
    expect(err.type).toMatchObject({
      expected: bytesToHex(header[3]),
      got: bytesToHex(b2.block.header.stateRoot),
      blockNumber: 2n,
    });
    await expect(third.executor.runBlock(b2.block, b1.block)).resolves.toHaveLength(2);

    // Tampered gas used → GAS_USED_MISMATCH (checked before the state root).
    header[3] = b2.block.header.stateRoot;
    header[10] = hexToBytes(bigIntToHex(b2.block.header.gasUsed + 1n));
    const badGas = createBlockFromBytesArray([header, ...raw.slice(1)] as never, {
      common: env.common,
      setHardfork: true,
    });
    const gasErr = (await third.executor.runBlock(badGas, b1.block).catch((e: unknown) => e)) as BlockValidationError;
    expect(gasErr.code).toBe(BlockValidationErrorCode.GAS_USED_MISMATCH);
    expect(gasErr.type).toMatchObject({ expected: b2.block.header.gasUsed + 1n, got: b2.block.header.gasUsed });
  });

  it('consecutive built blocks reuse one state: a chain, a sibling built in between and a reorg replay on a fresh executor', async () => {
    const env = await createEnv();
    const b1 = await buildTokenDeploy(env);
    const token = b1.outcomes[0]!.contractAddress!;
    const send = (nonce: bigint, to: string, amount: bigint) =>
      tx1559(env.common, KEYS[0]!, {
        nonce,
        to: token,
        data: fn(tokenAbi, 'transfer', [to, amount]),
        gasLimit: 100_000n,
      });
    // A chain of one-transaction blocks (the kept state each time), with a sibling of block 3
    // built on block 2 after block 3 (a state the session is not at) and block 4 built on 3 again.
    const built = [b1];
    for (let i = 1n; i <= 2n; i++) {
      const parent = built.at(-1)!.block;
      built.push(
        await env.executor.buildBlock({
          parent,
          txs: [send(i, ADDRS[1]!.toString(), i)],
          template: { timestamp: 12n * (i + 1n), coinbase: ADDRS[2]! },
        }),
      );
    }
    const b2 = built[2]!;
    const b3 = await env.executor.buildBlock({
      parent: b2.block,
      txs: [send(3n, ADDRS[1]!.toString(), 3n)],
      template: { timestamp: 48n, coinbase: ADDRS[2]! },
    });
    const sibling = await env.executor.buildBlock({
      parent: b2.block,
      txs: [send(3n, ADDRS[2]!.toString(), 7n)],
      template: { timestamp: 49n, coinbase: ADDRS[1]! },
    });
    expect(bytesToHex(sibling.block.header.stateRoot)).not.toBe(bytesToHex(b3.block.header.stateRoot));
    const b4 = await env.executor.buildBlock({
      parent: b3.block,
      txs: [send(4n, ADDRS[1]!.toString(), 4n)],
      template: { timestamp: 60n, coinbase: ADDRS[2]! },
    });
    // A build that throws (extra data over 32 bytes) keeps nothing; the next one is right.
    await expect(
      env.executor.buildBlock({
        parent: b4.block,
        txs: [send(5n, ADDRS[1]!.toString(), 5n)],
        template: { timestamp: 72n, coinbase: ADDRS[2]!, extraData: new Uint8Array(33) },
      }),
    ).rejects.toThrow();
    const b5 = await env.executor.buildBlock({
      parent: b4.block,
      txs: [send(5n, ADDRS[1]!.toString(), 5n)],
      template: { timestamp: 72n, coinbase: ADDRS[2]! },
    });
    for (const b of [...built.slice(1), b3, sibling, b4, b5]) expect(b.outcomes.map((o) => o.status)).toEqual([1]);
    // Balance of ADDRS[1] after b5: 1 + 2 + 3 + 4 + 5; on the sibling's branch ADDRS[2] got 7.
    const balanceOf = async (who: string, at: typeof b5) =>
      result(
        tokenAbi,
        'balanceOf',
        (await env.executor.call({ to: token, data: hexToBytes(fn(tokenAbi, 'balanceOf', [who])) }, at.block))
          .returnValue,
      );
    expect(await balanceOf(ADDRS[1]!.toString(), b5)).toBe(15n);
    expect(await balanceOf(ADDRS[2]!.toString(), sibling)).toBe(7n);
    expect(await balanceOf(ADDRS[2]!.toString(), b5)).toBe(0n);
    // A fresh executor replays both branches (runBlock checks every root against the header).
    const other = await createEnv();
    let parent = other.genesis;
    for (const b of [b1, ...built.slice(1), b3, b4, b5]) {
      await other.executor.runBlock(b.block, parent);
      parent = b.block;
    }
    await other.executor.runBlock(sibling.block, b2.block);
  });

  it('a built block stores only the trie nodes its state root reaches, and a fresh store reads it all', async () => {
    const env = await createEnv();
    const nodes = sublevel(env.db, defaultStateStoreOpts.sublevelName);
    const commit = async () => {
      const batch = new WriteBatch();
      env.store.flushInto(batch);
      await batch.commit(env.db);
    };
    const b1 = await buildTokenDeploy(env);
    await commit();
    const token = b1.outcomes[0]!.contractAddress!;
    // Blocks of 24 token transfers to fresh holders and 8 value transfers to fresh accounts: each
    // put rewrites the path to the root, so most intermediate nodes are superseded within a block.
    const holders: string[] = [];
    let parent = b1.block;
    let nonce = 1n;
    for (let b = 0; b < 3; b++) {
      const txs = [];
      for (let i = 0; i < 24; i++) {
        const holder = `0x${(0xa000 + holders.length).toString(16).padStart(40, '0')}`;
        holders.push(holder);
        txs.push(
          tx1559(env.common, KEYS[0]!, {
            nonce: nonce++,
            to: token,
            data: fn(tokenAbi, 'transfer', [holder, BigInt(holders.length)]),
            gasLimit: 100_000n,
          }),
        );
      }
      for (let i = 0; i < 8; i++) {
        const to = createAddressFromString(`0x${(0xb000 + b * 8 + i).toString(16).padStart(40, '0')}`);
        txs.push(tx1559(env.common, KEYS[1]!, { nonce: BigInt(b * 8 + i), to, value: 1n, gasLimit: 21_000n }));
      }
      const before = await storedNodes(nodes);
      const built = await env.executor.buildBlock({
        parent,
        txs,
        template: { timestamp: 12n * BigInt(b + 2), coinbase: ADDRS[2]! },
      });
      expect(built.outcomes.map((o) => o.status)).toEqual(txs.map(() => 1));
      await commit();
      const written = [...(await storedNodes(nodes))].filter((k) => !before.has(k));
      const reachable = await reachableNodes(nodes, built.block.header.stateRoot);
      expect(written.length).toBeGreaterThan(50);
      expect(written.filter((k) => !reachable.has(k))).toEqual([]);
      parent = built.block;
    }
    // A fresh store and executor over the database alone (no pending writes, no caches).
    const store = await createStateStore({ db: env.db });
    const fresh = await createExecutor({ common: env.common, states: store });
    for (const [i, holder] of holders.entries()) {
      const res = await fresh.call({ to: token, data: hexToBytes(fn(tokenAbi, 'balanceOf', [holder])) }, parent);
      expect(result(tokenAbi, 'balanceOf', res.returnValue)).toBe(BigInt(i + 1));
    }
    const sm = await store.openAt(parent.header.stateRoot);
    for (let i = 0; i < 24; i++) {
      const to = createAddressFromString(`0x${(0xb000 + i).toString(16).padStart(40, '0')}`);
      expect((await sm.getAccount(to))?.balance).toBe(1n);
    }
    expect((await sm.getAccount(ADDRS[1]!))?.nonce).toBe(24n);
  });

  it("storage writes deferred to flush give the library's root (uncached state manager, plain vm.runBlock)", async () => {
    const env = await createEnv();
    const b1 = await buildTokenDeploy(env);
    const token = b1.outcomes[0]!.contractAddress!;
    // Many SSTOREs, some slots written twice and one zeroed, in one block.
    const txs = [1n, 2n, 3n, 4n].map((nonce) =>
      tx1559(env.common, KEYS[0]!, {
        nonce,
        to: token,
        data: fn(tokenAbi, 'transfer', [ADDRS[Number(nonce % 2n) + 1]!.toString(), nonce * ETH]),
        gasLimit: 100_000n,
      }),
    );
    const back = tx1559(env.common, KEYS[1]!, {
      nonce: 0n,
      to: token,
      data: fn(tokenAbi, 'transfer', [ADDRS[0]!.toString(), 4n * ETH]),
      gasLimit: 100_000n,
    });
    const b2 = await env.executor.buildBlock({
      parent: b1.block,
      txs: [...txs, back],
      template: { timestamp: 24n, coinbase: ADDRS[2]! },
    });
    expect(b2.outcomes.map((o) => o.status)).toEqual([1, 1, 1, 1, 1]);
    for (const [parent, block] of [
      [env.genesis, b1.block],
      [b1.block, b2.block],
    ] as const) {
      const plain = await createEnv();
      const common = plain.common.copy();
      common.setHardforkBy({ blockNumber: block.header.number, timestamp: block.header.timestamp });
      if (block.header.number === 2n) await plain.executor.runBlock(b1.block, plain.genesis);
      const sm = await plain.store.openAt(parent.header.stateRoot);
      const vm = await createVM({ common, stateManager: sm });
      const res = await runBlock(vm, { block, generate: true, skipHeaderValidation: true });
      expect(bytesToHex(res.stateRoot)).toBe(bytesToHex(block.header.stateRoot));
    }
  });

  it('rejects a block whose tx has a wrong nonce with INVALID_TRANSACTION', async () => {
    const env = await createEnv();
    const good = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [tx1559(env.common, KEYS[0]!, { nonce: 0n, to: ADDRS[1]!, value: 1n, gasLimit: 21_000n })],
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    // Same header, but the body carries a nonce-1 tx: the tx root is recomputed so only execution can fail.
    const txBad = tx1559(env.common, KEYS[0]!, { nonce: 1n, to: ADDRS[1]!, value: 1n, gasLimit: 21_000n });
    const { createBlock } = await import('@ethereumjs/block');
    const { genTransactionsTrieRoot } = await import('@ethereumjs/block');
    const { MerklePatriciaTrie } = await import('@ethereumjs/mpt');
    const txRoot = await genTransactionsTrieRoot([txBad], new MerklePatriciaTrie());
    const bad = createBlock(
      { header: { ...good.block.header.toJSON(), transactionsTrie: txRoot }, transactions: [txBad], withdrawals: [] },
      { common: env.common, setHardfork: true },
    );
    const other = await createEnv();
    const err = (await other.executor.runBlock(bad, other.genesis).catch((e: unknown) => e)) as BlockValidationError;
    expect(err.code).toBe(BlockValidationErrorCode.INVALID_TRANSACTION);
    expect(err.type).toMatchObject({ txIndex: 0, reason: 'nonce too high: tx: 1 state: 0' });
  });

  it('skips txs that do not fit the remaining gas, and stops at maxTxs', async () => {
    const env = await createEnv();
    const txs = [0n, 1n, 2n].map((nonce) =>
      tx1559(env.common, KEYS[0]!, { nonce, to: ADDRS[1]!, value: 1n, gasLimit: 21_000n }),
    );
    const big = tx1559(env.common, KEYS[1]!, { nonce: 0n, to: ADDRS[0]!, value: 1n, gasLimit: 30_000n });
    const built = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [txs[0]!, big, txs[1]!, txs[2]!],
      template: { timestamp: 12n, coinbase: ADDRS[2]!, gasLimit: 50_000n },
    });
    expect(built.outcomes).toHaveLength(2);
    expect(built.skipped.map((s) => s.error.message)).toEqual(['gas limit reached']);
    expect(built.block.header.gasUsed).toBe(42_000n);
    const capped = await env.executor.buildBlock({
      parent: env.genesis,
      txs,
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
      maxTxs: 1,
    });
    expect(capped.outcomes).toHaveLength(1);
  });

  it('skips a tx the EVM throws on (point evaluation without KZG) without leaking its nonce bump', async () => {
    const env = await createEnv();
    const kzg = createAddressFromString('0x000000000000000000000000000000000000000a');
    const txs = [
      tx1559(env.common, KEYS[0]!, { nonce: 0n, to: kzg, value: 1n, gasLimit: 100_000n }),
      tx1559(env.common, KEYS[0]!, { nonce: 1n, to: ADDRS[1]!, value: 1n, gasLimit: 21_000n }),
      tx1559(env.common, KEYS[1]!, { nonce: 0n, to: ADDRS[0]!, value: 1n, gasLimit: 21_000n }),
    ];
    const built = await env.executor.buildBlock({
      parent: env.genesis,
      txs,
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    expect(built.outcomes.map((o) => bytesToHex(o.txHash))).toEqual([bytesToHex(txs[2]!.hash())]);
    expect(built.skipped.map((s) => s.error.message)).toEqual([
      'transaction could not be executed: kzg not initialized',
      'nonce too high: address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, tx: 1 state: 0',
    ]);
    const other = await createEnv();
    await expect(other.executor.runBlock(built.block, other.genesis)).resolves.toHaveLength(1);
  });

  it('builds a legacy-fee block under Berlin (block-number forks)', async () => {
    const env = await createEnv('berlin');
    expect(env.common.hardfork()).toBe('berlin');
    // solc's output for Prague uses PUSH0 (Shanghai): hand-written code instead. The runtime
    // increments slot 0, logs the new value (LOG0) and returns it.
    const runtime = '6000546001018060005560005260206000a060206000f3';
    const counter = txLegacy(env.common, KEYS[0]!, {
      nonce: 0n,
      data: `0x601780600b6000396000f3${runtime}`,
      gasLimit: 500_000n,
    });
    const b1 = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [counter],
      template: { timestamp: 15n, coinbase: ADDRS[2]!, difficulty: 1n },
    });
    expect(b1.block.header.baseFeePerGas).toBeUndefined();
    expect(b1.outcomes[0]!.status).toBe(1);
    expect(b1.outcomes[0]!.effectiveGasPrice).toBe(2n * GWEI);
    const inc = txLegacy(env.common, KEYS[0]!, { nonce: 1n, to: b1.outcomes[0]!.contractAddress! });
    const b2 = await env.executor.buildBlock({
      parent: b1.block,
      txs: [inc],
      template: { timestamp: 30n, coinbase: ADDRS[2]!, difficulty: 1n },
    });
    expect(b2.outcomes[0]!.logs).toHaveLength(1);
    const other = await createEnv('berlin');
    await other.executor.runBlock(b1.block, other.genesis);
    await expect(other.executor.runBlock(b2.block, b1.block)).resolves.toHaveLength(1);
    // A call increments on a throwaway state: 1 stored, so it returns 2, and the next call again 2.
    for (let i = 0; i < 2; i++) {
      const n = await env.executor.call({ to: b1.outcomes[0]!.contractAddress! }, b2.block);
      expect(bytesToHex(n.returnValue)).toBe(`0x${'2'.padStart(64, '0')}`);
    }
  });

  it('runs an EIP-7702 set-code tx: the EOA then runs the delegate code', async () => {
    const env = await createEnv();
    const deploy = tx1559(env.common, KEYS[0]!, { nonce: 0n, data: RevertExamples.bytecode, gasLimit: 1_000_000n });
    const b1 = await env.executor.buildBlock({
      parent: env.genesis,
      txs: [deploy],
      template: { timestamp: 12n, coinbase: ADDRS[2]! },
    });
    const impl = b1.outcomes[0]!.contractAddress!;
    // dev #1 delegates to RevertExamples; dev #0 sends the tx (sponsored).
    const auth = eoaCode7702SignAuthorization(
      { chainId: intToHex(CHAIN_ID), address: impl.toString(), nonce: '0x0' },
      KEYS[1]!,
    );
    const setCode = createEOACode7702Tx(
      {
        chainId: BigInt(CHAIN_ID),
        nonce: 1n,
        maxFeePerGas: 10n * GWEI,
        maxPriorityFeePerGas: GWEI,
        gasLimit: 200_000n,
        to: ADDRS[1]!,
        data: hexToBytes(fn(revertAbi, 'emitEvent', ['hello'])),
        authorizationList: [auth],
      },
      { common: env.common },
    ).sign(KEYS[0]!);
    const b2 = await env.executor.buildBlock({
      parent: b1.block,
      txs: [setCode],
      template: { timestamp: 24n, coinbase: ADDRS[2]! },
    });
    expect(b2.skipped).toEqual([]);
    const o = b2.outcomes[0]!;
    expect(o.type).toBe(4);
    expect(o.status).toBe(1);
    expect(bytesToHex(o.logs[0]!.address)).toBe(ADDRS[1]!.toString());
    const r = await env.executor.call({ to: ADDRS[1]!, data: hexToBytes(fn(revertAbi, 'succeed', [41n])) }, b2.block);
    expect(result(revertAbi, 'succeed', r.returnValue)).toBe(42n);
    const other = await createEnv();
    await other.executor.runBlock(b1.block, other.genesis);
    await expect(other.executor.runBlock(b2.block, b1.block)).resolves.toHaveLength(1);
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { createAccessList2930Tx, createEOACode7702Tx, type TypedTransaction } from '@ethereumjs/tx';
import {
  type Address,
  bytesToHex,
  createAddressFromString,
  createContractAddress,
  eoaCode7702SignAuthorization,
  hexToBytes,
  intToHex,
} from '@ethereumjs/util';
import { CONSOLIDATION_REQUEST_CONTRACT, type RequestContract, WITHDRAWAL_REQUEST_CONTRACT } from '@basalt/execution';
import type { GenesisAlloc } from '@basalt/state';
import { deployToken, fn, RevertExamples, revertAbi, tokenAbi } from '../helpers/contracts.ts';
import { ADDRS, CHAIN_ID, createEnv, ETH, GWEI, KEYS, type TestEnv, tx1559, txLegacy } from '../helpers/env.ts';

const WITHDRAWALS = createAddressFromString(WITHDRAWAL_REQUEST_CONTRACT.address);
const CONSOLIDATIONS = createAddressFromString(CONSOLIDATION_REQUEST_CONTRACT.address);

function requestContracts(): GenesisAlloc {
  const entry = (c: RequestContract) => ({ code: c.code, balance: '0', storage: {} });
  return {
    [WITHDRAWAL_REQUEST_CONTRACT.address]: entry(WITHDRAWAL_REQUEST_CONTRACT),
    [CONSOLIDATION_REQUEST_CONTRACT.address]: entry(CONSOLIDATION_REQUEST_CONTRACT),
  };
}

describe('execution / a built block assembled without BlockBuilder.build()', () => {
  /**
   * Builds the same chain on two executors, one assembling blocks itself and one with the
   * library's `build()`: every block must hash the same. A third executor runs the chain.
   */
  async function buildBoth(
    kind: 'prague' | 'berlin' | 'cancun',
    plan: (common: Common) => TypedTransaction[][],
    template: { difficulty?: bigint } = {},
  ): Promise<void> {
    const extra = kind === 'prague' ? requestContracts() : {};
    const fast: TestEnv = await createEnv(kind, {}, extra);
    const lib: TestEnv = await createEnv(kind, { libraryBuild: true }, extra);
    expect(bytesToHex(fast.genesis.hash())).toBe(bytesToHex(lib.genesis.hash()));
    const blocks: Block[] = [];
    let [pf, pl] = [fast.genesis, lib.genesis];
    for (const [i, txs] of plan(fast.common).entries()) {
      const t = { timestamp: 12n * BigInt(i + 1), coinbase: ADDRS[2]!, ...template };
      const a = await fast.executor.buildBlock({ parent: pf, txs, template: t });
      const b = await lib.executor.buildBlock({ parent: pl, txs, template: t });
      expect(a.skipped).toEqual([]);
      expect(b.skipped).toEqual([]);
      expect(a.outcomes.map((o) => o.status)).toEqual(b.outcomes.map((o) => o.status));
      expect(bytesToHex(a.block.serialize())).toBe(bytesToHex(b.block.serialize()));
      expect(bytesToHex(a.block.hash())).toBe(bytesToHex(b.block.hash()));
      expect(a.block.withdrawals).toEqual(b.block.withdrawals);
      expect(a.block.transactions).toHaveLength(txs.length);
      // The assembled block holds the transactions that ran; the library's re-created them.
      for (const [j, tx] of txs.entries()) {
        expect(a.block.transactions[j]).toBe(tx);
        expect(b.block.transactions[j]).not.toBe(tx);
      }
      blocks.push(a.block);
      [pf, pl] = [a.block, b.block];
    }
    const check = await createEnv(kind, {}, extra);
    let parent = check.genesis;
    for (const block of blocks) {
      await check.executor.runBlock(block, parent);
      parent = block;
    }
  }

  /** Every blob-less transaction type, creations, ERC-20 calls, a revert, several per block. */
  function mixed(common: Common, opts: { types: number[] }): TypedTransaction[][] {
    const [k0, k1, k2] = [KEYS[0]!, KEYS[1]!, KEYS[2]!];
    const [r4, r5, r6] = ['44', '55', '66'].map((b) => createAddressFromString(`0x${b.repeat(20)}`)) as [
      Address,
      Address,
      Address,
    ];
    const token = createContractAddress(ADDRS[0]!, 0n);
    const reverts = createContractAddress(ADDRS[1]!, 0n);
    const call = (key: Uint8Array, nonce: bigint, to: Address, data: `0x${string}`, gasLimit = 200_000n) =>
      opts.types.includes(2)
        ? tx1559(common, key, { nonce, to, data, gasLimit })
        : txLegacy(common, key, { nonce, to, data, gasLimit });
    const blocks: TypedTransaction[][] = [
      [],
      [
        opts.types.includes(2)
          ? tx1559(common, k0, {
              nonce: 0n,
              data: deployToken(ADDRS[0]!.toString(), 1000n * ETH),
              gasLimit: 3_000_000n,
            })
          : txLegacy(common, k0, {
              nonce: 0n,
              data: deployToken(ADDRS[0]!.toString(), 1000n * ETH),
              gasLimit: 3_000_000n,
            }),
      ],
      [
        opts.types.includes(2)
          ? tx1559(common, k1, { nonce: 0n, data: RevertExamples.bytecode, gasLimit: 1_000_000n })
          : txLegacy(common, k1, { nonce: 0n, data: RevertExamples.bytecode, gasLimit: 1_000_000n }),
      ],
      [call(k0, 1n, token, fn(tokenAbi, 'transfer', [r4.toString(), 5n * ETH]))],
      // A transfer that reverts (more than the balance), a revert with a reason, a log.
      [call(k2, 0n, token, fn(tokenAbi, 'transfer', [ADDRS[0]!.toString(), 10n ** 30n]))],
      [call(k1, 1n, reverts, fn(revertAbi, 'revertWithString'))],
      [
        txLegacy(common, k2, { nonce: 1n, to: r5, value: 7n, gasLimit: 21_000n }),
        call(k0, 2n, token, fn(tokenAbi, 'transfer', [r5.toString(), 1n])),
        call(k1, 2n, reverts, fn(revertAbi, 'emitEvent', ['hi'])),
        txLegacy(common, k2, { nonce: 2n, to: r6, value: 8n, gasLimit: 21_000n }),
      ],
      [],
    ];
    if (opts.types.includes(1)) {
      blocks.push([
        createAccessList2930Tx(
          {
            chainId: BigInt(CHAIN_ID),
            nonce: 3n,
            gasPrice: 2n * GWEI,
            gasLimit: 100_000n,
            to: token,
            data: hexToBytes(fn(tokenAbi, 'transfer', [r6.toString(), 2n])),
            accessList: [{ address: token.toString(), storageKeys: [`0x${'00'.repeat(32)}`] }],
          },
          { common },
        ).sign(k0),
      ]);
    }
    if (opts.types.includes(4)) {
      const auth = eoaCode7702SignAuthorization(
        { chainId: intToHex(CHAIN_ID), address: reverts.toString(), nonce: '0x3' },
        k2,
      );
      blocks.push([
        createEOACode7702Tx(
          {
            chainId: BigInt(CHAIN_ID),
            nonce: 3n,
            maxFeePerGas: 10n * GWEI,
            maxPriorityFeePerGas: GWEI,
            gasLimit: 200_000n,
            to: ADDRS[2]!,
            data: hexToBytes(fn(revertAbi, 'emitEvent', ['hello'])),
            authorizationList: [auth],
          },
          { common },
        ).sign(k1),
      ]);
    }
    return blocks;
  }

  it('Prague: empty blocks, types 0/1/2/4, ERC-20, creations, reverts, several per block, requests', async () => {
    await buildBoth('prague', (common) => {
      const blocks = mixed(common, { types: [0, 1, 2, 4] });
      // EIP-7002 and EIP-7251 requests: queued and dequeued, so the requests hash is not the empty one.
      blocks.push([
        tx1559(common, KEYS[0]!, {
          nonce: 4n,
          to: WITHDRAWALS,
          data: new Uint8Array([...new Uint8Array(47), 1, ...new Uint8Array(7), 1]),
          value: 1000n,
          gasLimit: 300_000n,
        }),
        tx1559(common, KEYS[0]!, {
          nonce: 5n,
          to: CONSOLIDATIONS,
          data: new Uint8Array([...new Uint8Array(47), 1, ...new Uint8Array(47), 2]),
          value: 1000n,
          gasLimit: 300_000n,
        }),
      ]);
      blocks.push([]);
      return blocks;
    });
  });

  it('Cancun (blob gas fields, no requests) and Berlin (proof of work: miner reward, no withdrawals)', async () => {
    await buildBoth('cancun', (common) => mixed(common, { types: [0, 1, 2] }));
    await buildBoth('berlin', (common) => mixed(common, { types: [0, 1] }), { difficulty: 1n });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Block } from '@ethereumjs/block';
import type { EVMInterface } from '@ethereumjs/evm';
import { Caches } from '@ethereumjs/statemanager';
import type { TypedTransaction } from '@ethereumjs/tx';
import { bigIntToHex, bytesToHex, createAddressFromString } from '@ethereumjs/util';
import { buildBlock, createVM, runBlock, type VM } from '@ethereumjs/vm';
import {
  answerEmptyRequestQueues,
  CONSOLIDATION_REQUEST_CONTRACT,
  type RequestContract,
  WITHDRAWAL_REQUEST_CONTRACT,
} from '@basalt/execution';
import type { GenesisAlloc } from '@basalt/state';
import { ADDRS, createEnv, KEYS, type TestEnv, tx1559 } from '../helpers/env.ts';

const WITHDRAWALS = createAddressFromString(WITHDRAWAL_REQUEST_CONTRACT.address);
const CONSOLIDATIONS = createAddressFromString(CONSOLIDATION_REQUEST_CONTRACT.address);
const SYSTEM_ADDRESS = '0xfffffffffffffffffffffffffffffffffffffffe';
const MAX = (1n << 256n) - 1n;

/** The two request contracts in a genesis alloc, with `storage` (slot → value) for each. */
function requestContracts(
  storage: { withdrawals?: Record<string, bigint>; consolidations?: Record<string, bigint> } = {},
): GenesisAlloc {
  const entry = (c: RequestContract, s: Record<string, bigint> = {}) => ({
    code: c.code,
    balance: '0',
    storage: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, bigIntToHex(v)])),
  });
  return {
    [WITHDRAWAL_REQUEST_CONTRACT.address]: entry(WITHDRAWAL_REQUEST_CONTRACT, storage.withdrawals),
    [CONSOLIDATION_REQUEST_CONTRACT.address]: entry(CONSOLIDATION_REQUEST_CONTRACT, storage.consolidations),
  };
}

/** Replays `blocks` from genesis with the library alone (no Basalt hook): runBlock checks every root. */
async function replayPlain(env: TestEnv, blocks: Block[]): Promise<Uint8Array[][]> {
  let sm = await env.store.openAt(env.genesis.header.stateRoot);
  const requests: Uint8Array[][] = [];
  for (const block of blocks) {
    const common = env.common.copy();
    common.setHardforkBy({ blockNumber: block.header.number, timestamp: block.header.timestamp });
    const vm = await createVM({ common, stateManager: sm });
    const res = await runBlock(vm, { block, generate: false, skipHeaderValidation: true });
    requests.push((res.requests ?? []).map((r) => r.bytes));
    sm = vm.stateManager as typeof sm;
  }
  return requests;
}

function pragueCommon(env: TestEnv) {
  const common = env.common.copy();
  common.setHardforkBy({ blockNumber: 1n, timestamp: 12n });
  expect(common.hardfork()).toBe('prague');
  return common;
}

/** Counts the system calls to the request contracts that reach the interpreter. */
function countInterpreted(vm: VM): { count: number } {
  const counter = { count: 0 };
  const evm = vm.evm as EVMInterface;
  const inner = evm.runCall.bind(evm);
  evm.runCall = (opts) => {
    if (opts.caller?.toString() === SYSTEM_ADDRESS) counter.count++;
    return inner(opts);
  };
  return counter;
}

describe('execution / request-contract system calls answered without the interpreter', () => {
  it('blocks with and without queued requests: the built chain replays on the plain library path (state roots, requests hashes)', async () => {
    const env = await createEnv('prague', {}, requestContracts());
    const withdrawal = (nonce: bigint, i: number) =>
      tx1559(env.common, KEYS[0]!, {
        nonce,
        to: WITHDRAWALS,
        // validator pubkey (48 bytes) + amount in gwei (8 bytes)
        data: new Uint8Array([...new Uint8Array(47), i, ...new Uint8Array(7), 1]),
        value: 1000n,
        gasLimit: 300_000n,
      });
    const consolidation = (nonce: bigint, i: number) =>
      tx1559(env.common, KEYS[1]!, {
        nonce,
        to: CONSOLIDATIONS,
        // source pubkey (48 bytes) + target pubkey (48 bytes)
        data: new Uint8Array([...new Uint8Array(47), i, ...new Uint8Array(47), i + 1]),
        value: 1000n,
        gasLimit: 300_000n,
      });
    // Empty data: the contracts answer their current fee, reading the excess slot (warm or cold).
    const feeRead = (nonce: bigint, to: typeof WITHDRAWALS) =>
      tx1559(env.common, KEYS[2]!, { nonce, to, gasLimit: 100_000n });
    const plan: TypedTransaction[][] = [
      [], // both queues empty, nothing stored yet
      // 5 withdrawals (target 2: excess 3) and 3 consolidations (2 dequeued per block: 1 left, excess 2)
      [0, 1, 2, 3, 4].map((i) => withdrawal(BigInt(i), i)).concat([0, 1, 2].map((i) => consolidation(BigInt(i), i))),
      [], // withdrawals empty with excess 3 -> 1; the last consolidation dequeued, excess 2 -> 1
      [feeRead(0n, WITHDRAWALS), feeRead(1n, CONSOLIDATIONS)], // both empty: excess 1 -> 0
      [withdrawal(5n, 5)], // one withdrawal queued and dequeued in the same block
      [feeRead(2n, WITHDRAWALS)],
      [],
    ];
    const blocks: Block[] = [];
    let parent = env.genesis;
    for (const [i, txs] of plan.entries()) {
      const built = await env.executor.buildBlock({
        parent,
        txs,
        template: { timestamp: 12n * BigInt(i + 1), coinbase: ADDRS[2]! },
      });
      expect(built.skipped).toEqual([]);
      expect(built.outcomes.map((o) => o.status)).toEqual(txs.map(() => 1));
      blocks.push(built.block);
      parent = built.block;
    }
    const requests = await replayPlain(env, blocks);
    // [deposits, withdrawals, consolidations] per block: 76 bytes a withdrawal, 116 a consolidation.
    expect(requests.map((r) => r.map((b) => b.length))).toEqual([
      [1, 1, 1],
      [1, 1 + 5 * 76, 1 + 2 * 116],
      [1, 1, 1 + 116],
      [1, 1, 1],
      [1, 1 + 76, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    // The fee getter read the excess the system calls left: 1 wei at excess 0 and 1.
    const feeOutcome = await env.executor.call({ to: WITHDRAWALS }, blocks.at(-1)!);
    expect(BigInt(bytesToHex(feeOutcome.returnValue))).toBe(1n);
  });

  it.each([
    ['zero storage', {}],
    ['excess at the inhibitor', { '0x00': MAX }],
    ['excess above the target', { '0x00': 7n }],
    ['excess + count wrapping at 2^256', { '0x00': MAX - 1n, '0x01': 3n }],
    ['a count with an empty queue', { '0x01': 9n }],
    ['head == tail, not zero', { '0x02': 5n, '0x03': 5n, '0x00': 2n }],
    ['a queued request (head != tail): interpreted', { '0x02': 0n, '0x03': 1n, '0x00': 1n }],
  ] as [string, Record<string, bigint>][])(
    '%s: the same state root, requests and next block as the interpreter',
    async (_name, storage) => {
      const env = await createEnv('prague', {}, requestContracts({ withdrawals: storage, consolidations: storage }));
      const queued = storage['0x02'] !== storage['0x03'];
      const run = async (answer: boolean) => {
        const sm = await env.store.openAt(env.genesis.header.stateRoot, { caches: new Caches() });
        const vm = await createVM({ common: pragueCommon(env), stateManager: sm });
        const interpreted = countInterpreted(vm);
        if (answer) answerEmptyRequestQueues(vm);
        const blocks: Block[] = [];
        let parent = env.genesis;
        for (let i = 0n; i < 3n; i++) {
          const builder = await buildBlock(vm, {
            parentBlock: parent,
            headerData: {
              number: parent.header.number + 1n,
              timestamp: parent.header.timestamp + 12n,
              coinbase: ADDRS[2]!,
              parentBeaconBlockRoot: new Uint8Array(32),
            },
            withdrawals: [],
            blockOpts: { putBlockIntoBlockchain: false },
          });
          // A fee read after the system calls: warm or cold slots would change its gas and the root.
          if (i > 0n) await builder.addTransaction(tx1559(env.common, KEYS[0]!, { nonce: i - 1n, to: WITHDRAWALS }));
          const { block, requests } = await builder.build();
          blocks.push(block);
          parent = block;
          expect(requests?.map((r) => r.bytes.length)).toEqual(i === 0n && queued ? [1, 1 + 76, 1 + 116] : [1, 1, 1]);
        }
        return { blocks, interpreted: interpreted.count };
      };
      const plain = await run(false);
      const answered = await run(true);
      for (const [i, b] of answered.blocks.entries()) {
        const p = plain.blocks[i]!;
        expect(bytesToHex(b.header.stateRoot)).toBe(bytesToHex(p.header.stateRoot));
        expect(bytesToHex(b.header.requestsHash!)).toBe(bytesToHex(p.header.requestsHash!));
        expect(bytesToHex(b.header.receiptTrie)).toBe(bytesToHex(p.header.receiptTrie));
        expect(b.header.gasUsed).toBe(p.header.gasUsed);
      }
      expect(plain.interpreted).toBe(6);
      // Two calls a block; a queued request goes to the interpreter in the first block only.
      expect(answered.interpreted).toBe(queued ? 2 : 0);
      // And the plain library replays the answered chain.
      await replayPlain(env, answered.blocks);
    },
  );

  it('other code at the request address goes to the interpreter', async () => {
    const alloc = requestContracts();
    // Same storage layout, one byte of code changed (the consolidation target 1 -> 3).
    alloc[CONSOLIDATION_REQUEST_CONTRACT.address]!.code = CONSOLIDATION_REQUEST_CONTRACT.code.replace(
      '5b6001546001828201',
      '5b6001546003828201',
    );
    expect(alloc[CONSOLIDATION_REQUEST_CONTRACT.address]!.code).not.toBe(CONSOLIDATION_REQUEST_CONTRACT.code);
    const env = await createEnv('prague', {}, alloc);
    const sm = await env.store.openAt(env.genesis.header.stateRoot, { caches: new Caches() });
    const vm = await createVM({ common: pragueCommon(env), stateManager: sm });
    const interpreted = countInterpreted(vm);
    answerEmptyRequestQueues(vm);
    const builder = await buildBlock(vm, {
      parentBlock: env.genesis,
      headerData: { number: 1n, timestamp: 12n, parentBeaconBlockRoot: new Uint8Array(32) },
      withdrawals: [],
      blockOpts: { putBlockIntoBlockchain: false },
    });
    await builder.build();
    expect(interpreted.count).toBe(1);
  });
});

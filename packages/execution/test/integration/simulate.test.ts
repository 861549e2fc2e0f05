import { beforeAll, describe, expect, it } from '@jest/globals';
import { type SimulateError, SimulateErrorCode } from '@basalt/execution';
import { bytesToHex, createAddressFromString, createContractAddress, hexToBytes } from '@ethereumjs/util';
import { ADDRS, createEnv, ETH, GWEI, type TestEnv } from '../helpers/env.ts';

const C0 = createAddressFromString('0xc000000000000000000000000000000000000000');
const C1 = createAddressFromString('0xc100000000000000000000000000000000000000');
const TRANSFER = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

async function refused(p: Promise<unknown>): Promise<SimulateError> {
  try {
    await p;
  } catch (err) {
    return err as SimulateError;
  }
  throw new Error('expected a SimulateError');
}

describe('execution / simulate (eth_simulateV1)', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createEnv();
  });

  it('runs calls in blocks on scratch state: numbers, times, gaps, nonces, transfer logs', async () => {
    const before = env.store.pendingWrites;
    const out = await env.executor.simulate(
      {
        traceTransfers: true,
        blockStateCalls: [
          {
            stateOverrides: { [C0.toString()]: { balance: 1000n } },
            calls: [
              { from: C0, to: C1, value: 600n },
              { from: C1, to: ADDRS[1]!, value: 100n },
            ],
          },
          { blockOverrides: { number: 4n }, calls: [{ from: C0, to: C1, value: 400n }] },
        ],
      },
      env.genesis,
    );
    // Block 1, then 2 and 3 filling the gap, then 4; 12 s apart.
    expect(out.map((b) => b.block.header.number)).toEqual([1n, 2n, 3n, 4n]);
    expect(out.map((b) => b.block.header.timestamp)).toEqual([12n, 24n, 36n, 48n]);
    for (const [i, b] of out.entries()) {
      const parent = i === 0 ? env.genesis : out[i - 1]!.block;
      expect(bytesToHex(b.block.header.parentHash)).toBe(bytesToHex(parent.hash()));
      // Without validation the base fee is 0.
      expect(b.block.header.baseFeePerGas).toBe(0n);
    }
    const [first, , , last] = out;
    expect(first!.calls.map((c) => [c.status, c.gasUsed])).toEqual([
      [1, 21_000n],
      [1, 21_000n],
    ]);
    expect(first!.block.header.gasUsed).toBe(42_000n);
    expect(first!.senders.map((s) => s.toString())).toEqual([C0.toString(), C1.toString()]);
    // Transactions are unsigned, with hashes; the sender's nonce went up (0, then 1 in block 4).
    expect(first!.block.transactions.map((t) => t.nonce)).toEqual([0n, 0n]);
    expect(last!.block.transactions[0]!.nonce).toBe(1n);
    expect(last!.calls[0]!.status).toBe(1);
    const log = first!.calls[0]!.logs[0]!;
    expect(bytesToHex(log.address)).toBe('0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee');
    expect(bytesToHex(log.topics[0]!)).toBe(TRANSFER);
    expect(bytesToHex(log.blockHash)).toBe(bytesToHex(first!.block.hash()));
    expect(bytesToHex(log.transactionHash)).toBe(bytesToHex(first!.block.transactions[0]!.hash()));
    expect(first!.calls[1]!.logs[0]!.logIndex).toBe(1);
    // Nothing is kept.
    expect(env.store.pendingWrites).toBe(before);
    expect((await (await env.store.openAt(env.genesis.header.stateRoot)).getAccount(C0))?.balance ?? 0n).toBe(0n);
  });

  it("puts a block's state overrides in its state root, calls or not; a bare precompile move creates no account", async () => {
    const root = async (blockStateCalls: Parameters<TestEnv['executor']['simulate']>[0]['blockStateCalls']) =>
      bytesToHex((await env.executor.simulate({ blockStateCalls }, env.genesis))[0]!.block.header.stateRoot);
    const empty = await root([{}]);
    expect(await root([{ stateOverrides: { [C0.toString()]: { balance: 5n } } }])).not.toBe(empty);
    const ecrecover = '0x0000000000000000000000000000000000000001';
    expect(await root([{ stateOverrides: { [ecrecover]: { movePrecompileToAddress: C1.toString() } } }])).toBe(empty);
    // The moved precompile answers at its new address (ecrecover of garbage returns nothing, but succeeds).
    const [b] = await env.executor.simulate(
      {
        blockStateCalls: [
          {
            stateOverrides: { [ecrecover]: { movePrecompileToAddress: C1.toString() } },
            calls: [{ from: ADDRS[0]!, to: C1, data: new Uint8Array(128) }],
          },
        ],
      },
      env.genesis,
    );
    expect(b!.calls[0]!.status).toBe(1);
    expect(b!.calls[0]!.gasUsed).toBeGreaterThan(21_000n + 3_000n);
  });

  it('traceTransfers names the address a nested CREATE with value made', async () => {
    const [b] = await env.executor.simulate(
      {
        traceTransfers: true,
        blockStateCalls: [
          {
            // PUSH1 0 (size) PUSH1 0 (offset) PUSH1 1 (value) CREATE STOP
            stateOverrides: { [C0.toString()]: { balance: 10n, code: hexToBytes('0x600060006001f000') } },
            calls: [{ from: ADDRS[0]!, to: C0 }],
          },
        ],
      },
      env.genesis,
    );
    const logs = b!.calls[0]!.logs;
    expect(logs).toHaveLength(1);
    expect(bytesToHex(logs[0]!.topics[1]!)).toBe(`0x${'00'.repeat(12)}${C0.toString().slice(2)}`);
    expect(bytesToHex(logs[0]!.topics[2]!)).toBe(
      `0x${'00'.repeat(12)}${createContractAddress(C0, 0n).toString().slice(2)}`,
    );
  });

  it('reports reverts (code 3, data) and VM errors (-32015) per call', async () => {
    const [b] = await env.executor.simulate(
      {
        blockStateCalls: [
          {
            stateOverrides: {
              // PUSH1 0 PUSH1 0 REVERT / INVALID
              [C0.toString()]: { code: hexToBytes('0x60006000fd') },
              [C1.toString()]: { code: hexToBytes('0xfe') },
            },
            calls: [
              { from: ADDRS[0]!, to: C0 },
              { from: ADDRS[0]!, to: C1, gas: 100_000n },
            ],
          },
        ],
      },
      env.genesis,
    );
    expect(b!.calls[0]!.error).toEqual({ code: 3, message: 'execution reverted', data: '0x' });
    expect(b!.calls[0]!.returnData.length).toBe(0);
    expect(b!.calls[1]!.status).toBe(0);
    expect(b!.calls[1]!.error?.code).toBe(-32015);
    expect(b!.calls[1]!.gasUsed).toBe(100_000n);
  });

  it('lets a contract send, and a sender at nonce 2^64-1 wraps to 0 (without validation) as geth does', async () => {
    const max = 2n ** 64n - 1n;
    const [b] = await env.executor.simulate(
      {
        blockStateCalls: [
          {
            stateOverrides: { [C0.toString()]: { nonce: max, balance: ETH, code: hexToBytes('0x00') } },
            calls: [
              { from: C0, to: C1, value: 1n },
              { from: C0, to: C1, value: 1n },
            ],
          },
        ],
      },
      env.genesis,
    );
    expect(b!.calls.map((c) => c.status)).toEqual([1, 1]);
    expect(b!.block.transactions.map((t) => t.nonce)).toEqual([max, 0n]);
    const refusal = await refused(
      env.executor.simulate(
        {
          validation: true,
          blockStateCalls: [
            {
              stateOverrides: { [C0.toString()]: { nonce: max, balance: ETH } },
              calls: [{ from: C0, to: C1, nonce: max, maxFeePerGas: 10n * GWEI }],
            },
          ],
        },
        env.genesis,
      ),
    );
    expect(refusal.code).toBe(SimulateErrorCode.INVALID_TX);
    expect(refusal.message).toMatch(/^nonce has max value/);
  });

  it('refuses with geth codes: block order, timestamps, funds, base fee, nonce (validation)', async () => {
    const s = (input: Parameters<TestEnv['executor']['simulate']>[0]) => env.executor.simulate(input, env.genesis);
    expect(
      (await refused(s({ blockStateCalls: [{ blockOverrides: { number: 2n } }, { blockOverrides: { number: 2n } }] })))
        .code,
    ).toBe(SimulateErrorCode.BLOCK_NUMBER_INVALID);
    expect((await refused(s({ blockStateCalls: [{ blockOverrides: { time: 0n } }] }))).code).toBe(
      SimulateErrorCode.BLOCK_TIMESTAMP_INVALID,
    );
    expect((await refused(s({ blockStateCalls: [{ calls: [{ from: C0, to: C1, value: 1n }] }] }))).code).toBe(
      SimulateErrorCode.INSUFFICIENT_FUNDS,
    );
    expect(
      (
        await refused(
          s({ validation: true, blockStateCalls: [{ calls: [{ from: ADDRS[0]!, to: C1, maxFeePerGas: 1n }] }] }),
        )
      ).code,
    ).toBe(SimulateErrorCode.BASE_FEE_TOO_LOW);
    expect(
      (
        await refused(
          s({
            validation: true,
            blockStateCalls: [{ calls: [{ from: ADDRS[0]!, to: C1, nonce: 5n, maxFeePerGas: 10n * GWEI }] }],
          }),
        )
      ).code,
    ).toBe(SimulateErrorCode.NONCE_TOO_HIGH);
    expect((await refused(s({ blockStateCalls: Array.from({ length: 257 }, () => ({})) }))).code).toBe(
      SimulateErrorCode.CLIENT_LIMIT_EXCEEDED,
    );
    // With validation the base fee follows the parent and the sender pays for gas.
    const [b] = await s({
      validation: true,
      blockStateCalls: [{ calls: [{ from: ADDRS[0]!, to: C1, value: ETH, maxFeePerGas: 10n * GWEI }] }],
    });
    expect(b!.block.header.baseFeePerGas).toBe(env.genesis.header.calcNextBaseFee());
    expect(b!.calls[0]!.status).toBe(1);
  });
});

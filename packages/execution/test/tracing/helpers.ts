// Tiny hand-assembled contracts whose traces can be written down from geth's rules.
import { type Address, bytesToHex, createAddressFromString } from '@ethereumjs/util';
import { createTracer } from '@basalt/execution';
import { ADDRS, createEnv, KEYS, type TestEnv, tx1559 } from '../helpers/env.ts';

/** slot0 += 1: PUSH1 1, PUSH1 0, SLOAD, ADD, PUSH1 0, SSTORE, STOP. */
export const INCREMENT_CODE = '0x60016000540160005500';
export const B = createAddressFromString('0x00000000000000000000000000000000000000bb');
export const A = createAddressFromString('0x00000000000000000000000000000000000000aa');

/** CALL(gas: GAS, to: B, value 0, no input, no output), STOP. */
export const CALLER_CODE = `0x60006000600060006000${'73'}${B.toString().slice(2)}5af100`;

export interface TraceEnv extends TestEnv {
  tracer: ReturnType<typeof createTracer>;
}

export async function traceEnv(extra: Record<string, { code?: string; balance?: string }> = {}): Promise<TraceEnv> {
  const env = await createEnv(
    'prague',
    {},
    {
      [A.toString()]: { code: CALLER_CODE },
      [B.toString()]: { code: INCREMENT_CODE },
      ...extra,
    },
  );
  return { ...env, tracer: createTracer({ common: env.common, states: env.store }) };
}

/** Builds block 1 on genesis with `txs`; coinbase is dev account #2. */
export async function mine(env: TestEnv, txs: ReturnType<typeof tx1559>[]) {
  const built = await env.executor.buildBlock({
    parent: env.genesis,
    txs,
    template: { timestamp: 12n, coinbase: ADDRS[2]! },
  });
  if (built.skipped.length > 0) throw built.skipped[0]!.error;
  return built;
}

export function call(env: TestEnv, to: Address, nonce = 0n, gasLimit = 100_000n, data?: string) {
  return tx1559(env.common, KEYS[0]!, {
    nonce,
    to,
    gasLimit,
    ...(data !== undefined ? { data: data as `0x${string}` } : {}),
  });
}

export const lower = (a: Address) => a.toString();
export const hex = bytesToHex;

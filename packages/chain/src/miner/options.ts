import { createZeroAddress } from '@ethereumjs/util';
import type { MinerOpts } from './types.ts';

/** The defaults of {@link MinerOpts} (`automine` defaults to `blockTime === undefined`). */
export const defaultMinerOpts = {
  blockTime: 0,
  coinbase: createZeroAddress(),
  extraData: new Uint8Array(0),
  maxTxsPerBlock: Number.POSITIVE_INFINITY,
} satisfies Omit<MinerOpts, 'automine' | 'gasLimit'>;

/** The least gas a transaction can use; bounds the candidates offered to one block. */
export const TX_BASE_GAS = 21_000n;

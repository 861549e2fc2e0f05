import { bytesToHex, concatBytes, hexToBytes, setLengthRight } from '@ethereumjs/util';
import { devGenesis, type DevGenesisOpts, type GethGenesis } from '../shared.ts';
import { EXTRA_SEAL, EXTRA_VANITY } from './constants.ts';
import { CliqueError, CliqueErrorCode } from './errors.ts';

function invalid(name: string, reason: string): CliqueError {
  return new CliqueError({ code: CliqueErrorCode.INVALID_ARGUMENT, name, reason }, `invalid ${name}: ${reason}`);
}

/**
 * The extraData of a checkpoint header (the genesis, every epoch block): 32 bytes of vanity, the
 * signers in ascending order (20 bytes each), 65 zero bytes of seal space.
 */
export function cliqueCheckpointExtraData(
  signers: readonly string[],
  vanity: Uint8Array<ArrayBufferLike> = new Uint8Array(0),
): Uint8Array {
  if (vanity.length > EXTRA_VANITY) throw invalid('vanity', `more than ${EXTRA_VANITY} bytes`);
  const sorted = [...new Set(signers.map((s) => s.toLowerCase()))].sort();
  for (const s of sorted) if (!/^0x[0-9a-f]{40}$/.test(s)) throw invalid('signer', `not an address: ${s}`);
  return concatBytes(
    setLengthRight(vanity, EXTRA_VANITY),
    ...sorted.map((s) => hexToBytes(s as `0x${string}`)),
    new Uint8Array(EXTRA_SEAL),
  );
}

/** Input of {@link cliqueGenesis}: a devnet genesis plus the validators and Clique's settings. */
export interface CliqueGenesisOpts extends Omit<DevGenesisOpts, 'clique' | 'extraData'> {
  /** The initial validators (0x addresses); at least one. */
  signers: string[];
  /** Seconds between blocks (EIP-225 BLOCK_PERIOD). Default 1. */
  period?: number;
  /** Blocks between checkpoints, where votes reset (EIP-225 EPOCH_LENGTH). Default 30 000. */
  epoch?: number;
}

/**
 * A geth-style Clique genesis: `devGenesis` with `config.clique`, the signers in extraData,
 * difficulty 1, and no `terminalTotalDifficulty` (the chain never hands over to proof of stake;
 * the forks up to `hardfork`, Prague by default, are active from genesis, see docs/consensus.md).
 */
export function cliqueGenesis(opts: CliqueGenesisOpts): GethGenesis {
  if (opts.signers.length === 0) throw invalid('signers', 'at least one validator is needed');
  const period = opts.period ?? 1;
  const epoch = opts.epoch ?? 30_000;
  if (!Number.isSafeInteger(period) || period < 0) throw invalid('period', String(period));
  if (!Number.isSafeInteger(epoch) || epoch < 1) throw invalid('epoch', String(epoch));
  const { signers: _signers, period: _period, epoch: _epoch, ...dev } = opts;
  const genesis = devGenesis({
    ...dev,
    clique: { period, epoch },
    extraData: bytesToHex(cliqueCheckpointExtraData(opts.signers)),
  });
  delete genesis.config.terminalTotalDifficulty;
  genesis.difficulty = '0x1';
  return genesis;
}

export {
  ALLOWED_FUTURE_SECONDS,
  DIFF_IN_TURN,
  DIFF_NO_TURN,
  EXTRA_SEAL,
  EXTRA_VANITY,
  NONCE_AUTH,
  NONCE_DROP,
  WIGGLE_MS,
} from './constants.ts';
export {
  type CliqueEngineDeps,
  type CliqueEngineOpts,
  type CliqueHeaderSource,
  CliqueEngine,
  checkpointSigners,
  createCliqueEngine,
  defaultCliqueEngineOpts,
} from './engine.ts';
export { CliqueError, CliqueErrorCode, type CliqueErrorType } from './errors.ts';
export { type CliqueGenesisOpts, cliqueCheckpointExtraData, cliqueGenesis } from './genesis.ts';
export { CliqueSigner, recoverSigner } from './signer.ts';
export { type CliqueHeaderInfo, type CliqueTally, type CliqueVote, Snapshot, type SnapshotJSON } from './snapshot.ts';
export {
  type CliqueProducerChain,
  type CliqueProducerDeps,
  type CliqueProducerEvents,
  type CliqueProducerOpts,
  type CliqueProducerState,
  CliqueProducer,
  createCliqueProducer,
} from './producer.ts';

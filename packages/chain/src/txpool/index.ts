export { TxPoolError, TxPoolErrorCode, type TxPoolErrorType } from './errors.ts';
export { defaultTxPoolOpts } from './options.ts';
export { createTxPool, TxDropReason } from './txPool.ts';
export type { AccountInfo, TxPool, TxPoolDeps, TxPoolEvents, TxPoolOpts } from './types.ts';

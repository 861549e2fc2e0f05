export { DEFAULT_MNEMONIC, type DevAccount, deriveDevAccounts } from './accounts.ts';
export { type DevNodeConfig, defaultDevNodeConfig } from './config.ts';
export { type BasaltNode, createDevNode, type DevNodeHooks } from './createNode.ts';
export { nativeCustomCrypto } from './crypto.ts';
export { ConsoleLogger, type ConsoleLoggerOpts } from './logger.ts';
export { VERSION } from './version.ts';

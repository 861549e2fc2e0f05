#!/usr/bin/env node
// The `basalt` command: parses flags into a config, starts a node, stops it on SIGINT/SIGTERM.
import { Command, InvalidArgumentError, Option } from 'commander';
import { type DevNodeConfig, defaultDevNodeConfig } from './config.ts';
import { startDevNode } from './devCommand.ts';
import { VERSION } from './version.ts';

function intArg(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer in [${min}, ${max}]`);
    return n;
  };
}
function bigArg(name: string) {
  return (v: string): bigint => {
    try {
      const n = BigInt(v);
      if (n < 0n) throw new RangeError();
      return n;
    } catch {
      throw new InvalidArgumentError(`${name} must be a non-negative integer (decimal or 0x hex)`);
    }
  };
}
function secondsArg(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('block time must be a positive number of seconds');
  return n;
}

const program = new Command('basalt')
  .description('Basalt: an EVM-compatible chain in TypeScript')
  .version(VERSION, '-V, --version');

const d = defaultDevNodeConfig;
program
  .command('dev')
  .description('start a local devnet (instant mining, funded dev accounts), like anvil')
  .option('-p, --port <port>', 'RPC port (HTTP and WebSocket)', intArg('port', 0, 65535), d.port)
  .option('--host <host>', 'RPC interface to bind', d.host)
  .option('--chain-id <id>', 'chain id', bigArg('chain id'), d.chainId)
  .option('-a, --accounts <n>', 'number of dev accounts', intArg('accounts', 0, 1000), d.accounts)
  .option('-m, --mnemonic <phrase>', 'BIP-39 mnemonic of the dev accounts', d.mnemonic)
  .option('--derivation-path <path>', 'derivation path of the dev accounts', d.derivationPath)
  .option('--balance <eth>', 'balance of each dev account, in ether', bigArg('balance'), d.balance / 10n ** 18n)
  .option('-b, --block-time <seconds>', 'mine a block every N seconds instead of on each transaction', secondsArg)
  .option('--no-mining', 'do not mine; blocks are made only on demand (evm_mine)')
  .option('--gas-limit <gas>', 'block gas limit', bigArg('gas limit'), d.gasLimit)
  .option('--base-fee <wei>', 'base fee of the genesis block', bigArg('base fee'), d.baseFee)
  .addOption(
    new Option('--hardfork <name>', 'EVM rules')
      .default(d.hardfork)
      .choices(['prague', 'cancun', 'shanghai', 'paris', 'london', 'berlin', 'istanbul']),
  )
  .option('--genesis <file>', 'a geth-style genesis.json instead of the generated dev genesis')
  .option('--data-dir <dir>', 'keep the chain in this directory (without it the devnet is in memory)')
  .addOption(
    new Option('--log-level <level>', 'log level').default(d.logLevel).choices(['error', 'warn', 'info', 'debug']),
  )
  .addOption(new Option('--log-format <format>', 'log format').default(d.logFormat).choices(['pretty', 'json']))
  .option('--cors <origins>', 'allowed CORS origins (comma-separated, * for any)')
  .option('--silent', 'do not print the banner', false)
  .action(async (o) => {
    const config: DevNodeConfig = {
      ...d,
      host: o.host,
      port: o.port,
      chainId: o.chainId,
      accounts: o.accounts,
      mnemonic: o.mnemonic,
      derivationPath: o.derivationPath,
      balance: BigInt(o.balance) * 10n ** 18n,
      blockTime: o.blockTime,
      noMining: o.mining === false,
      gasLimit: o.gasLimit,
      baseFee: o.baseFee,
      hardfork: o.hardfork,
      genesisFile: o.genesis,
      dataDir: o.dataDir,
      logLevel: o.logLevel,
      logFormat: o.logFormat,
      cors: o.cors,
      silent: o.silent,
    };
    await startDevNode(config);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`basalt: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

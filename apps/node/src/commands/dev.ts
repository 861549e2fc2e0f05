import { Command, Option } from 'commander';
import { type DevNodeConfig, defaultDevNodeConfig } from '../config.ts';
import { startDevNode } from '../devCommand.ts';
import { forkConfigFromFlags } from '../fork/flags.ts';
import { bigArg, bootnodesArg, intArg, secondsArg } from './args.ts';

/** `basalt dev`: a local devnet, like anvil. */
export function devCommand(): Command {
  const d = defaultDevNodeConfig;
  return new Command('dev')
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
    .option('--load-state <file>', 'load a state file (anvil_dumpState JSON) over the head state at start')
    .option('--dump-state <file>', 'write the head state to this file (JSON) when the node stops')
    .option('--deploy-tokens', 'deploy the example token set from the first dev account and print its addresses', false)
    .option('-f, --fork-url <url>', "fork this node's chain: state is read from it lazily at the fork block")
    .option('--fork-block-number <n>', 'the block to fork at (default: the latest)', bigArg('fork block number'))
    .option('--fork-timeout <ms>', 'milliseconds one request to the fork source may take', intArg('fork timeout', 1))
    .option('--fork-retries <n>', 'retries of a failed request to the fork source', intArg('fork retries', 0, 100))
    .option(
      '--p2p-port <port>',
      'run a p2p host on this TCP port (0: any free one) so `basalt start` nodes can follow',
      intArg('p2p port', 0, 65535),
    )
    .option('--p2p-host <host>', 'p2p interface (with --p2p-port)', '127.0.0.1')
    .option('--bootnodes <multiaddrs>', 'peers to dial (with --p2p-port), comma-separated multiaddrs', bootnodesArg, [])
    .option('--write-genesis <file>', "write this node's genesis (geth JSON) to a file at start, for followers")
    .action(async (o, cmd: Command) => {
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
        loadState: o.loadState,
        dumpState: o.dumpState,
        deployTokens: o.deployTokens,
        p2p: o.p2pPort === undefined ? undefined : { host: o.p2pHost, port: o.p2pPort, bootnodes: o.bootnodes },
        writeGenesis: o.writeGenesis,
        fork: forkConfigFromFlags(o, (name) => cmd.getOptionValueSource(name) === 'cli'),
      };
      await startDevNode(config);
    });
}

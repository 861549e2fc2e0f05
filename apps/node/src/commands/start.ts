import { bytesToHex } from '@ethereumjs/util';
import { stopOnSignals } from '../lifecycle.ts';
import { Command, Option } from 'commander';
import type { LogLevel } from '@basalt/common';
import { cliqueNodeDeps } from '../clique/cliqueNode.ts';
import { obtainPassword, readValidatorKey } from '../clique/keystore.ts';
import {
  createFullNode,
  defaultFullNodeConfig,
  engineForGenesis,
  type FullNode,
  type FullNodeConfig,
  type FullNodeDeps,
} from '../createFullNode.ts';
import { ConsoleLogger } from '../logger.ts';
import { attachSyncProgress } from '../p2p/syncProgress.ts';
import { bootnodesArg, intArg } from './args.ts';

/** `Validator: 0x...` for a sealing Clique node (the address only). */
function validatorLine(engine: FullNode['engine']): string[] {
  const address = (engine as { signerAddress?: () => { toString(): string } | undefined }).signerAddress?.();
  return address === undefined ? [] : [`Validator:     ${address.toString()}`];
}

/** The lines `basalt start` prints once the node is up (a follower's bootnode line comes from here). */
export function startBanner(node: FullNode): string {
  const { host, port } = node.rpcAddress();
  const head = node.chain.head();
  const lines = [
    '',
    '  Basalt node',
    '',
    `Chain ID:      ${node.chain.chainId}`,
    `Genesis:       ${bytesToHex(node.chain.genesis.hash())}`,
    `Head:          #${head.header.number} ${bytesToHex(head.hash())}`,
    `Engine:        ${node.engine.name}`,
    ...validatorLine(node.engine),
    `Peer id:       ${node.p2p.peerId()}`,
    ...node.p2p.listenAddrs().map((a) => `P2P:           ${a}`),
    `RPC:           http://${host}:${port}`,
    '',
    `Listening on ${host}:${port}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Runs a full node until SIGINT/SIGTERM: builds it with `deps` (a producer and an engine may be
 * passed in, e.g. Clique's), prints the banner, shows sync progress on stderr.
 */
export async function runFullNode(
  config: FullNodeConfig,
  logOpts: { logLevel: LogLevel; logFormat: 'pretty' | 'json' },
  deps: Omit<FullNodeDeps, 'logger'> = {},
): Promise<FullNode> {
  const logger = new ConsoleLogger({ level: logOpts.logLevel, format: logOpts.logFormat });
  const node = await createFullNode(config, { ...deps, logger });
  const detach = attachSyncProgress(node.p2p);
  stopOnSignals(node, logger, detach);
  await node.start();
  process.stdout.write(startBanner(node));
  return node;
}

/** `basalt start`: a full node (a follower unless a producer is added, see docs/network.md). */
export function startCommand(): Command {
  const d = defaultFullNodeConfig;
  return new Command('start')
    .description('run a full node: sync the chain of --genesis from its peers, check every block, serve RPC')
    .requiredOption('--data-dir <dir>', 'where the chain and the peer key are kept')
    .option('--genesis <file>', 'the geth-style genesis.json of the chain (optional once the data dir holds it)')
    .option('--bootnodes <multiaddrs>', 'peers to dial, comma-separated multiaddrs with /p2p/<id>', bootnodesArg, [])
    .option('--p2p-port <port>', 'p2p TCP port (0: any free one)', intArg('p2p port', 0, 65535), d.p2p.port)
    .option('--p2p-host <host>', 'p2p interface (0.0.0.0 to accept peers from other machines)', d.p2p.host)
    .option(
      '--rpc-port <port>',
      'RPC port (HTTP and WebSocket; 0: any free one)',
      intArg('rpc port', 0, 65535),
      d.rpc.port,
    )
    .option('--rpc-host <host>', 'RPC interface to bind', d.rpc.host)
    .option('--validator-key <file>', 'seal Clique blocks with this key file (`basalt keys new`)')
    .option('--password-file <file>', "the validator key's passphrase (first line); else asked on the terminal")
    .addOption(
      new Option('--log-level <level>', 'log level').default('info').choices(['error', 'warn', 'info', 'debug']),
    )
    .addOption(new Option('--log-format <format>', 'log format').default('pretty').choices(['pretty', 'json']))
    .action(async (o) => {
      const config: FullNodeConfig = {
        dataDir: o.dataDir,
        genesisFile: o.genesis,
        p2p: { host: o.p2pHost, port: o.p2pPort, bootnodes: o.bootnodes },
        rpc: { host: o.rpcHost, port: o.rpcPort },
      };
      const signer =
        o.validatorKey === undefined
          ? undefined
          : await readValidatorKey(o.validatorKey, await obtainPassword(o.passwordFile, false));
      const deps = cliqueNodeDeps({
        signer,
        hasBootnodes: config.p2p.bootnodes.length > 0,
        fallback: (genesis, ctx) => engineForGenesis(genesis, ctx),
      });
      await runFullNode(config, { logLevel: o.logLevel, logFormat: o.logFormat }, deps);
    });
}

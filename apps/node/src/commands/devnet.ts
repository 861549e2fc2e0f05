// `basalt devnet`: a local Clique network of N `basalt start` processes on 127.0.0.1, with a
// control port to kill, restart, cut off and reconnect nodes (docs/network.md).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULT_MNEMONIC, deriveDevAccounts } from '../accounts.ts';
import { builtCli } from '../cliPath.ts';
import { startControlServer } from '../devnet/control.ts';
import { createDevnet } from '../devnet/network.ts';
import { prepareDevnet } from '../devnet/setup.ts';
import { NodeError, NodeErrorCode } from '../errors.ts';
import { ConsoleLogger } from '../logger.ts';
import { intArg } from './args.ts';

/** `basalt devnet`. */
export function devnetCommand(): Command {
  return new Command('devnet')
    .description('run a local Clique network: N node processes on 127.0.0.1, M of them validators')
    .option('--nodes <n>', 'node processes', intArg('nodes', 1, 64), 4)
    .option('--validators <m>', 'validators among them (the first M nodes)', intArg('validators', 1, 64), 3)
    .option(
      '--rpc-port-base <port>',
      'RPC of node i (from 0) on this + i; 0: any free ports',
      intArg('rpc port base', 0, 65535),
      8545,
    )
    .option(
      '--p2p-port-base <port>',
      'p2p port of node i on this + i; 0: any free ports',
      intArg('p2p port base', 0, 65535),
      30303,
    )
    .option(
      '--control-port <port>',
      'the devnet_ control port (default: rpc port base - 1; 0: any free port)',
      intArg('control port', 0, 65535),
    )
    .option(
      '--dir <dir>',
      'keys, genesis, data dirs and logs (default: a new temporary directory); reused when it holds a devnet',
    )
    .option('--period <seconds>', 'seconds between blocks', intArg('period', 1, 3600), 1)
    .option('--epoch <blocks>', 'blocks between Clique checkpoints', intArg('epoch', 1), 30_000)
    .option('--chain-id <id>', 'chain id', intArg('chain id', 1), 31337)
    .addOption(
      new Option('--node-log-level <level>', "the nodes' log level (their logs are <dir>/node<i>.log)")
        .default('info')
        .choices(['error', 'warn', 'info', 'debug']),
    )
    .action(async (o) => {
      if (o.validators > o.nodes) {
        throw new NodeError(
          { code: NodeErrorCode.INVALID_CONFIG, field: 'validators' },
          `--validators ${o.validators} is more than --nodes ${o.nodes}`,
        );
      }
      const logger = new ConsoleLogger({ level: 'info', format: 'pretty' });
      const dir = resolve(o.dir ?? (await mkdtemp(join(tmpdir(), 'basalt-devnet-'))));
      const files = await prepareDevnet({
        dir,
        nodes: o.nodes,
        validators: o.validators,
        period: o.period,
        epoch: o.epoch,
        chainId: o.chainId,
      });
      const devnet = createDevnet(
        {
          dir,
          nodes: o.nodes,
          cli: process.env.BASALT_DEVNET_CLI ?? builtCli(),
          rpcPortBase: o.rpcPortBase,
          p2pPortBase: o.p2pPortBase,
          logLevel: o.nodeLogLevel,
          logger,
        },
        files,
      );
      let stopping = false;
      let control: Awaited<ReturnType<typeof startControlServer>> | undefined;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info('stopping the devnet', { signal });
        Promise.all([control?.close(), devnet.stop()])
          .then(() => process.exit(0))
          .catch((err: unknown) => {
            logger.error('unclean shutdown', {}, err);
            process.exit(1);
          });
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      try {
        await devnet.start();
        const controlPort = o.controlPort ?? (o.rpcPortBase === 0 ? 0 : o.rpcPortBase - 1);
        control = await startControlServer(devnet, '127.0.0.1', controlPort);
      } catch (err) {
        await devnet.stop();
        throw err;
      }
      const accounts = deriveDevAccounts(DEFAULT_MNEMONIC, 10);
      const lines = [
        '',
        `  Basalt devnet: ${o.nodes} nodes, ${o.validators} validators, ${o.period} s blocks (Clique)`,
        '',
        `Directory:     ${dir}`,
        `Genesis:       ${files.genesisFile}`,
        `Chain ID:      ${o.chainId}`,
        '',
        ...devnet
          .status()
          .map((n) => `node${n.index}  ${n.role.padEnd(9)}  ${n.rpcUrl}  key ${n.address ?? ''}\n       p2p ${n.p2p}`),
        '',
        `Control:       http://127.0.0.1:${control.port()}  (devnet_status, devnet_kill, devnet_stop, devnet_restart,`,
        '               devnet_partition, devnet_isolate, devnet_heal; see docs/network.md)',
        '',
        `Dev accounts (mnemonic "${DEFAULT_MNEMONIC}", 10 000 ETH each):`,
        ...accounts.map((a, i) => `(${i}) ${a.address}`),
        '',
        'Devnet ready. Ctrl-C stops every node.',
        '',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

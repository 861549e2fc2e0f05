// `basalt genesis clique`: a proof-of-authority genesis.json for a network of several machines
// (the validators' addresses from `basalt keys new`, funded accounts, Clique's period and epoch).
import { writeFile } from 'node:fs/promises';
import { cliqueGenesis } from '@basalt/chain';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_MNEMONIC, deriveDevAccounts } from '../accounts.ts';
import { bigArg, bootnodesArg, intArg } from './args.ts';

function addresses(v: string, previous: string[] = []): string[] {
  const list = bootnodesArg(v, previous);
  for (const a of list) if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new InvalidArgumentError(`not an address: ${a}`);
  return list;
}

/** `basalt genesis`: genesis files. */
export function genesisCommand(): Command {
  const genesis = new Command('genesis').description('write a genesis.json');
  genesis
    .command('clique')
    .description('a Clique (proof-of-authority) genesis: validators, funded accounts, block period')
    .requiredOption('--signers <addresses>', 'the validators, comma-separated (from `basalt keys new`)', addresses)
    .option('--period <seconds>', 'seconds between blocks', intArg('period', 0, 3600), 5)
    .option('--epoch <blocks>', 'blocks between checkpoints (votes reset)', intArg('epoch', 1), 30_000)
    .option('--chain-id <id>', 'chain id (pick your own for a real network)', intArg('chain id', 1), 31337)
    .option(
      '--fund <addresses>',
      'accounts funded with --balance each, comma-separated (or the flag repeated)',
      addresses,
      [],
    )
    .option(
      '--dev-accounts <n>',
      'also fund the first N accounts of the standard test mnemonic',
      intArg('dev accounts', 0, 1000),
      0,
    )
    .option('--balance <eth>', 'balance of each funded account, in ether', bigArg('balance'), 10_000n)
    .option('--hardfork <name>', 'EVM rules, every fork up to it active from genesis', 'prague')
    .option('--gas-limit <gas>', 'block gas limit', bigArg('gas limit'), 30_000_000n)
    .option('--out <file>', 'where to write it (default: stdout)')
    .action(async (o) => {
      const dev = deriveDevAccounts(DEFAULT_MNEMONIC, o.devAccounts).map((a) => a.address);
      const json = cliqueGenesis({
        chainId: o.chainId,
        signers: o.signers,
        period: o.period,
        epoch: o.epoch,
        accounts: [...o.fund, ...dev],
        balance: BigInt(o.balance) * 10n ** 18n,
        hardfork: o.hardfork,
        gasLimit: o.gasLimit,
        timestamp: BigInt(Math.floor(Date.now() / 1000)),
      });
      const text = `${JSON.stringify(json, null, 2)}\n`;
      if (o.out === undefined) process.stdout.write(text);
      else await writeFile(o.out, text);
    });
  return genesis;
}

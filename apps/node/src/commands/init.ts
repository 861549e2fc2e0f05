import { parseGenesis } from '@basalt/chain';
import { bytesToHex } from '@ethereumjs/util';
import { Command } from 'commander';
import { openChainStore, readJsonFile } from './chainStore.ts';

/** Writes the genesis of `genesisFile` into `dataDir` (or checks it against the one there); returns its hash. */
export async function initDataDir(genesisFile: string, dataDir: string): Promise<{ hash: string; chainId: bigint }> {
  const genesis = parseGenesis(await readJsonFile(genesisFile));
  const opened = await openChainStore(dataDir, { genesis });
  try {
    return { hash: bytesToHex(opened.chain.genesis.hash()), chainId: opened.chain.chainId };
  } finally {
    await opened.close();
  }
}

/** `basalt init`: create a chain from a geth-style genesis file, as `geth init`. */
export function initCommand(): Command {
  return new Command('init')
    .description('create a chain in --data-dir from a geth-style genesis.json (as geth init)')
    .requiredOption('--genesis <file>', 'the genesis.json')
    .requiredOption('--data-dir <dir>', 'where the chain is kept')
    .action(async (o: { genesis: string; dataDir: string }) => {
      const { hash, chainId } = await initDataDir(o.genesis, o.dataDir);
      process.stdout.write(`initialised ${o.dataDir}: chain id ${chainId}, genesis ${hash}\n`);
    });
}

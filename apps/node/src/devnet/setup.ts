// The files of a devnet: a key per node (encrypted, light scrypt, one passphrase in a 0600 file),
// and a Clique genesis with those validators and the funded dev accounts of the standard
// mnemonic. A directory that already holds a devnet is reused as it is.
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliqueGenesis, type GethGenesis } from '@basalt/chain';
import { DEFAULT_MNEMONIC, deriveDevAccounts } from '../accounts.ts';
import { writeNewValidatorKey } from '../clique/keystore.ts';
import { NodeError, NodeErrorCode } from '../errors.ts';

/** Settings of {@link prepareDevnet}. */
export interface DevnetSetupOpts {
  dir: string;
  /** How many nodes: each gets a key, so a node voted in later can seal. */
  nodes: number;
  /** How many of them are validators in the genesis (the first ones). */
  validators: number;
  /** Seconds between blocks. */
  period: number;
  /** Blocks between Clique checkpoints. Default 30 000. */
  epoch?: number;
  chainId?: number;
  /** Funded dev accounts from the standard mnemonic. Default 10, 10 000 ETH each. */
  accounts?: number;
}

/** What a devnet directory holds. */
export interface DevnetFiles {
  genesisFile: string;
  genesis: GethGenesis;
  passwordFile: string;
  /** Key files of every node, in node order, with their addresses. */
  keys: { keyFile: string; address: string }[];
  /** The first `validators` keys are the genesis validators. */
  validators: number;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Writes the devnet's keys and genesis into `dir`, or reads them back when `dir` already has them. */
export async function prepareDevnet(opts: DevnetSetupOpts): Promise<DevnetFiles> {
  const genesisFile = join(opts.dir, 'genesis.json');
  const manifestFile = join(opts.dir, 'devnet.json');
  const passwordFile = join(opts.dir, 'keys', 'password');
  if (await exists(genesisFile)) {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Pick<DevnetFiles, 'keys' | 'validators'>;
    if (manifest.validators !== opts.validators || manifest.keys.length !== opts.nodes) {
      throw new NodeError(
        { code: NodeErrorCode.INVALID_CONFIG, field: 'dir' },
        `${opts.dir} holds a devnet of ${manifest.keys.length} nodes, ${manifest.validators} validators ` +
          `(asked for ${opts.nodes} and ${opts.validators}): use another --dir`,
      );
    }
    return {
      genesisFile,
      genesis: JSON.parse(await readFile(genesisFile, 'utf8')) as GethGenesis,
      passwordFile,
      ...manifest,
    };
  }
  await mkdir(join(opts.dir, 'keys'), { recursive: true, mode: 0o700 });
  // A devnet's keys guard nothing of value: a random passphrase in a file, the cheap KDF.
  await writeFile(passwordFile, `${randomBytes(16).toString('hex')}\n`, { mode: 0o600 });
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const keys = await Promise.all(
    Array.from({ length: opts.nodes }, async (_, i) => {
      const keyFile = join(opts.dir, 'keys', `node${i}.json`);
      const address = await writeNewValidatorKey(keyFile, password, { kdf: 'light' });
      return { keyFile, address };
    }),
  );
  const genesis = cliqueGenesis({
    chainId: opts.chainId ?? 31337,
    accounts: deriveDevAccounts(DEFAULT_MNEMONIC, opts.accounts ?? 10).map((a) => a.address),
    balance: 10_000n * 10n ** 18n,
    signers: keys.slice(0, opts.validators).map((v) => v.address),
    period: opts.period,
    epoch: opts.epoch ?? 30_000,
    timestamp: BigInt(Math.floor(Date.now() / 1000)),
  });
  await writeFile(manifestFile, `${JSON.stringify({ validators: opts.validators, keys }, null, 2)}\n`);
  await writeFile(genesisFile, `${JSON.stringify(genesis, null, 2)}\n`);
  return { genesisFile, genesis, passwordFile, keys, validators: opts.validators };
}

// `basalt keys new`: a validator key file (geth keystore, encrypted with a passphrase); prints
// the address only.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { obtainPassword, writeNewValidatorKey } from '../clique/keystore.ts';

/** `basalt keys`: validator key files. */
export function keysCommand(): Command {
  const keys = new Command('keys').description('validator key files (Clique)');
  keys
    .command('new')
    .description('write a new validator key, encrypted with a passphrase (geth keystore); prints its address')
    .option('--out <file>', 'where to write the key file', 'validator-key.json')
    .option('--password-file <file>', 'read the passphrase from the first line of this file; else asked twice')
    .option('--light', "cheap scrypt parameters (geth's --lightkdf) for devnets and tests", false)
    .action(async (o: { out: string; passwordFile?: string; light: boolean }) => {
      const password = await obtainPassword(o.passwordFile, true);
      const address = await writeNewValidatorKey(resolve(o.out), password, { kdf: o.light ? 'light' : 'standard' });
      process.stdout.write(`${address}\n`);
    });
  return keys;
}

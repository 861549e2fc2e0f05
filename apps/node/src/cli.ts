#!/usr/bin/env node
// The `basalt` command: one subcommand per file in ./commands; each parses its flags into a
// config and runs. Errors end the process with a one-line message and exit code 1.
import { Command } from 'commander';
import { devCommand } from './commands/dev.ts';
import { VERSION } from './version.ts';

const program = new Command('basalt')
  .description('Basalt: an EVM-compatible chain in TypeScript')
  .version(VERSION, '-V, --version');
program.addCommand(devCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`basalt: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

#!/usr/bin/env node
// The `basalt` command: one subcommand per file in ./commands; each parses its flags into a
// config and runs. Errors end the process with a one-line message and exit code 1.
// The build bundles this file into dist/cli.js (scripts/bundle.mjs), which is what runs.
import type { Command as CommandType } from 'commander';
import { Command } from 'commander';
import { devCommand } from './commands/dev.ts';
import { devnetCommand } from './commands/devnet.ts';
import { exportCommand } from './commands/export.ts';
import { genesisCommand } from './commands/genesis.ts';
import { importCommand } from './commands/import.ts';
import { initCommand } from './commands/init.ts';
import { keysCommand } from './commands/keys.ts';
import { startCommand } from './commands/start.ts';
import { VERSION } from './version.ts';

const program = new Command('basalt')
  .description('Basalt: an EVM-compatible chain in TypeScript')
  .version(VERSION, '-V, --version');
program.addCommand(devCommand());
program.addCommand(initCommand());
program.addCommand(importCommand());
program.addCommand(exportCommand());
program.addCommand(startCommand());
program.addCommand(keysCommand());
program.addCommand(devnetCommand());
program.addCommand(genesisCommand());

showBigintDefaults(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`basalt: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

/** Commander prints a default with JSON.stringify, which throws on a bigint: give those a description. */
function showBigintDefaults(cmd: CommandType): void {
  for (const option of cmd.options) {
    if (typeof option.defaultValue === 'bigint' && option.defaultValueDescription === undefined) {
      option.defaultValueDescription = option.defaultValue.toString();
    }
  }
  for (const sub of cmd.commands) showBigintDefaults(sub);
}

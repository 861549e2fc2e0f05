#!/usr/bin/env node
// `npm run bench`: runs every workload against every node, prints the table and writes
// bench/results/latest.md and latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBench } from './bench.ts';
import { parseConfig, USAGE } from './config.ts';
import { anvilBinary, hardhatAvailable, REPO } from './nodes.ts';
import { renderMarkdown, renderTable } from './report.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = parseConfig(argv, process.env);
  const log = (l: string) => process.stderr.write(`${l}\n`);
  if (config.nodes.includes('anvil') && !anvilBinary()) {
    log('anvil is not installed (npm install brings @foundry-rs/anvil-linux-amd64 on linux-x64): skipping it');
    config.nodes = config.nodes.filter((n) => n !== 'anvil');
  }
  if (config.nodes.includes('hardhat') && !(await hardhatAvailable())) {
    log('Hardhat 3 (Node 22 from contracts/toolchain) is not available: skipping it');
    config.nodes = config.nodes.filter((n) => n !== 'hardhat');
  }
  const results = await runBench(config, log);
  const dir = join(REPO, 'bench/results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(dir, 'latest.md'), renderMarkdown(results));
  process.stdout.write(`\n${renderTable(results)}\n\nwritten: bench/results/latest.md, bench/results/latest.json\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

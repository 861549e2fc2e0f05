import { open } from 'node:fs/promises';
import type { Chain } from '@basalt/chain';
import { Command } from 'commander';
import { NodeError, NodeErrorCode } from '../errors.ts';
import { bigArg } from './args.ts';
import { openChainStore } from './chainStore.ts';

/**
 * Writes canonical blocks `from`..`to` (inclusive; default 1 to the head, the genesis is left out
 * as every node makes its own) to `file` as RLP blocks back to back: the format `basalt import`
 * and `geth import` read, byte for byte each block's consensus encoding.
 */
export async function exportChain(
  chain: Chain,
  file: string,
  range: { from?: bigint; to?: bigint } = {},
): Promise<{ blocks: number; bytes: number }> {
  const head = chain.head().header.number;
  const from = range.from ?? 1n;
  const to = range.to ?? head;
  if (from > to || to > head) {
    throw new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: 'range' },
      `cannot export blocks ${from}..${to}: the head is ${head}`,
    );
  }
  const fh = await open(file, 'w');
  let blocks = 0;
  let bytes = 0;
  try {
    for (let n = from; n <= to; n++) {
      const block = await chain.getBlock(n);
      if (block === undefined) {
        throw new NodeError({ code: NodeErrorCode.INVALID_CONFIG, field: 'range' }, `block ${n} is missing`);
      }
      const data = block.serialize();
      await fh.write(data);
      blocks++;
      bytes += data.length;
    }
  } finally {
    await fh.close();
  }
  return { blocks, bytes };
}

/** `basalt export`: write the canonical chain as RLP blocks (as `geth export`). */
export function exportCommand(): Command {
  return new Command('export')
    .description('write canonical blocks to a file as RLP (as geth export); basalt import reads it back')
    .argument('<file>', 'the file to write')
    .requiredOption('--data-dir <dir>', 'the chain')
    .option('--from <n>', 'first block (default 1)', bigArg('from'))
    .option('--to <n>', 'last block (default the head)', bigArg('to'))
    .action(async (file: string, o: { dataDir: string; from?: bigint; to?: bigint }) => {
      const opened = await openChainStore(o.dataDir);
      try {
        const r = await exportChain(opened.chain, file, {
          ...(o.from !== undefined ? { from: o.from } : {}),
          ...(o.to !== undefined ? { to: o.to } : {}),
        });
        process.stdout.write(`exported ${r.blocks} blocks (${r.bytes} bytes) to ${file}\n`);
      } finally {
        await opened.close();
      }
    });
}

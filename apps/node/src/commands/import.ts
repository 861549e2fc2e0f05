import type { Chain } from '@basalt/chain';
import { type Block, type BlockBytes, createBlockFromBytesArray } from '@ethereumjs/block';
import { RLP } from '@ethereumjs/rlp';
import { bytesToBigInt, bytesToHex, equalsBytes, hexToBytes, type PrefixedHexString } from '@ethereumjs/util';
import { Command } from 'commander';
import { NodeError, NodeErrorCode } from '../errors.ts';
import { SenderRecovery } from '../senderRecovery.ts';
import { openChainStore, readJsonFile } from './chainStore.ts';
import { ImportProgress, type ProgressOpts } from './progress.ts';
import { countRlpItems, readRlpItems } from './rlpFile.ts';

export interface ImportResult {
  /** Blocks imported (executed and stored). */
  imported: number;
  /** Blocks already stored (skipped). */
  known: number;
  txs: number;
  gasUsed: bigint;
  head: Block;
  ms: number;
}

/** The number in a block's raw header, when it can be read (for error messages about undecodable blocks). */
function rawNumber(bytes: Uint8Array): bigint | undefined {
  try {
    const header = (RLP.decode(bytes) as unknown as Uint8Array[][])[0];
    const n = header?.[8];
    return n instanceof Uint8Array ? bytesToBigInt(n) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A block read ahead: decoded, with its senders being recovered; or bytes that did not decode; or a
 * file that could not be read further (that error is thrown as is, as before read-ahead).
 */
type Prepared =
  | { kind: 'block'; block: Block; ready: Promise<void> | undefined }
  | { kind: 'undecodable'; bytes: Uint8Array; error: Error }
  | { kind: 'unreadable'; error: Error };

function failed(number: bigint | undefined, imported: number, reason: string): NodeError {
  const at = number === undefined ? 'an undecodable block' : `block ${number}`;
  return new NodeError(
    { code: NodeErrorCode.IMPORT_FAILED, number, imported, reason },
    `import stopped at ${at}: ${reason} (${imported} blocks imported before it are kept)`,
  );
}

/**
 * Imports the blocks of `files` (RLP blocks back to back, as `geth export` writes) in order:
 * every header checked and every block executed by `chain.importBlock`; blocks already stored
 * are skipped. The first bad block stops the import with IMPORT_FAILED naming its number and
 * the reason; the blocks before it stay imported.
 */
export async function importChainFiles(
  chain: Chain,
  files: string[],
  progressOpts: ProgressOpts = {},
): Promise<ImportResult> {
  let total = 0;
  for (const f of files) total += await countRlpItems(f);
  const progress = new ImportProgress({ ...progressOpts, total });
  const started = Date.now();
  // One block ahead: while a block executes, the next one is decoded and its senders recovered on
  // the worker (docs/performance.md, change 16).
  const recovery = SenderRecovery.start();
  const prepare = (bytes: Uint8Array): Prepared => {
    try {
      const block = createBlockFromBytesArray(RLP.decode(bytes) as unknown as BlockBytes, {
        common: chain.common,
        setHardfork: true,
      });
      return { kind: 'block', block, ready: recovery?.recover(block.transactions) };
    } catch (err) {
      return { kind: 'undecodable', bytes, error: err as Error };
    }
  };
  try {
    for (const file of files) {
      const items = readRlpItems(file);
      // A read error (a truncated file) belongs to the item after the current one: it is thrown in turn.
      const next = async (): Promise<Prepared | undefined> => {
        let item: IteratorResult<{ bytes: Uint8Array }>;
        try {
          item = await items.next();
        } catch (err) {
          return { kind: 'unreadable', error: err as Error };
        }
        return item.done === true ? undefined : prepare(item.value.bytes);
      };
      try {
        let current = await next();
        while (current !== undefined) {
          if (current.kind === 'unreadable') throw current.error;
          const following = await next();
          if (current.kind === 'undecodable') {
            progress.breakLine();
            throw failed(rawNumber(current.bytes), progress.blocks, `cannot decode: ${current.error.message}`);
          }
          const block = current.block;
          await current.ready;
          let status: string;
          try {
            status = await chain.importBlock(block);
          } catch (err) {
            progress.breakLine();
            const reason = (err as Error).message.replace(/^invalid block \d+: /, '');
            throw failed(block.header.number, progress.blocks, reason);
          }
          progress.block(block.header.number, block.transactions.length, block.header.gasUsed, status === 'known');
          current = following;
        }
      } finally {
        await items.return(undefined);
      }
    }
  } finally {
    await recovery?.close();
  }
  progress.print(true);
  return {
    imported: progress.blocks,
    known: progress.skipped,
    txs: progress.txs,
    gasUsed: progress.gas,
    head: chain.head(),
    ms: Date.now() - started,
  };
}

/**
 * Applies a forkchoice state (the `headfcu.json` of the conformance data: an
 * `engine_forkchoiceUpdated` request, or a bare `{headBlockHash, safeBlockHash, finalizedBlockHash}`):
 * the head must be the chain's head; safe and finalized are marked.
 */
export async function applyForkchoiceFile(chain: Chain, file: string): Promise<void> {
  const json = (await readJsonFile(file)) as Record<string, unknown>;
  const state = (Array.isArray(json.params) ? json.params[0] : json) as Record<string, unknown> | undefined;
  const get = (k: string): Uint8Array => {
    const v = state?.[k];
    if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(v)) {
      throw new NodeError({ code: NodeErrorCode.INVALID_CONFIG, field: 'fcu' }, `${file}: ${k} is not a block hash`);
    }
    return hexToBytes(v as PrefixedHexString);
  };
  const head = get('headBlockHash');
  if (!equalsBytes(head, chain.head().hash())) {
    throw new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: 'fcu' },
      `${file}: head ${bytesToHex(head)} is not the chain's head ${bytesToHex(chain.head().hash())}`,
    );
  }
  await chain.setSafeAndFinalized(get('safeBlockHash'), get('finalizedBlockHash'));
}

/** `basalt import`: import RLP block files (as `geth import`) into an initialised data dir. */
export function importCommand(): Command {
  return new Command('import')
    .description('import blocks from RLP files (as geth import): every header checked, every block executed')
    .argument('<files...>', 'files of RLP-encoded blocks written back to back')
    .requiredOption('--data-dir <dir>', 'the chain, created by basalt init')
    .option('--fcu <file>', 'after the import, mark safe and finalized as this forkchoice state (headfcu.json)')
    .action(async (files: string[], o: { dataDir: string; fcu?: string }) => {
      const opened = await openChainStore(o.dataDir);
      try {
        const r = await importChainFiles(opened.chain, files);
        if (o.fcu !== undefined) await applyForkchoiceFile(opened.chain, o.fcu);
        const mgas = Number(r.gasUsed) / 1e6 / Math.max(r.ms / 1000, 0.001);
        process.stdout.write(
          `imported ${r.imported} blocks (${r.known} already known), ${r.txs} txs, ${mgas.toFixed(2)} Mgas/s in ${(r.ms / 1000).toFixed(1)} s; head #${r.head.header.number} ${bytesToHex(r.head.hash())}\n`,
        );
      } finally {
        await opened.close();
      }
    });
}

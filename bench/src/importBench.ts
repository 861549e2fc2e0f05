// Workload 6: builds a chain of blocks of plain transfers in-process on one store, writes them to
// an RLP file (as `basalt export` / `geth export` do) beside its genesis.json, then runs
// `basalt init` and times `basalt import` (every header checked, every block re-executed and its
// roots compared, one write per block) as its own process. Figures: the command's own Mgas/s
// (its import loop) and the wall clock of the whole command (start-up included).
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createChain, createChainConfig, DevEngine, devGenesis } from '@basalt/chain';
import { createExecutor } from '@basalt/execution';
import { createStateStore, openDatabase } from '@basalt/state';
import { nativeCustomCrypto } from '@basalt/node';
import type { Common } from '@ethereumjs/common';
import { createFeeMarket1559Tx } from '@ethereumjs/tx';
import { createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { HDNodeWallet } from 'ethers';
import { basaltCli, tempDataDir } from './nodes.ts';
import { DEV_MNEMONIC, SENDERS } from './workloads.ts';

export interface ImportBenchResult {
  blocks: number;
  txs: number;
  gas: bigint;
  /** The import loop, as `basalt import` reports it. */
  seconds: number;
  mgasPerSecond: number;
  blocksPerSecond: number;
  /** The whole `basalt import` process, spawn to exit. */
  wallSeconds: number;
  wallMgasPerSecond: number;
  how: string;
}

function run(args: string[]): Promise<{ code: number | null; out: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [basaltCli(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.on('error', rej);
    child.on('exit', (code) => res({ code, out, ms: performance.now() - t0 }));
  });
}

async function openChain(common: Common, genesis: ReturnType<typeof devGenesis>) {
  const db = await openDatabase();
  const states = await createStateStore({ db });
  let ref: Awaited<ReturnType<typeof createChain>> | undefined;
  const executor = await createExecutor({
    common,
    states,
    blockHashes: { getBlockHash: async (n) => ref?.getCanonicalHash(n) },
  });
  const chain = await createChain({ db, states, executor, common, engine: new DevEngine() }, { genesis });
  ref = chain;
  return { db, chain, executor };
}

export interface ImportChainOpts {
  blocks: number;
  txsPerBlock: number;
  gasLimit: bigint;
}

/**
 * Builds the chain in-process and writes `genesis.json` and `blocks.rlp` into `dir` (for
 * `basalt init --genesis` and `basalt import`); `bench/scripts/importChain.mjs` keeps them for profiling.
 */
export async function writeImportChain(
  o: ImportChainOpts,
  dir: string,
): Promise<{ genesisFile: string; blocksFile: string }> {
  const keys = Array.from({ length: SENDERS }, (_, i) =>
    HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`),
  );
  const genesis = devGenesis({
    chainId: 31337,
    accounts: keys.map((k) => k.address),
    gasLimit: o.gasLimit,
    baseFeePerGas: 1_000_000_000n,
    hardfork: 'prague',
    timestamp: 0n,
  });
  // Native recovery only speeds up building the file; the import is the `basalt` command's own.
  const customCrypto = nativeCustomCrypto();
  const { common } = createChainConfig(genesis, customCrypto ? { customCrypto } : {});
  const src = await openChain(common, genesis);
  const rlps: Uint8Array[] = [];
  const coinbase = createAddressFromString(keys[0]!.address);
  const nonces = keys.map(() => 0n);
  let salt = 0;
  try {
    for (let b = 0; b < o.blocks; b++) {
      const txs = [];
      for (let i = 0; i < o.txsPerBlock; i++) {
        const k = i % SENDERS;
        const to = `0x${(0xa11ce00000000n + BigInt(salt++)).toString(16).padStart(40, '0')}`;
        txs.push(
          createFeeMarket1559Tx(
            {
              chainId: 31337n,
              nonce: nonces[k]!++,
              to: createAddressFromString(to),
              value: 1n,
              gasLimit: 21_000n,
              maxFeePerGas: 100_000_000_000n,
              maxPriorityFeePerGas: 1_000_000_000n,
            },
            { common },
          ).sign(hexToBytes(keys[k]!.privateKey as `0x${string}`)),
        );
      }
      const parent = src.chain.head();
      const built = await src.executor.buildBlock({
        parent,
        txs,
        template: { timestamp: parent.header.timestamp + 1n, coinbase },
      });
      if (built.block.transactions.length !== txs.length) {
        throw new Error(`block ${b + 1} took ${built.block.transactions.length} of ${txs.length} transfers`);
      }
      await src.chain.commitBuiltBlock(built);
      rlps.push(built.block.serialize());
    }
  } finally {
    await src.chain.close();
    await src.db.close();
  }
  const genesisFile = join(dir, 'genesis.json');
  const blocksFile = join(dir, 'blocks.rlp');
  await writeFile(genesisFile, JSON.stringify(genesis));
  await writeFile(blocksFile, Buffer.concat(rlps));
  return { genesisFile, blocksFile };
}

export async function runImportBench(o: ImportChainOpts): Promise<ImportBenchResult> {
  const dir = await tempDataDir();
  try {
    const { genesisFile, blocksFile } = await writeImportChain(o, dir.dir);
    const dataDir = join(dir.dir, 'chain');
    const init = await run(['init', '--genesis', genesisFile, '--data-dir', dataDir]);
    if (init.code !== 0) throw new Error(`basalt init failed: ${init.out}`);
    const imp = await run(['import', '--data-dir', dataDir, blocksFile]);
    if (imp.code !== 0) throw new Error(`basalt import failed: ${imp.out}`);
    // imported N blocks (K already known), T txs, X Mgas/s in S s; head #H 0x…
    const m = /imported (\d+) blocks \((\d+) already known\), (\d+) txs, ([\d.]+) Mgas\/s in ([\d.]+) s/.exec(imp.out);
    if (!m) throw new Error(`unexpected basalt import output: ${imp.out}`);
    const blocks = Number(m[1]);
    const txs = Number(m[3]);
    const mgasPerSecond = Number(m[4]);
    const seconds = Number(m[5]);
    const totalGas = BigInt(txs) * 21_000n;
    const wallSeconds = imp.ms / 1000;
    return {
      blocks,
      txs,
      gas: totalGas,
      seconds,
      mgasPerSecond,
      blocksPerSecond: blocks / Math.max(seconds, 0.001),
      wallSeconds,
      wallMgasPerSecond: Number(totalGas) / 1e6 / wallSeconds,
      how: `block import: \`basalt import\` of ${blocks} blocks x ${o.txsPerBlock} plain transfers (RLP file built in-process by bench/src/importBench.ts) into a fresh --data-dir after \`basalt init\``,
    };
  } finally {
    await dir.remove();
  }
}

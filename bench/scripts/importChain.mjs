// Writes the block-import workload's chain (genesis.json, blocks.rlp) into DIR, to time or profile
// `basalt import` by hand:
//   node bench/scripts/importChain.mjs DIR [BLOCKS] [TXS_PER_BLOCK]
//   node apps/node/dist/cli.js init --genesis DIR/genesis.json --data-dir DIR/chain
//   node --cpu-prof --cpu-prof-dir=/tmp/prof apps/node/dist/cli.js import --data-dir DIR/chain DIR/blocks.rlp
import { mkdir } from 'node:fs/promises';
import { writeImportChain } from '../dist/importBench.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: node bench/scripts/importChain.mjs DIR [BLOCKS] [TXS_PER_BLOCK]');
await mkdir(dir, { recursive: true });
const blocks = Number(process.argv[3] ?? 50);
const txsPerBlock = Number(process.argv[4] ?? 200);
const r = await writeImportChain({ blocks, txsPerBlock, gasLimit: 100_000_000n }, dir);
console.log(`${blocks} blocks x ${txsPerBlock} transfers: ${r.genesisFile} ${r.blocksFile}`);

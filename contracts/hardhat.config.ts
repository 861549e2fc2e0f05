// Hardhat 3 project over the same sources as the solc-js build and Foundry (src/), compiled offline by the
// solc-js that npm installed: `solidity.path` points at its soljson.js, which Hardhat loads as a WASM compiler
// instead of downloading one. Hardhat 3 needs Node >= 22.13: run it through scripts/hardhat.mjs, which uses
// Node 22 from npm (see docs/hardhat.md).
import { createRequire } from 'node:module';
import hardhatIgnitionViem from '@nomicfoundation/hardhat-ignition-viem';
import hardhatViem from '@nomicfoundation/hardhat-viem';
import { defineConfig } from 'hardhat/config';

const require = createRequire(import.meta.url);
/** solc-js 0.8.30's compiler (Emscripten build), from the `solc` npm package. */
const soljson = require.resolve('solc/soljson.js');

/** The well-known dev mnemonic `basalt dev` funds (as Anvil and Hardhat do). Public knowledge: dev only. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

export default defineConfig({
  plugins: [hardhatViem, hardhatIgnitionViem],
  paths: {
    sources: 'src',
    tests: { solidity: 'test/foundry' },
    artifacts: 'artifacts-hardhat',
    cache: 'cache-hardhat',
    ignition: 'ignition',
  },
  solidity: {
    version: '0.8.30',
    path: soljson,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'prague',
    },
  },
  networks: {
    // `basalt dev` on its default address (chain id 31337). Needs a running node.
    basalt: {
      type: 'http',
      chainType: 'l1',
      url: process.env.BASALT_RPC_URL ?? 'http://127.0.0.1:8545',
      accounts: { mnemonic: DEV_MNEMONIC, count: 10 },
    },
  },
});

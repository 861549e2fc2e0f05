// Hardhat 2.28 on the system Node 20, over the same sources as contracts/ (src/), offline.
//
// Hardhat 2 has no compiler-path setting: the documented way to use a local compiler is to override the
// TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD subtask, which otherwise downloads solc. Here it returns solc-js's
// soljson.js from the `solc` npm package (isSolcJs: true), so nothing is downloaded. See docs/hardhat.md.
//
// The project root is contracts/ (Hardhat 2 only compiles sources inside its root); Hardhat itself is this
// workspace's own (contracts/hardhat2/node_modules/hardhat), so run it from this folder:
//   cd contracts/hardhat2 && npx hardhat compile
const path = require('node:path');
const { subtask } = require('hardhat/config');
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require('hardhat/builtin-tasks/task-names');

const SOLC_VERSION = '0.8.30';

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  const solc = require('solc');
  const longVersion = solc.version().replace(/\.Emscripten\.clang$/, '');
  return {
    compilerPath: require.resolve('solc/soljson.js'),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion,
  };
});

/** The well-known dev mnemonic `basalt dev` funds. Public knowledge: dev only. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'prague' },
  },
  paths: {
    root: path.join(__dirname, '..'),
    sources: 'src',
    tests: 'hardhat2/test',
    scripts: 'hardhat2/scripts',
    artifacts: 'artifacts-hardhat2',
    cache: 'cache-hardhat2',
  },
  networks: {
    hardhat: { chainId: 31337, hardfork: 'prague' },
    // `basalt dev` on its default address. Needs a running node.
    basalt: {
      url: process.env.BASALT_RPC_URL ?? 'http://127.0.0.1:8545',
      chainId: 31337,
      accounts: { mnemonic: DEV_MNEMONIC, count: 10 },
    },
  },
};

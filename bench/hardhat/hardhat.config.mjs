// Hardhat 3 config for the benchmark's `hardhat node` (bench/src/nodes.ts sets the env). No plugins, no
// sources: only the simulated network the node serves, with the same gas limit and mining mode as the others.
const blockTime = process.env.BENCH_BLOCK_TIME;

export default {
  paths: { artifacts: process.env.BENCH_HARDHAT_DIR ?? 'artifacts', cache: process.env.BENCH_HARDHAT_DIR ?? 'cache' },
  networks: {
    node: {
      type: 'edr-simulated',
      chainType: 'l1',
      hardfork: 'prague',
      chainId: 31337,
      blockGasLimit: BigInt(process.env.BENCH_GAS_LIMIT ?? '30000000'),
      mining: blockTime ? { auto: false, interval: Number(blockTime) * 1000 } : { auto: true, interval: 0 },
    },
  },
};

// Sizes of every workload: a quick default (a full `npm run bench` in minutes), `--full` for the
// sizes the issue names, and each size overridable by a flag or an environment variable.
import type { NodeKind } from './nodes.ts';

export interface BenchConfig {
  nodes: NodeKind[];
  runs: number;
  /** How long each read workload runs, per run. */
  readMs: number;
  readInFlight: number;
  /** Transactions per write workload at 1, 8 and 64 in flight. */
  writesAt1: number;
  writesAt8: number;
  writesAt64: number;
  /** Transactions sent to the 1-s interval-mining node. */
  intervalTxs: number;
  /** Block gas limit of every node (room for more than 1,000 ERC-20 transfers per block). */
  gasLimit: bigint;
  /** Blocks of transfers imported (workload 6); 0 skips it. */
  importBlocks: number;
  /** Transfers per imported block. */
  importTxsPerBlock: number;
  /** Transfers of the long run (workload 7, Basalt only); 0 skips it. */
  longRunTxs: number;
  /** Seconds after which unmined transactions count as missing: base + per transaction. */
  deadlineBaseMs: number;
  deadlinePerTxMs: number;
  /** Skip the client-ceiling run against the do-nothing server. */
  skipCeiling: boolean;
  /** Which workloads run; all by default. */
  only?: string[];
}

export const quickConfig: BenchConfig = {
  nodes: ['basalt', 'anvil', 'hardhat'],
  runs: 3,
  readMs: 2_000,
  readInFlight: 32,
  writesAt1: 200,
  writesAt8: 1_000,
  writesAt64: 2_000,
  intervalTxs: 2_000,
  gasLimit: 100_000_000n,
  importBlocks: 50,
  importTxsPerBlock: 200,
  longRunTxs: 10_000,
  deadlineBaseMs: 30_000,
  deadlinePerTxMs: 10,
  skipCeiling: false,
};

export const fullConfig: BenchConfig = {
  ...quickConfig,
  readMs: 10_000,
  writesAt1: 1_000,
  writesAt8: 5_000,
  writesAt64: 10_000,
  intervalTxs: 10_000,
  importBlocks: 1_000,
  importTxsPerBlock: 1_400,
  longRunTxs: 100_000,
};

const NUMERIC: (keyof BenchConfig)[] = [
  'runs',
  'readMs',
  'readInFlight',
  'writesAt1',
  'writesAt8',
  'writesAt64',
  'intervalTxs',
  'importBlocks',
  'importTxsPerBlock',
  'longRunTxs',
  'deadlineBaseMs',
  'deadlinePerTxMs',
];

const envName = (k: string) => `BENCH_${k.replace(/([A-Z])/g, '_$1').toUpperCase()}`;
const flagName = (k: string) => `--${k.replace(/([A-Z])/g, '-$1').toLowerCase()}`;

export const USAGE = `npm run bench [-- options]   (or env BENCH_*)
  --full                 the issue's sizes (10,000 transfers at 64 in flight, 1,000 imported blocks, 100,000 long run)
  --nodes basalt,anvil,hardhat
  --only startup,ceiling,reads,erc20,plain,interval,import,long
${NUMERIC.map((k) => `  ${flagName(k)} N   (${envName(k)})`).join('\n')}
  --gas-limit N          (BENCH_GAS_LIMIT)
  --skip-ceiling`;

/** Config from argv and env (flags win), starting from quick or --full / BENCH_FULL=1. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): BenchConfig {
  const full = argv.includes('--full') || env.BENCH_FULL === '1';
  const c: BenchConfig = { ...(full ? fullConfig : quickConfig) };
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  for (const k of NUMERIC) {
    const v = flag(flagName(k)) ?? env[envName(k)];
    if (v !== undefined) {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flagName(k)}: not a number: ${v}`);
      (c as unknown as Record<string, number>)[k] = n;
    }
  }
  const gas = flag('--gas-limit') ?? env.BENCH_GAS_LIMIT;
  if (gas !== undefined) c.gasLimit = BigInt(gas);
  const nodes = flag('--nodes') ?? env.BENCH_NODES;
  if (nodes !== undefined) c.nodes = nodes.split(',').map((n) => n.trim()) as NodeKind[];
  for (const n of c.nodes) {
    if (!['basalt', 'anvil', 'hardhat'].includes(n)) throw new Error(`--nodes: unknown node ${n}`);
  }
  const only = flag('--only') ?? env.BENCH_ONLY;
  if (only !== undefined) c.only = only.split(',').map((n) => n.trim());
  if (argv.includes('--skip-ceiling') || env.BENCH_SKIP_CEILING === '1') c.skipCeiling = true;
  if (c.runs < 1) c.runs = 1;
  return c;
}

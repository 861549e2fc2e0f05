// One Jest run for the whole monorepo, in ESM mode, over the TypeScript sources.
// @swc/jest transpiles without the TypeScript compiler API (see docs/development.md).
const swc = [
  '@swc/jest',
  {
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const project = (displayName, roots) => ({
  displayName,
  roots,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@basalt/contracts$': '<rootDir>/contracts/dist/index.js',
    '^@basalt/(common|state|execution|chain|p2p|rpc)$': '<rootDir>/packages/$1/src/index.ts',
    '^@basalt/p2p/testing$': '<rootDir>/packages/p2p/src/testing.ts',
  },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/contracts/lib/'],
});

export default {
  projects: [
    project('root', ['<rootDir>/test']),
    project('common', ['<rootDir>/packages/common']),
    project('state', ['<rootDir>/packages/state']),
    project('execution', ['<rootDir>/packages/execution']),
    project('chain', ['<rootDir>/packages/chain']),
    project('p2p', ['<rootDir>/packages/p2p']),
    project('rpc', ['<rootDir>/packages/rpc']),
    project('node', ['<rootDir>/apps/node']),
    project('contracts', ['<rootDir>/contracts']),
    project('bench', ['<rootDir>/bench']),
  ],
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};

// ESLint runs only the rules Biome lacks: import cycles, and bans that keep src/ honest.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/artifacts/**', 'contracts/**', 'bench/**'] },
  {
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ThrowStatement > NewExpression[callee.name='Error']",
          message: 'Throw a BasaltError subclass with a code, not a bare Error.',
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*', '@basalt/*/src/*'], message: 'Import other packages by their name only.' }] },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
];

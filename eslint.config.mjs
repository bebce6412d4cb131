import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test/generated/**',
      'jest.config.js',
      'jest.soak.config.js',
      'test/support/summary-reporter.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The pages' browser scripts (src/server/pages/static): plain scripts over the UMD globals.
    files: ['src/server/pages/static/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        React: 'readonly',
        ReactDOM: 'readonly',
        GraphiQL: 'readonly',
        graphqlWs: 'readonly',
        d3: 'readonly',
        DirectoryToken: 'readonly',
      },
    },
  },
  {
    // The PostGraphile peer is plain CommonJS run by node directly.
    files: ['bench/peer/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // A package's public entry (and its documented subpaths) only: files under its build folders,
      // and TypeORM's modules beyond its index, are internals that move between patch releases.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@[^/]+/)?[^./@][^/]*/(.+/)?(lib|dist|build|esm|cjs|src)/',
              message: "Import the package's public entry, not files inside it.",
            },
            { regex: '^typeorm/.', message: "Import from 'typeorm', not its internal modules." },
          ],
        },
      ],
    },
  },
);

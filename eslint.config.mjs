import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import linli from './tools/eslint/boundaries.mjs'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      'test-artifacts/',
      'coverage/',
      'bench/.out/',
      '**/*.min.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only' },
        { object: 'it', property: 'only' },
        { object: 'test', property: 'only' },
      ],
    },
  },
  {
    // Bounded contexts are entered through their public faces (tools/eslint/boundaries.mjs).
    files: ['**/*.{ts,tsx}'],
    plugins: { linli },
    rules: { 'linli/boundaries': 'error' },
  },
  {
    // Collections are reached only through the typed repositories of the data layer.
    files: ['cloudfunctions/**/*.ts', 'emulator/seed/**/*.ts'],
    ignores: ['cloudfunctions/shared/data/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='collection']",
          message:
            'Collections are reached through the data layer: ctx.store.<collection> or storeOf(db) (cloudfunctions/shared/data).',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
)

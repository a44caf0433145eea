// Browser tests (playwright-core + chromium against the running product). Hook into the root
// jest.config.js `projects` as `require('./tests/jest/e2e.config.js')`.
const path = require('node:path')

module.exports = {
  displayName: 'e2e',
  rootDir: path.resolve(__dirname, '..', '..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // One browser test file at a time (tests/run.mjs passes --maxWorkers=1): each starts the product.
  setupFilesAfterEnv: ['<rootDir>/tests/e2e/setup.ts'],
}

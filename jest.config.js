/**
 * One jest run, several projects: `unit` (pure TS beside the code), `integration` (the real wx-server-sdk
 * against the emulator), `app` (React components in jsdom), `weapp` (the built mini-program in
 * miniprogram-simulate) and `e2e` (the H5 build in Chromium). tests/run.mjs runs them in order with the
 * builds they need.
 */
const fs = require('node:fs')
const path = require('node:path')

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
]

const optional = (file) => {
  const p = path.join(__dirname, 'tests', 'jest', file)
  return fs.existsSync(p) ? [require(p)] : []
}

module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{types,cloudfunctions,emulator,bench,tools}/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      globalSetup: '<rootDir>/tests/integration/globalSetup.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/integration/setup.ts'],
    },
    ...optional('app.config.js'),
    ...optional('weapp.config.js'),
    ...optional('e2e.config.js'),
  ],
}

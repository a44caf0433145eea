// The built mini-program in miniprogram-simulate (needs `taro build --type weapp` first).
const path = require('node:path')

module.exports = {
  displayName: 'weapp',
  rootDir: path.resolve(__dirname, '..', '..'),
  // jsdom plus fetch and friends: the harness runs the local cloud in the same process.
  testEnvironment: '<rootDir>/tests/weapp/environment.js',
  testMatch: ['<rootDir>/tests/weapp/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' }, module: { type: 'commonjs' } },
    ],
  },
  // dist/weapp is already compiled; leave it alone.
  transformIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 60000,
}

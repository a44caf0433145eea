// Component tests of the Taro app in jsdom, with Taro's H5 implementations mapped in. Hooked into the
// root jest.config.js `projects`.
const path = require('node:path')

module.exports = {
  displayName: 'app',
  rootDir: path.resolve(__dirname, '..', '..'),
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.test.ts?(x)'],
  transform: {
    '^.+\\.(mjs|cjs|jsx?|tsx?)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2020',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Taro, NutUI, swiper and query-string ship ESM.
  transformIgnorePatterns: [],
  moduleNameMapper: {
    '^@tarojs/taro$': '@tarojs/taro-h5',
    '^@tarojs/components$': '@tarojs/components/lib/react',
    '^@nutui/nutui-react-taro$': '@nutui/nutui-react-taro/dist/es/packages/nutui.react.build.js',
    '^lottie-(web|react|miniprogram)$': '<rootDir>/tests/jest/nullMock.js',
    '^@nutui/lottie-miniprogram$': '<rootDir>/tests/jest/nullMock.js',
    '\\.(css|scss|sass|less)$': '<rootDir>/tests/jest/styleMock.js',
    '\\.(png|jpe?g|gif|svg)$': '<rootDir>/tests/jest/fileMock.js',
    '^@/(.*)$': '<rootDir>/src/$1',
  },
  setupFiles: ['<rootDir>/tests/jest/app.setup.ts'],
}

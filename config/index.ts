import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import path from 'node:path'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import { buildTarget } from './deploy'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * Taro build for the WeChat mini-program (weapp) and the H5 build that the local cloud serves at `/`.
 * Versions and the reasons behind each setting: see the toolchain notes in the repo history.
 */
export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const isH5 = process.env.TARO_ENV === 'h5'
  // Throws, naming what is missing, for a weapp release build without LINLI_ENV_ID / LINLI_APPID.
  const target = buildTarget(process.env, mode)
  // Taro writes dist/weapp/project.config.json with this AppID, which DevTools and miniprogram-ci read.
  if (target.appid) process.env.TARO_APP_ID = target.appid
  // The contract in `types/` is shared with the functions and lives outside `src/`; compile it too.
  const compile = { include: [path.resolve(__dirname, '..', 'types')] }
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'linli',
    date: '2025-01-01',
    // NutUI's CSS is written for a 375 px design; ours for 750, so each gets its own ratio.
    designWidth(input?: unknown) {
      const file = (input as { file?: string } | undefined)?.file
      return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist/h5' : 'dist/weapp',
    plugins: [],
    defineConstants: {
      // Where the H5 build sends `POST /fn/<name>`; empty = same origin (the local cloud serves both).
      'process.env.TARO_APP_API': JSON.stringify(process.env.TARO_APP_API ?? ''),
      // The CloudBase environment the weapp build calls (LINLI_ENV_ID; see config/deploy.ts).
      'process.env.LINLI_ENV_ID': JSON.stringify(target.envId),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    // Prebundling breaks on this machine's offline install and gains little for a production build.
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      compile,
      publicPath: '/',
      // Clean URLs (`/community/pages/home/index`); the local cloud falls back to index.html.
      router: { mode: 'browser' },
      staticDirectory: 'static',
      // contenthash (not hash/chunkhash): stable names and no webpack deprecation warnings.
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})

/**
 * The mini-program as miniprogram-ci packs it for upload: the same compiler, the same project.config.json
 * settings (ES6 → ES5, enhanced compilation), so sizes and syntax are checked on the bytes WeChat would
 * receive, not on dist/weapp as webpack left it.
 *
 * Offline: miniprogram-ci normally signs a request to WeChat for the AppID's "project attributes" (its
 * size limits); here the project is given those attributes up front, so packing needs no network and no
 * upload key. Its fetch of the file-extension whitelist still fails offline, which it logs as `[error]`
 * and then packs with its built-in list.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import * as ci from 'miniprogram-ci'
import { measurePackages, type SizeReport } from './release-sizes'

export const WEAPP_DIR = resolve(__dirname, '..', 'dist', 'weapp')

// What WeChat answers for an ordinary mini-program (sizes in MB); miniprogram-ci's own fallback, with
// the current 20 MB total.
const OFFLINE_ATTR = {
  platform: false,
  appType: 0,
  isSandbox: false,
  released: false,
  setting: {
    MaxCodeSize: 2,
    MaxSubpackageSubCodeSize: 2,
    MaxSubpackageFullCodeSize: 20,
    NavigateMiniprogramLimit: 10,
    MaxSubPackageLimit: 100,
    MinTabbarCount: 2,
    MaxTabbarCount: 5,
    MaxCustomTabbarCount: 10,
    MaxTabbarIconSize: 40,
  },
}

export interface ProjectConfig {
  appid: string
  libVersion?: string
  setting?: Record<string, unknown>
}

export function readProjectConfig(dir = WEAPP_DIR): ProjectConfig {
  return JSON.parse(readFileSync(join(dir, 'project.config.json'), 'utf8')) as ProjectConfig
}

export function subpackageRoots(dir = WEAPP_DIR): string[] {
  const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[]
    subpackages?: { root: string }[]
  }
  return (app.subPackages ?? app.subpackages ?? []).map((s) => s.root)
}

/** A miniprogram-ci project for dist/weapp; without a key it is the offline one, for packing only. */
export function ciProject(opts: { appid: string; privateKeyPath?: string; dir?: string }): ci.Project {
  const dir = opts.dir ?? WEAPP_DIR
  if (!existsSync(join(dir, 'app.json')))
    throw new Error(
      `${dir} 里没有构建好的小程序：先运行 npm run build:weapp / no built mini-program in ${dir}: run npm run build:weapp first`,
    )
  const options = {
    appid: opts.appid,
    type: 'miniProgram' as const,
    projectPath: dir,
    ignores: ['node_modules/**/*', '**/*.map', '**/*.LICENSE.txt'],
    ...(opts.privateKeyPath
      ? { privateKeyPath: opts.privateKeyPath }
      : // The key is only read when attributes are fetched, which `attr` replaces.
        { privateKey: 'offline', attr: async () => OFFLINE_ATTR }),
  }
  return new ci.Project(options)
}

export interface Pack {
  files: Record<string, string | Buffer>
  sizes: SizeReport
}

/** Packs dist/weapp offline exactly as an upload would compile it (settings from project.config.json). */
export async function pack(dir = WEAPP_DIR): Promise<Pack> {
  const project = ciProject({ appid: readProjectConfig(dir).appid, dir })
  const files = await ci.getCompiledResult({
    project,
    version: '0.0.0',
    setting: { useProjectConfig: true },
    onProgressUpdate: () => undefined,
  })
  const bytes = Object.fromEntries(Object.entries(files).map(([p, v]) => [p, Buffer.byteLength(v)]))
  return { files, sizes: measurePackages(bytes, subpackageRoots(dir)) }
}

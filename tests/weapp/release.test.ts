/**
 * The built mini-program as it would be uploaded: miniprogram-ci packs dist/weapp offline with
 * project.config.json's settings, and the pack must fit WeChat's size limits and parse as ES5 (what the
 * oldest JS engines behind base library 3.8.0 accept). Also: the build carries the env id and AppID it
 * was given. Builds nothing: tests/run.mjs runs it after `build-weapp`; without dist/weapp it is SKIPPED.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'acorn'
import { pack, readProjectConfig, type Pack } from '../../tools/release-pack'
import { releaseProblems } from '../../tools/release'

const root = path.resolve(__dirname, '..', '..')
const dist = path.join(root, 'dist', 'weapp')
const built = existsSync(path.join(dist, 'app.json')) && existsSync(path.join(dist, 'project.config.json'))
if (!built)
  console.warn(
    '\n!! dist/weapp is missing: run `node tests/run.mjs --only build-weapp,weapp`; the release pack tests are SKIPPED.\n',
  )
const suite = built ? describe : describe.skip

const es5Error = (code: string): string | undefined => {
  try {
    parse(code, { ecmaVersion: 5, sourceType: 'script' })
    return undefined
  } catch (e) {
    return (e as Error).message
  }
}

describe('the ES5 check itself', () => {
  it('rejects the syntax the vendor bundle carries before packing', () => {
    expect(es5Error('var a = b ?? c')).toBeDefined()
    expect(es5Error('var a = b?.c')).toBeDefined()
    expect(es5Error('var a = b || c')).toBeUndefined()
  })
})

describe('project.config.json (the repository root)', () => {
  const config = JSON.parse(readFileSync(path.join(root, 'project.config.json'), 'utf8'))
  it('declares the base library and turns on ES6 → ES5 and enhanced compilation for upload', () => {
    expect(config.libVersion).toBe('3.8.0')
    expect(config.setting).toMatchObject({ es6: true, enhance: true, minified: true })
  })
})

suite('dist/weapp packed by miniprogram-ci, offline', () => {
  let packed: Pack
  beforeAll(async () => {
    // miniprogram-ci narrates every step, and offline it logs its failed whitelist fetch as `[error]`
    // before packing with its built-in list; only the result matters here.
    const quiet = [jest.spyOn(console, 'log'), jest.spyOn(console, 'warn')]
    for (const s of quiet) s.mockImplementation(() => undefined)
    try {
      packed = await pack(dist)
    } finally {
      for (const s of quiet) s.mockRestore()
    }
  }, 240_000)

  it('fits WeChat’s limits: main ≤ 2 MB, each subpackage ≤ 2 MB, total ≤ 20 MB', () => {
    const names = packed.sizes.packages.map((p) => p.name)
    expect(names).toEqual(['__APP__', 'pkg-staff', 'pkg-office'])
    for (const p of packed.sizes.packages) expect(p.files).toBeGreaterThan(0)
    console.log(packed.sizes.packages.map((p) => `${p.name} ${(p.bytes / 1024).toFixed(1)} KB`).join(', '))
    expect(packed.sizes.problems).toEqual([])
  })

  it('uploads only ES5: every packed script, vendors.js included, parses as ES5', () => {
    const scripts = Object.keys(packed.files).filter((f) => f.endsWith('.js'))
    expect(scripts).toEqual(expect.arrayContaining(['app.js', 'vendors.js', 'taro.js']))
    const bad = scripts
      .map((f) => [f, es5Error(String(packed.files[f]))] as const)
      .filter(([, err]) => err !== undefined)
    expect(bad).toEqual([])
  })
})

suite('the build’s identity', () => {
  const envId = process.env.LINLI_ENV_ID
  const appid = process.env.LINLI_APPID
  const given = Boolean(envId && appid)
  if (!given)
    console.warn(
      '\n!! LINLI_ENV_ID/LINLI_APPID not set for this run: the build-identity checks are SKIPPED.\n',
    )
  const maybe = given ? it : it.skip

  maybe('app.js initialises CloudBase with the env id the build was given', () => {
    const app = readFileSync(path.join(dist, 'app.js'), 'utf8')
    expect(app).toContain(`cloud.init({env:${JSON.stringify(envId)}`)
  })

  maybe('dist/weapp/project.config.json carries the AppID, so DevTools and miniprogram-ci use it', () => {
    expect(readProjectConfig(dist).appid).toBe(appid)
    expect(releaseProblems({ LINLI_APPID: appid, LINLI_UPLOAD_KEY: __filename }, dist)).toEqual([])
  })

  it('refuses to release a build made for another AppID, or without a key', () => {
    const other = 'wxffffffffffffffff'
    const problems = releaseProblems({ LINLI_APPID: other }, dist)
    expect(problems.join('\n')).toMatch(/LINLI_UPLOAD_KEY 未设置/)
    expect(problems.join('\n')).toMatch(new RegExp(`不是为 ${other} 构建`))
  })
})

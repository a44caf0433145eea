/**
 * The weapp build's own configuration: a release build names its CloudBase env id and AppID or fails,
 * before webpack runs, with a message naming what is missing; local builds and H5 need neither.
 * (`npx taro build --type weapp` without them exits 1 in about a second with the same message; here the
 * config is evaluated directly, so a regression cannot start a real build over dist/weapp.)
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { buildTarget } from '../../config/deploy'

const root = path.resolve(__dirname, '..', '..')
const release = { TARO_ENV: 'weapp', NODE_ENV: 'production' }
const ids = { LINLI_ENV_ID: 'linli-prod-8g3k2x1a0b', LINLI_APPID: 'wx0123456789abcdef' }

describe('buildTarget', () => {
  it('a release weapp build without either variable fails naming both, in Chinese and English', () => {
    expect(() => buildTarget(release, undefined)).toThrow(/LINLI_ENV_ID 未设置[\s\S]*LINLI_APPID 未设置/)
    expect(() => buildTarget(release, undefined)).toThrow(/missing its configuration/)
  })

  it('names only what is missing or malformed', () => {
    const noApp = () => buildTarget({ ...release, LINLI_ENV_ID: ids.LINLI_ENV_ID }, undefined)
    expect(noApp).toThrow(/LINLI_APPID 未设置/)
    expect(noApp).not.toThrow(/LINLI_ENV_ID 未设置|LINLI_ENV_ID="/)
    expect(() => buildTarget({ ...release, ...ids, LINLI_APPID: 'touristappid' }, undefined)).toThrow(
      /LINLI_APPID="touristappid" 不是/,
    )
    expect(() => buildTarget({ ...release, ...ids, LINLI_ENV_ID: ' ' }, undefined)).toThrow(
      /LINLI_ENV_ID 未设置/,
    )
  })

  it('a release build with both carries them', () => {
    expect(buildTarget({ ...release, ...ids }, undefined)).toEqual({
      envId: ids.LINLI_ENV_ID,
      appid: ids.LINLI_APPID,
    })
  })

  it('local builds (LINLI_LOCAL=1, --mode local, watch) and H5 need neither', () => {
    expect(buildTarget({ ...release, LINLI_LOCAL: '1' }, undefined)).toEqual({ envId: '', appid: undefined })
    expect(buildTarget(release, 'local')).toEqual({ envId: '', appid: undefined })
    expect(buildTarget({ TARO_ENV: 'weapp', NODE_ENV: 'development' }, 'development').envId).toBe('')
    expect(buildTarget({ TARO_ENV: 'h5', NODE_ENV: 'production' }, undefined)).toEqual({ envId: '' })
    // a local build still uses an env id it is given
    expect(buildTarget({ ...release, LINLI_LOCAL: '1', LINLI_ENV_ID: 'linli-dev-1' }, undefined).envId).toBe(
      'linli-dev-1',
    )
  })
})

describe('config/index.ts', () => {
  const evaluate = (env: Record<string, string>) =>
    spawnSync(
      'npx',
      [
        'tsx',
        '-e',
        `require('./config/index.ts').default(Object.assign, { mode: process.env.MODE || undefined, command: 'build' })
           .then((c) => console.log(JSON.stringify({ env: c.defineConstants['process.env.LINLI_ENV_ID'], appid: process.env.TARO_APP_ID ?? null })))
           .catch((e) => { console.error(e.message); process.exit(1) })`,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...env,
        } as unknown as NodeJS.ProcessEnv,
      },
    )

  it('refuses a release weapp configuration without the variables', () => {
    const r = evaluate(release)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/LINLI_ENV_ID 未设置/)
    expect(r.stderr).toMatch(/LINLI_APPID 未设置/)
  }, 60_000)

  it('inlines the env id and hands the AppID to Taro’s project.config.json', () => {
    const r = evaluate({ ...release, ...ids })
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({
      env: JSON.stringify(ids.LINLI_ENV_ID),
      appid: ids.LINLI_APPID,
    })
  }, 60_000)

  it('lets `--mode local` build without them', () => {
    const r = evaluate({ ...release, MODE: 'local' })
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ env: '""', appid: null })
  }, 60_000)
})

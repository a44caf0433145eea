import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { TemplateKey } from '../../types/messages'
import { checklist, findPrivacyUses, requiredPrivateInfosOf } from './check'
import { HELP, main } from './cli'

const root = resolve(__dirname, '..', '..')

/** A deployment with everything configured and declared. */
const FULL: Record<string, string> = {
  LINLI_ENV_ID: 'linli-prod-1a2b3c',
  LINLI_APPID: 'wx0123456789abcdef',
  LINLI_SETUP_SECRET: '9f3b7c21d8e44a1f',
  LINLI_DOWNLOAD_DOMAIN: 'https://6c69-linli-prod-1a2b3c-1300000000.tcb.qcloud.la',
  LINLI_PRIVACY_DECLARED: 'album, camera, clipboard, calendar, location, file',
  ...Object.fromEntries(TemplateKey.options.map((k, i) => [`LINLI_TEMPLATE_${k}`, `tmpl-${i}-abcdefg`])),
}

const run = (env: Record<string, string>) => {
  const out: string[] = []
  const code = main([], env, (l) => out.push(l))
  return { code, text: out.join('\n') }
}

it('with nothing configured exits non-zero as a process and names the env id and every template id', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/deploy-check/cli.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } as unknown as NodeJS.ProcessEnv,
    timeout: 60_000,
  })
  expect(r.status).toBe(1)
  expect(r.stdout).toContain('✗ LINLI_ENV_ID（云开发环境 ID）')
  for (const k of TemplateKey.options) expect(r.stdout).toContain(`✗ LINLI_TEMPLATE_${k}`)
  for (const v of ['LINLI_APPID', 'LINLI_SETUP_SECRET', 'LINLI_DOWNLOAD_DOMAIN'])
    expect(r.stdout).toContain(`✗ ${v}`)
  expect(r.stdout).toMatch(/还有 \d+ 项没有配好/)
})

it('with everything configured exits 0 and every line is ✓', () => {
  const r = run(FULL)
  expect(r.code).toBe(0)
  expect(r.text).not.toContain('✗')
  expect(r.text).toContain('✓ LINLI_ENV_ID（云开发环境 ID）：linli-prod-1a2b3c')
  expect(r.text).toMatch(/全部 \d+ 项就绪。$/)
})

it.each(Object.keys(FULL))('without %s it fails and says how to fix it', (name) => {
  const env = { ...FULL }
  delete env[name]
  const r = run(env)
  expect(r.code).toBe(1)
  expect(r.text).toMatch(/✗ .+\n {4}→ /)
})

it('refuses a malformed AppID, a short setup secret and a domain without https', () => {
  const r = run({
    ...FULL,
    LINLI_APPID: 'wx123',
    LINLI_SETUP_SECRET: 'short',
    LINLI_DOWNLOAD_DOMAIN: 'http://example.com',
  })
  expect(r.code).toBe(1)
  expect(r.text).toContain('“wx123”不像 AppID')
  expect(r.text).toContain('太短（5 个字符），至少要 16 个')
  expect(r.text).toContain('“http://example.com”格式不对')
})

it('tells which functions need each template id (from cloudfunctions/functions.ts)', () => {
  const items = checklist({}, [])
  const alert = items.find((i) => i.label.startsWith('LINLI_TEMPLATE_demandAlert'))!
  expect(alert.ok).toBe(false)
  expect(alert.detail).toMatch(/配到云函数 .*outbox/)
})

describe('privacy declarations', () => {
  it("derives what to declare from the app's own calls in src/", () => {
    const r = run({ ...FULL, LINLI_PRIVACY_DECLARED: '' })
    expect(r.code).toBe(1)
    // The app picks photos (demands, notices), copies text, adds a calendar entry and scans tickets.
    for (const what of ['选中的照片或视频信息（相册）', '摄像头', '剪切板', '日历（仅写入）'])
      expect(r.text).toContain(`✗ 隐私保护指引：${what}`)
    expect(r.text).toContain('src/demands/pages/submit/index.tsx')
    expect(r.text).toContain('src/bookings/pages/ticket/index.tsx')
    // 反映问题 picks a place on the map: location is declared, and app.config lists chooseLocation.
    expect(r.text).toContain('✗ 隐私保护指引：位置信息')
    expect(r.text).toContain('src/demands/PlacePicker.tsx')
    expect(r.text).toContain('✓ app.json requiredPrivateInfos')
  })

  it('finds each API once per file, phone-number buttons included, and location needs requiredPrivateInfos', () => {
    const uses = findPrivacyUses(
      new Map([
        ['a.tsx', 'Taro.chooseImage(); wx.getLocation(); Taro.chooseImage()'],
        ['b.tsx', '<Button openType="getPhoneNumber" />; Taro.openLocation()'],
      ]),
    )
    expect(uses).toEqual([
      { api: 'chooseImage', files: ['a.tsx'] },
      { api: 'getLocation', files: ['a.tsx'] },
      { api: 'getPhoneNumber', files: ['b.tsx'] },
    ])
    const items = checklist({ LINLI_PRIVACY_DECLARED: 'album,camera,location,phone' }, uses)
    expect(items.filter((i) => i.label.startsWith('隐私保护指引')).every((i) => i.ok)).toBe(true)
    expect(items.find((i) => i.label === 'app.json requiredPrivateInfos')).toMatchObject({ ok: false })
    const listed = checklist(
      { LINLI_PRIVACY_DECLARED: 'album,camera,location,phone' },
      uses,
      requiredPrivateInfosOf(
        "lazyCodeLoading: 'x',\n  requiredPrivateInfos: ['getLocation', 'chooseLocation'],",
      ),
    )
    expect(listed.find((i) => i.label === 'app.json requiredPrivateInfos')).toMatchObject({ ok: true })
  })
})

it('--help lists every variable it reads', () => {
  const out: string[] = []
  expect(main(['--help'], {}, (l) => out.push(l))).toBe(0)
  for (const v of [
    'LINLI_ENV_ID',
    'LINLI_APPID',
    'LINLI_TEMPLATE_<key>',
    'LINLI_SETUP_SECRET',
    'LINLI_DOWNLOAD_DOMAIN',
    'LINLI_PRIVACY_DECLARED',
  ])
    expect(HELP).toContain(v)
  expect(out[0]).toBe(HELP)
})

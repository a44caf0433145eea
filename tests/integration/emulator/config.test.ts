/**
 * The local cloud refuses at start what the real cloud refuses or silently ignores in a function's
 * config.json — two timer triggers, a digit in the weekday field, a cron it cannot read, keys it does not
 * read — with a message naming the file and the fix. And an invocation past its timeout fails for a caller
 * through cloud.callFunction as SCF reports it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FUNCTION_SETTINGS } from '../../../cloudfunctions/functions'
import { startLocalCloud } from '../../../emulator/server'
import { startTestCloud, buildFixtures } from '../../helpers/localCloud'

const scratch = mkdtempSync(join(tmpdir(), 'linli-config-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let seq = 0
/** A built function `name` whose config.json is `config`. */
function fn(name: string, config: unknown) {
  const dir = join(scratch, `${name}-${seq++}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'index.js'), 'exports.main = async () => ({ ok: true })\n')
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config))
  return { name, dir }
}

/** Starting a local cloud with this function fails; the message is returned. */
async function refusal(spec: { name: string; dir: string }): Promise<string> {
  const dataDir = mkdtempSync(join(scratch, 'data-'))
  try {
    const cloud = await startLocalCloud({
      dataDir,
      port: 0,
      quiet: true,
      h5Dir: false,
      functions: { specs: [spec] },
    })
    await cloud.stop()
  } catch (err) {
    return (err as Error).message
  }
  throw new Error(`${spec.name} was accepted`)
}

const timer = (name: string, config: string) => ({ name, type: 'timer', config })

test('two timer triggers in one function are refused at start, naming the file and the fix', async () => {
  const spec = fn('reports', {
    triggers: [timer('dailyDigest', '0 0 8 * * * *'), timer('recount', '0 30 2 * * * *')],
  })
  const msg = await refusal(spec)
  expect(msg).toContain(join(spec.dir, 'config.json'))
  expect(msg).toContain('有 2 个定时触发器')
  expect(msg).toContain('只允许 1 个')
  // A product function's config.json is generated: the message sends the deployer to the source.
  expect(msg).toContain('cloudfunctions/functions.ts')
})

test('a digit in the weekday field is refused at start, with the names to use instead', async () => {
  const msg = await refusal(fn('weekly', { triggers: [timer('weeklyDigest', '0 0 8 * * 1 *')] }))
  expect(msg).toContain('星期字段写了数字「1」')
  expect(msg).toContain('MON')
  // Names pass.
  const dataDir = mkdtempSync(join(scratch, 'data-'))
  const ok = await startLocalCloud({
    dataDir,
    port: 0,
    quiet: true,
    h5Dir: false,
    functions: { specs: [fn('weekly', { triggers: [timer('weeklyDigest', '0 0 8 * * MON *')] })] },
  })
  expect(ok.host!.config('weekly')?.triggers).toHaveLength(1)
  await ok.stop()
})

test('an invalid cron is refused at start', async () => {
  expect(await refusal(fn('six', { triggers: [timer('t', '0 0 8 * * *')] }))).toContain('7 个字段')
  expect(await refusal(fn('hour25', { triggers: [timer('t', '0 0 25 * * * *')] }))).toContain('cron 无法识别')
})

test('config.json keys the platform does not read are refused at start', async () => {
  const msg = await refusal(fn('legacy', { timeout: 20, memorySize: 512, triggers: [] }))
  expect(msg).toContain('timeout、memorySize')
  expect(msg).toContain('只认 triggers 和 permissions')
  expect(msg).toContain('cloudbaserc.json')
  expect(await refusal(fn('envvars', { envVariables: { A: '1' } }))).toContain('envVariables')
  expect(await refusal(fn('badperm', { permissions: { openapi: 'subscribeMessage.send' } }))).toContain(
    'permissions.openapi',
  )
})

test('settings past what the console allows are refused (timeout over 60 s)', async () => {
  const spec = { ...fn('slow', {}), settings: { timeout: 900 } }
  expect(await refusal(spec)).toContain('超时最长 60 秒')
})

test('the built product functions are accepted, with the timeouts and memory of cloudfunctions/functions.ts', async () => {
  const t = await startTestCloud()
  try {
    for (const [name, s] of Object.entries(FUNCTION_SETTINGS)) {
      const cfg = t.cloud.host!.config(name)!
      expect({ name, timeout: cfg.timeout, memory: cfg.memorySize }).toEqual({
        name,
        timeout: s.timeout,
        memory: s.memorySize ?? 256,
      })
      expect(cfg.triggers.length).toBeLessThanOrEqual(1)
    }
    expect(t.cloud.host!.config('reports')?.triggers.map((x) => x.name)).toEqual(['hourly'])
  } finally {
    await t.stop()
  }
})

test('an invocation past its timeout fails for a cloud.callFunction caller as in the cloud', async () => {
  const fixtures = await buildFixtures()
  const dataDir = mkdtempSync(join(scratch, 'data-'))
  const caller = fixtures.find((f) => f.name === 'caller')!
  const sleeper = { ...fixtures.find((f) => f.name === 'sleeper')!, settings: { timeout: 1 } }
  const cloud = await startLocalCloud({
    dataDir,
    port: 0,
    quiet: true,
    h5Dir: false,
    functions: { specs: [caller, sleeper] },
  })
  try {
    const started = Date.now()
    const out = await cloud.host!.invoke(
      'caller',
      { callee: 'sleeper', data: { ms: 4000 } },
      {
        caller: { openid: 'o-timeout' },
      },
    )
    expect(out.ok).toBe(true)
    const r = JSON.parse((out as { json: string }).json) as { error?: { code: string; errMsg: string } }
    expect(r.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL')
    expect(r.error?.errMsg).toContain('Invoking task timed out after 1 seconds')
    expect(Date.now() - started).toBeLessThan(3000)
  } finally {
    await cloud.stop()
  }
})

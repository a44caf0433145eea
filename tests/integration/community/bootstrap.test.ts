/**
 * 首次初始化 (community.bootstrap) through the real function host and wx-server-sdk, on an empty environment:
 * closed without a setup secret, refused with a wrong one (the same answer however close), works once, is
 * idempotent while its invitation is open, and is refused for good once the officer has redeemed it.
 * The secret reaches the function as the deployment gives it: an environment variable of `community`, which
 * the local cloud takes from its own environment when the function is registered.
 */
import { join, resolve } from 'node:path'
import type { CallOutput } from '../../../types/api'
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'

const root = resolve(__dirname, '..', '..', '..')
const SECRET = 'linli-setup-9f3b7c21d8e4'
const DEPLOYER = 'bootstrap-deployer'
let t: TestCloud
const before = process.env.LINLI_SETUP_SECRET

/** Sets (or removes) the function's LINLI_SETUP_SECRET, as the deployer does in the console, and redeploys. */
function configure(secret: string | undefined) {
  if (secret === undefined) delete process.env.LINLI_SETUP_SECRET
  else process.env.LINLI_SETUP_SECRET = secret
  t.cloud.host!.register({ name: 'community', dir: join(root, 'dist', 'cloudfunctions', 'community') })
}

const bootstrap = (input: Record<string, unknown>, openid = DEPLOYER) =>
  t.call<CallOutput<'community', 'bootstrap'>>('community', { action: 'bootstrap', ...input }, openid)
const written = async () => ({
  subdistricts: (await t.dev.collection('subdistricts')).length,
  invites: (await t.dev.collection('invites')).length,
  staff: (await t.dev.collection('staff')).length,
})

beforeAll(async () => {
  delete process.env.LINLI_SETUP_SECRET
  t = await startTestCloud()
})
afterAll(async () => {
  if (before === undefined) delete process.env.LINLI_SETUP_SECRET
  else process.env.LINLI_SETUP_SECRET = before
  await t?.stop()
})

it('is closed while no setup secret is configured, whatever secret is sent', async () => {
  configure(undefined)
  const r = await bootstrap({ secret: SECRET, subdistrictName: '明德街道' })
  expect(r.ok).toBe(false)
  expect(r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'notConfigured' } })
  expect(r.error!.message).toContain('LINLI_SETUP_SECRET')
  expect(await written()).toEqual({ subdistricts: 0, invites: 0, staff: 0 })
})

it('stays closed while the configured secret is shorter than 16 characters', async () => {
  configure('short-secret')
  const r = await bootstrap({ secret: 'short-secret', subdistrictName: '明德街道' })
  expect(r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'tooShort' } })
  expect(await written()).toEqual({ subdistricts: 0, invites: 0, staff: 0 })
})

it('refuses a wrong or missing secret with one answer that does not tell how close it was', async () => {
  configure(SECRET)
  const nearMiss = await bootstrap({ secret: SECRET.slice(0, -1) + 'x', subdistrictName: '明德街道' })
  const farOff = await bootstrap({ secret: 'x', subdistrictName: '明德街道' })
  const longer = await bootstrap({ secret: SECRET + SECRET, subdistrictName: '明德街道' })
  for (const r of [nearMiss, farOff, longer]) {
    expect(r.ok).toBe(false)
    expect(r.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: '初始化口令不对，请核对后再试',
      details: { issues: [{ path: 'secret', message: '初始化口令不对，请核对后再试' }] },
    })
  }
  const missing = await bootstrap({ subdistrictName: '明德街道' })
  expect(missing.error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'secret' }] } })
  const noName = await bootstrap({ secret: SECRET, subdistrictName: '  ' })
  expect(noName.error).toMatchObject({
    code: 'INVALID_INPUT',
    details: { issues: [{ path: 'subdistrictName' }] },
  })
  expect(await written()).toEqual({ subdistricts: 0, invites: 0, staff: 0 })
})

let code = ''

it('works once: the sub-district and one officer invitation; a retry gets the same code', async () => {
  const first = ok(
    await bootstrap({
      secret: SECRET,
      subdistrictName: '明德街道',
      note: '赵主任',
      clientRequestId: 'setup-0001',
    }),
  )
  expect(first).toMatchObject({ subdistrictId: 'sd-main', subdistrictName: '明德街道' })
  expect(first.code).toMatch(/^[A-Z0-9]{8}$/)
  code = first.code
  const retried = ok(
    await bootstrap({
      secret: SECRET,
      subdistrictName: '明德街道',
      note: '赵主任',
      clientRequestId: 'setup-0001',
    }),
  )
  expect(retried).toEqual(first)
  // Asked again (another request, another device) while the code is open: still the one code.
  const again = ok(await bootstrap({ secret: SECRET, subdistrictName: '明德街道' }, 'someone-else'))
  expect(again.code).toBe(code)
  // Two at once meet on the one sub-district document.
  const racing = await Promise.all([
    bootstrap({ secret: SECRET, subdistrictName: '明德街道' }),
    bootstrap({ secret: SECRET, subdistrictName: '明德街道' }),
  ])
  expect(racing.map((r) => ok(r).code)).toEqual([code, code])

  expect(await written()).toEqual({ subdistricts: 1, invites: 1, staff: 0 })
  const [invite] = await t.dev.collection<Record<string, unknown>>('invites')
  expect(invite).toMatchObject({
    _id: code,
    role: 'officer',
    subdistrictId: 'sd-main',
    note: '赵主任',
    status: 'open',
    createdBy: DEPLOYER,
  })
})

it('the deployer redeems the code in the app and is the first officer, who can invite the next', async () => {
  const redeemed = ok(
    await t.call<CallOutput<'community', 'redeem'>>('community', { action: 'redeem', code }, DEPLOYER),
  )
  expect(redeemed.staff).toMatchObject({ role: 'officer', subdistrictId: 'sd-main' })
  const next = ok(
    await t.call<CallOutput<'community', 'invite'>>(
      'community',
      { action: 'invite', role: 'officer' },
      DEPLOYER,
    ),
  )
  expect(next.role).toBe('officer')
})

it('is refused for good once an officer exists, also with the right secret and from anyone', async () => {
  for (const openid of [DEPLOYER, 'another-person']) {
    for (const clientRequestId of [undefined, 'setup-0001']) {
      const r = await bootstrap({ secret: SECRET, subdistrictName: '新街道', clientRequestId }, openid)
      expect(r.ok).toBe(false)
      expect(r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'alreadySetUp' } })
      expect(r.error!.message).toContain('已经初始化过了')
    }
  }
  // Deactivating the officer does not reopen setup.
  expect(await t.cloud.db.update('staff', { role: 'officer' }, { active: false }, { multi: true })).toBe(1)
  const afterDeactivation = await bootstrap({ secret: SECRET, subdistrictName: '新街道' }, 'another-person')
  expect(afterDeactivation.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'alreadySetUp' } })

  const subdistricts = await t.dev.collection<{ _id: string; name: string }>('subdistricts')
  expect(subdistricts.map((s) => [s._id, s.name])).toEqual([['sd-main', '明德街道']])
  // The bootstrap code is used; the only other invitation is the one the officer made in the app.
  const invites = await t.dev.collection<{ _id: string; status: string; createdBy: string }>('invites')
  expect(invites.find((i) => i._id === code)?.status).toBe('used')
  expect(invites.filter((i) => i.createdBy !== DEPLOYER)).toEqual([])
})

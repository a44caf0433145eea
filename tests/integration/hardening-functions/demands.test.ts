/**
 * Issue 22 through the real wx-server-sdk and function host: authorization comes before input, files belong
 * to their owners, and the daily limits hold when one resident fires 60 calls at once.
 */
import { ok, startTestCloud, type Envelope, type TestCloud } from '../../helpers/localCloud'
import { MAX_SUBMISSIONS_PER_DAY, MAX_UPLOADS_PER_DAY } from '../../../types/demands'

jest.setTimeout(180_000)

let t: TestCloud
const WANG = 'demo-resident-wang'
const LI = 'demo-resident-li'
let seq = 0
const req = () =>
  `hf-${Date.now().toString(36)}-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`
// 1×1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
const attach = (openid: string, contentBase64 = PNG) =>
  t.call<{ fileId: string; url: string }>(
    'demands',
    { action: 'attachPhoto', contentType: 'image/png', contentBase64, clientRequestId: req() },
    openid,
  )
const submit = (openid: string, input: Record<string, unknown> = {}) =>
  t.call<{ id: string }>(
    'demands',
    {
      action: 'submit',
      category: 'sanitation',
      text: '楼道里堆满了杂物，消防通道被堵住了',
      location: { blockId: 'c-chunhui-b1' },
      clientRequestId: req(),
      ...input,
    },
    openid,
  )
const newcomer = async (tag: string) => {
  const openid = `hf-${tag}-${Math.random().toString(36).slice(2, 8)}`
  ok(await t.call('community', { action: 'me' }, openid))
  return openid
}

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

describe('authorization before input', () => {
  it('a resident calling a staff action with garbage gets FORBIDDEN, not the schema', async () => {
    const r = await t.call('demands', { action: 'resolve', id: 42, nonsense: { deep: true } }, WANG)
    expect(r.error?.code).toBe('FORBIDDEN')
    expect(JSON.stringify(r.error)).not.toMatch(/clientRequestId|result/)
    // Staff with the same garbage learn what is wrong: scope and input checks still follow.
    const staff = await t.call('demands', { action: 'resolve', id: 42 }, 'demo-blockhead-zhang')
    expect(staff.error?.code).toBe('INVALID_INPUT')
  })
})

describe('files belong to their owners', () => {
  it('a resident cannot attach another user’s photo, an export, or a made-up id', async () => {
    const lis = ok(await attach(LI)).fileId
    const mine = ok(await attach(WANG)).fileId
    expect(mine).not.toBe(lis)
    for (const foreign of [
      lis,
      lis.replace(/demands\/[^/]+\//, 'exports/'),
      mine.replace(/\/[^/]+$/, '/../../exports/x.xlsx'),
      'cloud://other-env.bucket/demands/anything.png',
    ]) {
      const r = await submit(WANG, { photos: [mine, foreign] })
      expect(r.error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'photos.1' }] } })
    }
    const { id } = ok(await submit(WANG, { photos: [mine] }))
    const detail = ok(await t.call<{ photos: { url: string }[] }>('demands', { action: 'get', id }, WANG))
    expect(detail.photos[0].url).toMatch(/^http/)
  })

  it('a stored demand carrying someone else’s file id never gets it signed', async () => {
    const lis = ok(await attach(LI)).fileId
    const { id } = ok(await submit(WANG))
    // As an older build (or a planted write) might have left it: the photo id is not the author's.
    const stored = t.cloud.database.find('demands', { _id: id })[0]
    await t.cloud.database.insertMany('demands', [
      { ...stored, _id: `${id}-copy`, photos: [lis], clientRequestId: req() },
    ])
    const r = await t.call<{ photos: { fileId: string; url: string }[] }>(
      'demands',
      { action: 'get', id: `${id}-copy` },
      WANG,
    )
    expect(ok(r).photos).toEqual([{ fileId: lis, url: '' }])
  })

  it('refuses an upload past the daily count, whatever arrives at once', async () => {
    const who = await newcomer('up')
    const all = await Promise.all(Array.from({ length: MAX_UPLOADS_PER_DAY + 10 }, () => attach(who)))
    expect(all.filter((r) => r.ok)).toHaveLength(MAX_UPLOADS_PER_DAY)
    const refused = all.filter((r) => !r.ok)
    expect(refused).toHaveLength(10)
    expect(refused[0].error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('明天') })
  })

  it('refuses an upload past the daily bytes', async () => {
    const who = await newcomer('bytes')
    // 2 MB PNGs: the header makes them images, the rest is padding.
    const big = Buffer.alloc(2 * 1024 * 1024 - 16)
    Buffer.from(PNG, 'base64').copy(big)
    const b64 = big.toString('base64')
    let stored = 0
    let last: Envelope<unknown> = { ok: true }
    for (let i = 0; i < 12 && last.ok; i++) {
      last = await attach(who, b64)
      if (last.ok) stored++
    }
    expect(stored).toBe(10)
    expect(last.error?.code).toBe('RATE_LIMITED')
  })
})

describe('limits that hold under concurrency', () => {
  it('60 simultaneous submits by one resident store exactly 10', async () => {
    const who = await newcomer('burst')
    const all = await Promise.all(
      Array.from({ length: 60 }, (_, i) => submit(who, { text: `第${i + 1}件事情需要反映一下` })),
    )
    expect(all.filter((r) => r.ok)).toHaveLength(MAX_SUBMISSIONS_PER_DAY)
    expect(all.filter((r) => r.error?.code === 'RATE_LIMITED')).toHaveLength(60 - MAX_SUBMISSIONS_PER_DAY)
    expect(t.cloud.database.count('demands', { residentOpenid: who })).toBe(MAX_SUBMISSIONS_PER_DAY)
  })

  it('a refused submit gives its use back; a retry does not spend a second one', async () => {
    const who = await newcomer('back')
    const same = { clientRequestId: req() }
    ok(await submit(who, same))
    ok(await submit(who, same))
    // Refused for its text: not counted.
    expect((await submit(who, { text: '这里有人组织赌博活动' })).error?.code).toBe('INVALID_INPUT')
    for (let i = 0; i < MAX_SUBMISSIONS_PER_DAY - 1; i++)
      ok(await submit(who, { text: `再反映第${i}件事情` }))
    expect((await submit(who)).error?.code).toBe('RATE_LIMITED')
    expect(t.cloud.database.count('demands', { residentOpenid: who })).toBe(MAX_SUBMISSIONS_PER_DAY)
  })
})

describe("the day's allowance on the resident's record", () => {
  it('is opened by the first demand of a caller never seen before, and moves on with the day', async () => {
    const who = `hf-first-${Math.random().toString(36).slice(2, 8)}`
    ok(await submit(who))
    const record = () => t.cloud.database.find('residents', { _id: who })[0] as { demandsOn?: object }
    const today = Object.keys(record().demandsOn ?? {})
    expect(today).toHaveLength(1)
    expect(record().demandsOn).toEqual({ [today[0]]: 1 })
    try {
      await t.dev.setClock(24 * 3_600_000)
      ok(await submit(who))
      const next = record().demandsOn ?? {}
      // Yesterday's count is dropped by the write that opens today's.
      expect(Object.values(next)).toEqual([1])
      expect(Object.keys(next)).not.toContain(today[0])
    } finally {
      await t.dev.setClock(0)
    }
  })
})

describe('WeChat uploads (photoSlot)', () => {
  const slot = (openid: string, clientRequestId = req(), size = 2048) =>
    t.call<{ cloudPath: string }>(
      'demands',
      { action: 'photoSlot', contentType: 'image/jpeg', size, clientRequestId },
      openid,
    )

  it('gives a path in the caller’s own folder that submit accepts, the same path for a retry', async () => {
    const me = await newcomer('slot')
    const id = req()
    const first = ok(await slot(me, id))
    expect(ok(await slot(me, id))).toEqual(first)
    // The app uploads there straight from WeChat.
    const fileId = await t.cloud.storage.putFile(first.cloudPath, Buffer.from(PNG, 'base64'))
    ok(await submit(me, { photos: [fileId] }))
    // Someone else's slot path is not theirs to attach.
    const other = await t.cloud.storage.putFile(ok(await slot(LI)).cloudPath, Buffer.from(PNG, 'base64'))
    expect((await submit(me, { photos: [other] })).error?.code).toBe('INVALID_INPUT')
  })

  it('counts against the day’s uploads once per request, and refuses past the quota', async () => {
    const me = await newcomer('slotquota')
    const id = req()
    ok(await slot(me, id))
    ok(await slot(me, id))
    for (let i = 1; i < MAX_UPLOADS_PER_DAY; i++) ok(await slot(me))
    expect((await slot(me)).error?.code).toBe('RATE_LIMITED')
  })
})

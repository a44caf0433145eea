/**
 * Every page of the built app.json renders on weapp for the role that reaches it, with the demo data from
 * the real functions, and without a runtime error. The role table below must name every page: a page added
 * to app.json without a row here fails `every page has a row`.
 */
import { appPages, ROLES, startHarness, suite, until, type Harness } from './harness'

type Role = keyof typeof ROLES
interface Ids {
  demand: string
  inboxDemand: string
  item: string
  ticket: string
  notice: string
  household: string
  householdAddress: string
  committee: string
}
/** Who reaches each page, with the query its links give it (real ids, read from the functions). */
const PAGES: Record<
  string,
  // form: the page is a form or static text and asks the functions nothing until the person acts.
  { role: Role; query?: (ids: Ids) => string; expect?: string; form?: true }
> = {
  'community/pages/home/index': { role: 'resident', expect: '您好' },
  'demands/pages/mine/index': { role: 'resident' },
  'demands/pages/submit/index': { role: 'resident', expect: '反映问题' },
  'demands/pages/detail/index': { role: 'resident', query: (i) => `id=${i.demand}` },
  'bookings/pages/items/index': { role: 'resident' },
  'bookings/pages/item/index': { role: 'resident', query: (i) => `id=${i.item}` },
  'bookings/pages/book/index': { role: 'resident', query: (i) => `items=${i.item}` },
  'bookings/pages/ticket/index': { role: 'resident', query: (i) => `id=${i.ticket}` },
  'bookings/pages/mine/index': { role: 'resident' },
  'community/pages/me/index': { role: 'resident' },
  'community/pages/committees/index': { role: 'resident' },
  'community/pages/bind/index': { role: 'resident', query: (i) => `committee=${i.committee}` },
  'community/pages/profile/index': { role: 'resident' },
  'community/pages/notice/index': { role: 'resident', query: (i) => `id=${i.notice}` },
  'community/pages/redeem/index': { form: true, role: 'resident' },
  'shared/pages/privacy/index': { form: true, role: 'resident' },
  'visits/pages/household/index': { role: 'resident' },
  'visits/pages/pending/index': { role: 'resident' },
  'pkg-staff/workbench/index': { role: 'blockHead', expect: '工作台' },
  'pkg-staff/community/roster/index': { role: 'admin' },
  'pkg-staff/community/bindings/index': { role: 'admin' },
  'pkg-staff/community/publish/index': { form: true, role: 'admin' },
  'pkg-staff/bookings/day-sheet/index': { role: 'clerk' },
  'pkg-staff/bookings/items/index': { role: 'clerk' },
  'pkg-staff/bookings/item-edit/index': { role: 'clerk', query: (i) => `id=${i.item}` },
  'pkg-staff/bookings/slots/index': { role: 'clerk' },
  'pkg-staff/bookings/plan/index': { role: 'clerk' },
  'pkg-staff/bookings/walk-in/index': { role: 'clerk' },
  'pkg-staff/learning/path/index': { role: 'clerk' },
  'pkg-staff/learning/lesson/index': { role: 'clerk', query: (i) => `id=${i.item}` },
  'pkg-staff/learning/coverage/index': { role: 'clerk' },
  'pkg-staff/demands/inbox/index': { role: 'blockHead' },
  'pkg-staff/demands/detail/index': { role: 'blockHead', query: (i) => `id=${i.inboxDemand}` },
  'pkg-staff/demands/intake/index': { form: true, role: 'admin' },
  'pkg-staff/visits/catalogue/index': { role: 'blockHead' },
  'pkg-staff/visits/household/index': {
    role: 'blockHead',
    query: (i) => `id=${encodeURIComponent(i.household)}`,
  },
  'pkg-staff/visits/record/index': {
    form: true,
    role: 'blockHead',
    query: (i) => `id=${encodeURIComponent(i.household)}&address=${encodeURIComponent(i.householdAddress)}`,
  },
  'pkg-staff/visits/online/index': {
    form: true,
    role: 'blockHead',
    query: (i) => `id=${encodeURIComponent(i.household)}&address=${encodeURIComponent(i.householdAddress)}`,
  },
  'pkg-staff/visits/edit/index': { role: 'blockHead', query: (i) => `id=${encodeURIComponent(i.household)}` },
  'pkg-staff/visits/households/index': { role: 'blockHead' },
  'pkg-staff/visits/talents/index': { role: 'admin' },
  'pkg-staff/visits/cadence/index': { role: 'admin' },
  'pkg-staff/reports/summary/index': { role: 'admin' },
  'pkg-office/home/index': { role: 'officer' },
  'pkg-office/desk/index': { role: 'officer' },
  // The charts are echarts on a 2D <canvas>, which miniprogram-simulate cannot draw (no canvas context
  // in its DOM): the test reads the chart's spoken summary, which is made from the same data as the bars.
  'pkg-office/reports/dashboard/index': { role: 'officer' },
  'pkg-office/reports/cases/index': { role: 'officer' },
  'pkg-office/reports/sentiment/index': { role: 'officer' },
  'pkg-office/reports/performance/index': { role: 'officer' },
  'pkg-office/reports/digest/index': { role: 'officer' },
  'pkg-office/reports/export/index': { form: true, role: 'officer' },
  'pkg-office/partners/index': { role: 'officer' },
  'pkg-office/org/index': { role: 'officer', expect: '组织架构' },
  'pkg-office/org/committee/index': { role: 'officer', query: (i) => `id=${i.committee}` },
  'pkg-office/org/import/index': { form: true, role: 'officer', query: (i) => `committeeId=${i.committee}` },
  'pkg-office/org/poster/index': { role: 'officer', query: (i) => `kind=follow&committeeId=${i.committee}` },
}

suite('every page of app.json on weapp', () => {
  let h: Harness
  let ids: Ids
  beforeAll(async () => {
    h = await startHarness()
    const data = async <T>(fn: string, action: string, openid: string): Promise<T> => {
      const r = await h.t.call<T>(fn, { action }, openid)
      if (!r.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(r.error)}`)
      return r.data as T
    }
    const mine = await data<{ items: { id: string }[] }>('demands', 'mine', ROLES.resident)
    const inbox = await data<{ items: { id: string }[] }>('demands', 'inbox', ROLES.blockHead)
    const items = await data<{ items: { id: string }[] }>('bookings', 'items', ROLES.resident)
    const tickets = await data<{ upcoming: { id: string }[] }>('bookings', 'mine', ROLES.resident)
    const notices = await data<{ items: { id: string; committeeId: string }[] }>(
      'community',
      'notices',
      ROLES.resident,
    )
    const households = await data<{ items: { householdId: string; address: string }[] }>(
      'visits',
      'households',
      ROLES.blockHead,
    )
    ids = {
      demand: mine.items[0].id,
      inboxDemand: inbox.items[0].id,
      item: items.items[0].id,
      ticket: tickets.upcoming[0].id,
      notice: notices.items[0].id,
      committee: notices.items[0].committeeId,
      household: households.items[0].householdId,
      householdAddress: households.items[0].address,
    }
  }, 120_000)
  afterAll(() => h?.stop())
  beforeEach(() => h.reset())

  test('every page has a row (a new page needs one)', () => {
    expect(Object.keys(PAGES).sort()).toEqual(appPages().sort())
  })

  test.each(Object.keys(PAGES))('%s', async (page) => {
    const row = PAGES[page]
    h.as(ROLES[row.role])
    const comp = h.render(row.query ? `${page}?${row.query(ids)}` : page)
    await h.idle()
    // Rendering lags the data on a busy machine: wait for the page to show something beyond its skeleton.
    await until(() => comp.text().length > 10 && !comp.querySelector('.state-loading'), `${page} to render`)
    await h.idle()
    const text = comp.text()
    expect(h.errors).toEqual([])
    expect(text.length).toBeGreaterThan(10)
    // No error state (错误 + 重试) and no 加载中 left over.
    expect(comp.querySelector('.state-error')).toBeFalsy()
    if (row.expect) expect(text).toContain(row.expect)
    expect(text).not.toContain('您没有权限')
    // A page with data asked the real functions for it.
    if (!row.form) expect(h.callsOf('cloud.callFunction').length).toBeGreaterThan(0)
    comp.detach()
  })
})

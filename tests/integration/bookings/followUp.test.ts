/**
 * 跟踪回访 on the demo data through the real SDK: 刘洋's 居住登记 cases went wrong more often after he was
 * certified (flagged for re-training), 孙强's 老年津贴 better (not flagged); a case he finishes 未办结 today
 * counts in his first month and its missing material becomes a lesson on the tip (at the bookings timer's next
 * run); three requests.
 */
import type { FollowUpOutput, SheetRow } from '../../../types/bookings'
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { requestMeter } from '../../helpers/requests'
import ExcelJS from 'exceljs'

jest.setTimeout(180_000)
const LIU = 'demo-clerk-liu'
const DENGJI = 'item-juzhu-dengji'
let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ seed: true })
}, 120_000)
afterAll(() => t?.stop())
const meter = requestMeter(() => t.cloud.database)

const call = (action: string, input: object = {}, openid = LIU) =>
  t.call<never>('bookings', { action, ...input }, openid)

test('before and after certification, the rising item flagged for re-training, a new 未办结 counted', async () => {
  const first = ok<FollowUpOutput>(await call('followUp'))
  expect(first.repeatDays).toBe(15)
  const liu = first.lines.find((l) => l.openid === LIU && l.itemId === DENGJI)!
  expect(liu.before.visits).toBeGreaterThanOrEqual(5)
  expect(liu.before.complete).toBe(true)
  expect(liu.month1.visits).toBeGreaterThanOrEqual(5)
  // The resident sent home 5 days ago came back the next day: a repeat visit.
  expect(liu.month1.repeats).toBeGreaterThanOrEqual(1)
  expect(liu.month1.failureRate!).toBeGreaterThan(liu.before.failureRate!)
  expect(liu.month1.complete).toBe(false)
  expect(liu.rising).toBe(true)
  expect(liu.rise!).toBeGreaterThanOrEqual(0.1)
  expect(first.retrain).toContainEqual({ itemId: DENGJI, itemName: '居住登记', clerks: ['刘洋'] })
  // Flagged rows come first.
  expect(first.lines[0].rising).toBe(true)

  const sun = first.lines.find((l) => l.openid === 'demo-clerk-sun' && l.itemId === 'item-laonian-jintie')!
  expect(sun.before).toMatchObject({ visits: 4, notDone: 2, notDoneRate: 0.5 })
  expect(sun.month1.notDone).toBe(0)
  expect(sun.rising).toBe(false)
  expect(first.retrain.some((r) => r.itemId === 'item-laonian-jintie')).toBe(false)

  expect(await meter.cost('followUp', () => call('followUp'))).toBeLessThanOrEqual(3)

  // Today's 未办结 at the window: one more visit in the three months, and the material is on the tip.
  const row = ok<SheetRow>(
    await call('walkIn', {
      itemIds: [DENGJI],
      residentName: '张阿姨',
      clientRequestId: 'followup-walkin-01',
    }),
  )
  ok(await call('serve', { bookingId: row.id, outcome: 'notDone', missingMaterial: '社区出具的居住证明' }))
  const after = ok<FollowUpOutput>(await call('followUp'))
  const liu2 = after.lines.find((l) => l.openid === LIU && l.itemId === DENGJI)!
  expect(liu2.month1.visits).toBe(liu.month1.visits + 1)
  expect(liu2.month1.notDone).toBe(liu.month1.notDone + 1)
  // The lesson is carried on the booking until the bookings timer passes it on (settle.ts).
  expect((await t.dev.fire('bookings', 'settle')).ok).toBe(true)
  const item = ok<{ lessons: { text: string }[] }>(await call('item', { id: DENGJI }))
  expect(item.lessons.some((l) => l.text.includes('社区出具的居住证明'))).toBe(true)

  expect((await call('followUp', {}, 'demo-resident-wang')).error?.code).toBe('FORBIDDEN')
})

test('the performance export has the window clerks’ five dimensions, no 「—」 for 刘洋', async () => {
  const day = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10)
  const r = await t.call<{ status: string; url?: string }>(
    'reports',
    { action: 'export', kind: 'performance', from: day(59), to: day(0) },
    'demo-officer-zhao',
  )
  const job = ok<{ status: string; url?: string }>(r)
  expect(job.status).toBe('done')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await (await fetch(job.url!)).arrayBuffer()) as unknown as ArrayBuffer)
  const rows = wb.getWorksheet('窗口人员')!.getSheetValues().filter(Boolean) as unknown[][]
  expect(rows[0].slice(1, 4)).toEqual(['姓名', '单位', '办结件数（含未办结）'])
  const liu = rows.find((x) => x[1] === '刘洋')!
  expect(liu.slice(3)).toHaveLength(7)
  for (const v of liu.slice(3)) expect(v).not.toBe('—')
  expect(Number(liu[3])).toBeGreaterThan(0)
})

/**
 * The cost of a day nobody uses the app (issue 20): `POST /_dev/api/simulate` fires every timer occurrence
 * of the next day in order on the local cloud's clock, over the demo data, and the bill must stay within
 * 300 invocations and 1,500 database reads (the basic plan allows about 6,600 invocations and 50,000 reads
 * a day). Nothing may fail on the way.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'

jest.setTimeout(180_000)

interface Usage {
  invocations: number
  reads: number
  writes: number
  transactions: number
  storage: number
  messagesSent: number
}
interface Simulated extends Usage {
  days: number
  from: string
  to: string
  timers: Record<string, { fires: number; failed: number }>
  failures: unknown[]
  byFunction: Record<string, Record<string, Usage>>
}

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

const simulate = async (body: unknown, headers: Record<string, string> = { ...t.devHeaders }) =>
  fetch(`${t.url}/_dev/api/simulate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

it('is refused without the dev token, and for a number of days it cannot run', async () => {
  expect((await simulate({ days: 1 }, {})).status).toBe(403)
  expect((await simulate({ days: 0 })).status).toBe(400)
  expect((await simulate({ days: 'x' })).status).toBe(400)
})

it('an idle day costs at most 300 invocations and 1,500 database reads, every timer ran and none failed', async () => {
  const day = (await (await simulate({ days: 1 })).json()) as Simulated
  expect(Date.parse(day.to) - Date.parse(day.from)).toBeGreaterThanOrEqual(86_400_000)
  expect(day.failures).toEqual([])
  expect(day.timers).toEqual({
    'bookings/tick': { fires: 48, failed: 0 },
    'demands/slaScan': { fires: 24, failed: 0 },
    'outbox/deliver': { fires: 144, failed: 0 },
    'reports/hourly': { fires: 24, failed: 0 },
    'visits/dailyReminder': { fires: 1, failed: 0 },
  })
  expect(day.invocations).toBe(241)
  expect(day.invocations).toBeLessThanOrEqual(300)
  expect(day.reads).toBeLessThanOrEqual(1_500)
  // Every invocation is a timer run (the demo data's open cases fall due, so the SLA scan writes alerts, and
  // each timer run sends what it wrote itself).
  expect(Object.keys(day.byFunction).sort()).toEqual(['bookings', 'demands', 'outbox', 'reports', 'visits'])
  // Each sweep reads the records that carry an outbox (visits, demands), the messages due and the imports
  // a killed run left; the first of each hour also the files, online visits and corrections the repair looks after.
  expect(day.byFunction.outbox['timer:deliver']).toMatchObject({ invocations: 144, reads: 648, writes: 0 })
  console.log(
    `idle day: ${day.invocations} invocations, ${day.reads} reads, ${day.writes} writes, ` +
      `${day.transactions} transaction requests, ${day.storage} storage operations, ${day.messagesSent} messages`,
  )
})

/**
 * What a `deliver` run costs in database requests: the relay's read per carrying collection (visits and
 * demands), per record its message (written claimed), release and count, and its send's mark; the due
 * messages' read, per message its claim and mark. A change of data layer must not add a round
 * trip: these numbers were measured before the typed repositories replaced the raw collection calls, and
 * still hold after.
 */
import { requestMeter } from '../../helpers/requests'
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { carried, messageDoc, type OutgoingMessage } from '../../../cloudfunctions/shared/outbox'

jest.setTimeout(120_000)

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ seed: false })
})
const meter = requestMeter(() => t.cloud.database)
const { cost } = meter
afterAll(async () => {
  meter.save()
  await t?.stop()
})

const outgoing = (touser: string, key: string): OutgoingMessage => ({
  dedupeKey: `rt:${key}:${touser}`,
  touser,
  templateKey: 'demandAlert',
  page: `pkg-staff/demands/detail/index?id=${key}`,
  data: { thing1: '楼道里堆满了杂物', thing2: '新诉求待响应', time3: '2026-11-24 10:00', thing4: '环境卫生' },
})
const fire = () => t.dev.fire('outbox', 'deliver')

it('deliver', async () => {
  const granted = 'rt-granted'
  await t.dev.grant(granted, ['demandAlert'], 100)
  const before = new Date(Date.now() - 60_000)
  // A run at minute 30 of an hour; the first run of each hour also reads the records the hourly repair looks
  // after (family files, online visits, correction requests: relay.ts).
  const HOUR = 3_600_000
  const nextHour = Math.ceil(Date.now() / HOUR) * HOUR
  await t.dev.setClock(nextHour + 5 * 60_000 - Date.now())
  const firstOfHour = await cost('first of an hour', fire)
  await t.dev.setClock(nextHour + 30 * 60_000 - Date.now())
  const costs = {
    firstOfHour,
    idle: await cost('idle', fire),
    // 3 pending messages: one granted twice, one without a grant (43101).
    messages: await cost('messages', async () => {
      await t.cloud.database.insertMany('messages', [
        messageDoc(outgoing(granted, 'm1'), before),
        messageDoc(outgoing(granted, 'm2'), before),
        messageDoc(outgoing('rt-nogrant', 'm3'), before),
      ])
      t.cloud.database.resetRequestCounts()
      await fire()
    }),
    // 2 records carrying a message and counters each (of two committees, so that each creates its day
    // document, whichever runs first); their messages go out in the same run.
    relay: await cost('relay', async () => {
      await t.cloud.database.insertMany(
        'demands',
        ['r1', 'r2'].map((id) => ({
          _id: `dm-rt-${id}`,
          committeeId: `c-rt-${id}`,
          ...carried(
            [outgoing(granted, id)],
            {
              key: { committeeId: `c-rt-${id}`, subdistrictId: 'sd-rt', at: new Date() },
              counters: { 'demands.submitted': 1, 'demands.byCategory.noise.submitted': 1 },
            },
            before,
          ),
        })),
      )
      t.cloud.database.resetRequestCounts()
      await fire()
    }),
  }
  // The functions' requests only: the local open-API sink's own (the grant it uses, what it records) are
  // not the environment's and are not counted. idle: the relay's read of visits and of demands, the sweep's
  // read and the read of imports a killed run left. messages: the four reads + per message a claim and a
  // mark, and the 43101 sets Linli's own grant count to 0 (+1); demandAlert is long-term, so a sent one
  // spends none. relay: the four reads, per record its message (written already claimed by the run:
  // shared/data/written.ts), release and counters, and per message its mark when the run sends it.
  expect(costs).toEqual({ firstOfHour: 7, idle: 4, messages: 11, relay: 14 })
})

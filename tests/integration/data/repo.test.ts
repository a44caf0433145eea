/**
 * The typed repositories through the real wx-server-sdk against the local cloud: one request per call,
 * documents parsed on the way in and checked on the way out, projections typed and parsed.
 */
import { z } from 'zod'
import {
  DocumentShapeError,
  lookupCount,
  lookupRows,
  lookupTotal,
  lookupWhere,
  parseDocOf,
  storeOf,
  transaction,
  type Store,
} from '../../../cloudfunctions/shared/data'
import type { Database } from '../../../cloudfunctions/shared/cloud'
import { sdk, startCloudWithSdk, type CloudWithSdk } from '../sdk'

let t: CloudWithSdk
let store: Store
beforeAll(async () => {
  t = await startCloudWithSdk()
  store = storeOf(t.db as unknown as Database)
})
afterAll(() => t.stop())

const resident = (id: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  openid: id,
  committeeIds: ['c-1'],
  households: [],
  createdAt: new Date('2026-12-01T00:00:00Z'),
  ...extra,
})

test('add, get, update, count and remove round-trip a document, with defaults applied on read', async () => {
  expect(await store.residents.add(resident('r-1', { name: '王秀英' }))).toBe('r-1')
  const got = await store.residents.get('r-1')
  expect(got).toMatchObject({ _id: 'r-1', name: '王秀英', committeeIds: ['c-1'] })
  expect(got?.createdAt).toEqual(new Date('2026-12-01T00:00:00Z'))
  expect(await store.residents.update('r-1', { name: '王阿姨' })).toBe(1)
  expect(await store.residents.update('nobody', { name: 'x' })).toBe(0)
  expect(await store.residents.count({ committeeIds: 'c-1' })).toBe(1)
  expect(await store.residents.remove('r-1')).toBe(1)
  expect(await store.residents.get('r-1')).toBeNull()
})

test('a write that does not fit the schema is refused before anything is sent', async () => {
  await expect(store.residents.add({ ...resident('r-bad'), phone: '12345' })).rejects.toThrow(
    DocumentShapeError,
  )
  await expect(store.residents.update('r-bad', { phone: 'not a phone' })).rejects.toThrow(/phone/)
  expect((await sdk(t.db.collection('residents').where({ _id: 'r-bad' }).count())).total).toBe(0)
})

test('a stored document that drifted is an error on get and left out of lists', async () => {
  await store.residents.add(resident('r-ok'))
  // Written past the data layer, as an old build or a hand edit would.
  await sdk(t.db.collection('residents').add({ data: { _id: 'r-drift', openid: 7, committeeIds: ['c-1'] } }))
  await expect(store.residents.get('r-drift')).rejects.toThrow(DocumentShapeError)
  const rows = await store.residents.find({ committeeIds: 'c-1' })
  expect(rows.map((r) => r._id)).toEqual(['r-ok'])
})

test('a projection reads and parses only the fields asked for', async () => {
  await store.residents.add(resident('r-proj', { name: '李明', phone: '13800000000' }))
  const [row] = await store.residents.find({ _id: 'r-proj' }, { fields: { name: true } })
  expect(row).toEqual({ _id: 'r-proj', name: '李明' })
  const [all] = await store.residents.find({ _id: 'r-proj' }, { fields: { households: false } })
  expect(all).toMatchObject({ _id: 'r-proj', phone: '13800000000' })
  expect(all).not.toHaveProperty('households')
})

test('updateWhere changes only what still matches; pages read every match', async () => {
  for (let i = 0; i < 5; i++) await store.residents.add(resident(`r-page-${i}`, { committeeIds: ['c-page'] }))
  expect(await store.residents.updateWhere({ _id: 'r-page-0', name: 'taken' }, { name: 'again' })).toBe(0)
  expect(await store.residents.updateWhere({ committeeIds: 'c-page' }, { name: '同一个' })).toBe(5)
  const all = await store.residents.readAll({ committeeIds: 'c-page' }, { orderBy: ['_id', 'asc'] })
  expect(all.map((r) => r.name)).toEqual(Array(5).fill('同一个'))
})

test('a transaction commits its writes together, and a missing document reads as null inside it', async () => {
  await store.residents.add(resident('r-tx'))
  const seen = await transaction(t.db as unknown as Database, async (tx) => {
    const missing = await tx.residents.get('r-none')
    await tx.residents.update('r-tx', { name: '事务' })
    await tx.audit.add({
      _id: 'audit-tx',
      at: new Date(),
      actorOpenid: 'r-tx',
      action: 'test.transaction',
      subjectId: 'r-tx',
      subjectKind: 'household',
      before: null,
      after: null,
    })
    return missing
  })
  expect(seen).toBeNull()
  expect((await store.residents.get('r-tx'))?.name).toBe('事务')
})

test('addMany inserts a batch in one request, and a duplicate _id refuses the whole batch', async () => {
  const ids = await store.residents.addMany([resident('r-many-1'), resident('r-many-2')])
  expect(ids).toEqual(['r-many-1', 'r-many-2'])
  await expect(store.residents.addMany([resident('r-many-3'), resident('r-many-1')])).rejects.toThrow()
  expect(await store.residents.get('r-many-3')).toBeNull()
  await expect(store.residents.addMany([{ ...resident('r-many-4'), openid: 4 } as never])).rejects.toThrow(
    DocumentShapeError,
  )
})

test('scan reads past a page of 1000 by _id cursor, and a drifted row does not end it early', async () => {
  const docs = Array.from({ length: 1100 }, (_, i) =>
    resident(`r-scan-${String(i).padStart(4, '0')}`, { committeeIds: ['c-scan'] }),
  )
  for (let i = 0; i < docs.length; i += 500) await store.residents.addMany(docs.slice(i, i + 500))
  // Sorts between rows 998 and 999 of the first page, so the first page parses 999 rows.
  await sdk(
    t.db.collection('residents').add({ data: { _id: 'r-scan-0998x', openid: 1, committeeIds: ['c-scan'] } }),
  )
  const all = await store.residents.scan({ committeeIds: 'c-scan' }, { fields: { openid: true } })
  expect(all).toHaveLength(1100)
  expect(all[1099]).toEqual({ _id: 'r-scan-1099', openid: 'r-scan-1099' })
  const byLogic = await store.residents.scan(t.db.command.or([{ committeeIds: 'c-scan' }, { _id: 'r-1' }]))
  expect(byLogic).toHaveLength(1100)
})

test('lookups read other collections beside a row in one request: constant conditions, order, limit, count', async () => {
  const db = t.db as unknown as Database
  const _ = db.command
  for (const [id, c] of [
    ['k-a', 'k-1'],
    ['k-b', 'k-2'],
    ['k-c', 'k-1'],
    ['k-d', 'k-1'],
  ])
    await store.residents.add(resident(id, { committeeIds: [c] }))
  await sdk(t.db.collection('residents').add({ data: { _id: 'k-e', openid: 8, committeeIds: ['k-1'] } }))
  const rows = await store.residents.aggregate(
    (p) =>
      p
        .match({ _id: 'k-a' })
        .lookup(
          lookupWhere(db, 'residents', { committeeIds: _.in(['k-1', 'k-2']) }, 'latest', {
            orderBy: [['_id', 'desc']],
            limit: 3,
          }),
        )
        .lookup(lookupCount(db, 'residents', { committeeIds: 'k-1' }, 'ones'))
        .lookup(lookupCount(db, 'residents', { committeeIds: 'k-9' }, 'nines')),
    z.object({ latest: lookupRows('residents'), ones: lookupTotal, nines: lookupTotal }).loose(),
  )
  expect(rows).toHaveLength(1)
  const { latest, ones, nines, ...doc } = rows[0]
  expect(parseDocOf('residents', doc)).toMatchObject({ _id: 'k-a', committeeIds: ['k-1'] })
  // The three latest by _id; the drifted k-e is among them in the database and left out here, as a list
  // read leaves it out.
  expect(latest.map((r) => r._id)).toEqual(['k-d', 'k-c'])
  expect([ones, nines]).toEqual([4, 0])
  expect(() => parseDocOf('residents', { _id: 'x', openid: 1 })).toThrow(DocumentShapeError)
})

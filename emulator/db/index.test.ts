import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Clock } from '../clock'
import { openDatabase, type LocalDatabase } from './index'

let dir: string
let manifestPath: string
const open = (): Promise<LocalDatabase> =>
  openDatabase({ dataDir: dir, clock: new Clock(), quiet: true, manifestPath })

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linli-db-'))
  manifestPath = join(dir, 'collections.json')
  writeFileSync(
    manifestPath,
    JSON.stringify({
      collections: [
        {
          name: 'residents',
          permission: 'ADMINONLY',
          indexes: [{ name: 'by_phone', keys: [{ field: 'phone', direction: 1 }], unique: true }],
        },
      ],
    }),
  )
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('insertMany, find and count work on copies, with the manifest indexes', async () => {
  const db = await open()
  expect(db.isEmpty()).toBe(true)
  const born = new Date('1950-01-01T00:00:00Z')
  const docs = [
    { _id: 'r1', phone: '139', name: 'A', born },
    { _id: 'r2', phone: '138', name: 'B' },
    { _id: 'r3', phone: '137', name: 'C' },
  ]
  await db.insertMany('residents', docs)
  expect(db.isEmpty()).toBe(false)
  expect(db.find('residents', {}, { sort: { phone: 1 }, skip: 1, limit: 1 }).map((d) => d._id)).toEqual([
    'r2',
  ])
  const [r1] = db.find('residents', { phone: '139' })
  expect(r1.born).toEqual(born)
  expect(db.lastPlan('residents')?.index).toBe('by_phone')
  r1.name = 'changed'
  docs[1].name = 'changed'
  expect(db.find('residents', {}).map((d) => d.name)).toEqual(['A', 'B', 'C'])
  expect(db.count('residents', { phone: { $lt: '139' } })).toBe(2)
  await expect(db.insertMany('residents', [{ _id: 'r4', phone: '139' }, { _id: 'r5' }])).rejects.toThrow(
    /E11000 .* index: by_phone/,
  )
  expect(db.count('residents')).toBe(3)
  await db.close()
})

test('what one instance acknowledged, the next one finds after a restart', async () => {
  const first = await open()
  await first.insertMany('residents', [{ _id: 'r1', phone: '139' }])
  const reply = await first.admin.handle(
    { action: 'database.addCollection', collectionName: 'notes', envName: '' },
    'linli-local',
  )
  expect(reply).toEqual({ requestId: expect.any(String) })
  await first.close()

  const second = await open()
  expect(second.listCollections()).toEqual(['notes', 'residents'])
  expect(second.find('residents')).toEqual([{ _id: 'r1', phone: '139' }])
  await second.close()
})

test('the admin service answers wire actions and counts them', async () => {
  const db = await open()
  await db.insertMany('residents', [{ _id: 'r1', phone: '139' }])
  const reply = await db.admin.handle(
    { action: 'database.getDocument', collectionName: 'residents', query: '{"_id":"r1"}', queryType: 'DOC' },
    'linli-local',
  )
  expect(reply).toEqual({ data: { list: ['{"_id":"r1","phone":"139"}'] }, requestId: expect.any(String) })
  expect(db.requestCounts()).toEqual({ 'database.getDocument': 1 })
  db.resetRequestCounts()
  expect(db.requestCounts()).toEqual({})
  await db.close()
})

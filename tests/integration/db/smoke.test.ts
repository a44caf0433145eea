import { sdk, startCloudWithSdk, type CloudWithSdk } from '../sdk'

let t: CloudWithSdk
beforeAll(async () => {
  t = await startCloudWithSdk()
})
afterAll(() => t.stop())

test('add, get, update, count, remove through the real SDK', async () => {
  const c = t.db.collection('demands')
  const r = await sdk(c.add({ data: { title: 'leak', n: 3, at: new Date(1000) } }))
  expect(typeof r._id).toBe('string')
  const g = await sdk(c.doc(r._id as string).get())
  expect(g.data).toMatchObject({ title: 'leak', n: 3 })
  expect((g.data as { at: Date }).at).toEqual(new Date(1000))
  const u = await sdk(c.doc(r._id as string).update({ data: { n: t.db.command.inc(2) } }))
  expect(u.stats.updated).toBe(1)
  expect((await sdk(c.where({ n: 5 }).count())).total).toBe(1)
  const rm = await sdk(c.doc(r._id as string).remove())
  expect(rm.stats.removed).toBe(1)
})

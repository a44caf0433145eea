import { Collection } from './collection'

test('replacing a document keeps each index right whether or not its key changed', () => {
  const c = new Collection('orders', [
    { name: 'by_status', keys: [{ field: 'status', direction: 1 }] },
    {
      name: 'by_user_amount',
      keys: [
        { field: 'user', direction: 1 },
        { field: 'amount', direction: -1 },
      ],
    },
  ])
  let v = 0
  for (let i = 0; i < 50; i++)
    c.put(`o${i}`, { _id: `o${i}`, status: i % 2 ? 'paid' : 'open', user: `u${i % 5}`, amount: i }, ++v)
  // A change outside every index, then one that moves the document in both.
  c.put('o7', { _id: 'o7', status: 'paid', user: 'u2', amount: 7, note: 'called' }, ++v)
  c.put('o8', { _id: 'o8', status: 'paid', user: 'u9', amount: 800 }, ++v)
  const [byStatus, byUser] = c.indexes
  expect(byStatus.entries).toHaveLength(50)
  expect(byUser.entries).toHaveLength(50)
  expect(c.find({ status: 'open' }).map((d) => d._id)).not.toContain('o8')
  expect(c.find({ status: 'paid' }).map((d) => d._id)).toEqual(expect.arrayContaining(['o7', 'o8']))
  expect(c.lastPlan.index).toBe('by_status')
  expect(c.find({ user: 'u9' }).map((d) => d._id)).toEqual(['o8'])
  expect(c.find({ user: 'u2' }, { sort: [['amount', -1]] }).map((d) => d.amount)).toEqual([
    47, 42, 37, 32, 27, 22, 17, 12, 7, 2,
  ])
  expect(c.find({ user: 'u2', amount: 7 })[0]).toMatchObject({ note: 'called' })
  for (const ix of c.indexes) {
    const sorted = [...ix.entries].sort((a, b) => (a.id < b.id ? -1 : 1))
    expect(new Set(sorted.map((e) => e.id)).size).toBe(50)
  }
})

import { aggregate, DEFAULT_AGGREGATE_ROWS } from './aggregate'
import { Collection } from './collection'

function setup() {
  const orders = new Collection('orders', [{ name: 'by_status', keys: [{ field: 'status', direction: 1 }] }])
  const users = new Collection('users', [])
  let v = 0
  for (const d of [
    { _id: 'o1', status: 'paid', user: 'u1', amount: 30 },
    { _id: 'o2', status: 'paid', user: 'u2', amount: 5 },
    { _id: 'o3', status: 'paid', user: 'u1', amount: 20 },
    { _id: 'o4', status: 'open', user: 'u2', amount: 99 },
  ])
    orders.put(d._id, d, ++v)
  users.put('u1', { _id: 'u1', name: 'Ann' }, ++v)
  const byName = new Map([
    ['orders', orders],
    ['users', users],
  ])
  return { orders, users, collection: (name: string) => byName.get(name) }
}

test('a leading $match uses the indexes; the rest runs in mingo', () => {
  const { orders, collection } = setup()
  const out = aggregate(
    orders,
    [
      { $match: { status: 'paid', amount: { $gt: 10 } } },
      { $group: { _id: '$user', total: { $sum: '$amount' } } },
      { $sort: { total: -1 } },
      { $limit: 5 },
    ],
    collection,
  )
  expect(out).toEqual([{ _id: 'u1', total: 50 }])
  expect(orders.lastPlan.index).toBe('by_status')
})

test('the decoded stages are not consumed (a handler may log or retry them)', () => {
  const { orders, collection } = setup()
  const stages = [{ $match: { status: 'open' } }, { $count: 'n' }]
  expect(aggregate(orders, stages, collection)).toEqual([{ n: 1 }])
  expect(stages).toHaveLength(2)
})

test('stages that write into documents work on copies: the stored documents never change', () => {
  const { orders, collection } = setup()
  const out = aggregate(
    orders,
    [
      { $match: { _id: 'o1' } },
      { $addFields: { tag: 'x' } },
      { $lookup: { from: 'users', localField: 'user', foreignField: '_id', as: 'u' } },
    ],
    collection,
  )
  expect(out).toEqual([
    { _id: 'o1', status: 'paid', user: 'u1', amount: 30, tag: 'x', u: [{ _id: 'u1', name: 'Ann' }] },
  ])
  expect(orders.docs.get('o1')).toEqual({ _id: 'o1', status: 'paid', user: 'u1', amount: 30 })
})

test('$lookup of a missing collection joins nothing; an unknown stage is DATABASE_INVALID_OPERRATOR', () => {
  const { orders, collection } = setup()
  const out = aggregate(
    orders,
    [
      { $match: { _id: 'o2' } },
      { $lookup: { from: 'nope', localField: 'user', foreignField: '_id', as: 'u' } },
    ],
    collection,
  )
  expect(out).toEqual([{ _id: 'o2', status: 'paid', user: 'u2', amount: 5, u: [] }])
  expect(() => aggregate(orders, [{ $nope: {} }], collection)).toThrow(
    expect.objectContaining({ code: 'DATABASE_INVALID_OPERRATOR' }),
  )
})

test('stages the cloud does not have are refused, in a $lookup sub-pipeline too', () => {
  const { orders, collection } = setup()
  expect(() => aggregate(orders, [{ $facet: { a: [{ $count: 'n' }] } }], collection)).toThrow(
    /\$facet is not supported/,
  )
  expect(() => aggregate(orders, [{ $unionWith: 'users' }], collection)).toThrow(/not supported/)
  expect(() =>
    aggregate(
      orders,
      [{ $lookup: { from: 'users', let: {}, pipeline: [{ $unionWith: 'orders' }], as: 'x' } }],
      collection,
    ),
  ).toThrow(/\$unionWith is not supported/)
})

test('a $lookup sub-pipeline opening with a constant $match reads through the planner', () => {
  const { orders, users, collection } = setup()
  const out = aggregate(
    users,
    [
      { $match: { _id: 'u1' } },
      {
        $lookup: {
          from: 'orders',
          let: { id: '$_id' },
          pipeline: [{ $match: { status: 'paid' } }, { $sort: { amount: -1 } }, { $project: { amount: 1 } }],
          as: 'paid',
        },
      },
      {
        $lookup: {
          from: 'orders',
          let: { id: '$_id' },
          pipeline: [{ $match: { $expr: { $eq: ['$user', '$$id'] } } }, { $count: 'n' }],
          as: 'mine',
        },
      },
    ],
    collection,
  )
  expect(out).toEqual([
    {
      _id: 'u1',
      name: 'Ann',
      paid: [
        { _id: 'o1', amount: 30 },
        { _id: 'o3', amount: 20 },
        { _id: 'o2', amount: 5 },
      ],
      mine: [{ n: 2 }],
    },
  ])
  expect(orders.lastPlan.index).toBe('by_status')
  expect(orders.docs.get('o1')).toEqual({ _id: 'o1', status: 'paid', user: 'u1', amount: 30 })
})

test('without a $limit an aggregate answers 20 rows, as deployed; a $limit says how many', () => {
  const c = new Collection('many', [])
  for (let i = 0; i < 30; i++) c.put(`d${i}`, { _id: `d${i}`, n: i }, i + 1)
  expect(aggregate(c, [{ $match: {} }], () => undefined)).toHaveLength(DEFAULT_AGGREGATE_ROWS)
  expect(aggregate(c, [{ $match: {} }, { $limit: 25 }], () => undefined)).toHaveLength(25)
  expect(aggregate(c, [{ $group: { _id: null, n: { $sum: 1 } } }], () => undefined)).toEqual([
    { _id: null, n: 30 },
  ])
})

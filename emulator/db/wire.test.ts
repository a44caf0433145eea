import type { AdminBody } from '../contracts'
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  decodeFind,
  decodeInsert,
  decodeModify,
  decodeNewCollection,
  decodePipeline,
  decodeQuery,
  decodeRemove,
  transactionIdOf,
} from './wire'

/** Fields wx-server-sdk adds to every call (docs/cloudbase-wire.md §1.3). */
const common = {
  envName: 'linli-local',
  wxCloudApiToken: '',
  wxCloudbaseAccesstoken: '',
  tcb_sessionToken: '',
  crossAuthorizationToken: '',
}

// Bodies recorded from wx-server-sdk 4.0.2 (the call that produced each is above it).
const sdk = {
  /** where({ done: false, n: _.gt(1), at: db.serverDate() }).orderBy('n','desc').orderBy('title','asc')
   *  .skip(20).limit(5000).field({ title: true }).get() */
  find: {
    collectionName: 'todos',
    queryType: 'WHERE',
    query:
      '{"done":false,"n":{"$gt":{"$numberInt":"1"}},"at":{"$tcb_server_date":{"offset":{"$numberInt":"0"}}}}',
    order: '{"n":{"$numberInt":"-1"},"title":{"$numberInt":"1"}}',
    offset: 20,
    limit: 1000,
    projection: '{"title":{"$numberInt":"1"}}',
    action: 'database.getDocument',
    ...common,
  },
  /** collection('todos').get() */
  findAll: {
    collectionName: 'todos',
    queryType: 'WHERE',
    limit: 100,
    action: 'database.getDocument',
    ...common,
  },
  /** t.collection('todos').doc('abc').get() inside a transaction */
  findInTransaction: {
    collectionName: 'todos',
    query: '{"_id":"abc"}',
    transactionId: 'tx-1',
    queryType: 'DOC',
    multi: false,
    action: 'database.getDocument',
    ...common,
  },
  /** add({ data: { title: 't', n: 3, due: new Date('2026-01-02T03:04:05Z') } }) */
  insert: {
    collectionName: 'todos',
    data: ['{"title":"t","n":{"$numberInt":"3"},"due":{"$date":{"$numberLong":"1767323045000"}}}'],
    action: 'database.insertDocument',
    ...common,
  },
  /** doc('abc').update({ data: { title: 'u', a: { b: 2 }, n: _.inc(2), at: db.serverDate({ offset: 1000 }) } }) */
  update: {
    collectionName: 'todos',
    data: '{"$set":{"title":"u","at":{"$tcb_server_date":{"offset":{"$numberInt":"1000"}}},"a.b":{"$numberInt":"2"}},"$inc":{"n":{"$numberInt":"2"}}}',
    query: '{"_id":"abc"}',
    queryType: 'DOC',
    multi: false,
    merge: true,
    upsert: false,
    action: 'database.modifyDocument',
    ...common,
  },
  /** doc('abc').set({ data: { title: 's' } }) */
  set: {
    collectionName: 'todos',
    queryType: 'DOC',
    data: '{"title":"s"}',
    multi: false,
    merge: false,
    upsert: true,
    query: '{"_id":"abc"}',
    action: 'database.modifyDocument',
    ...common,
  },
  /** where({ done: true }).remove() */
  remove: {
    collectionName: 'todos',
    query: '{"done":true}',
    queryType: 'WHERE',
    multi: true,
    action: 'database.removeDocument',
    ...common,
  },
  /** aggregate().match({ status: 'paid', amount: _.gt(10) }).group({ _id: '$user', total: $.sum('$amount') })
   *  .sort({ total: -1 }).limit(5).end() */
  aggregate: {
    collectionName: 'orders',
    stages: [
      { stageKey: '$match', stageValue: '{"status":"paid","amount":{"$gt":{"$numberInt":"10"}}}' },
      { stageKey: '$group', stageValue: '{"_id":"$user","total":{"$sum":"$amount"}}' },
      { stageKey: '$sort', stageValue: '{"total":{"$numberInt":"-1"}}' },
      { stageKey: '$limit', stageValue: '5' },
    ],
    action: 'database.aggregateDocuments',
    ...common,
  },
} satisfies Record<string, AdminBody>

const NOW = Date.parse('2026-03-01T08:00:00Z')
const now = () => NOW
/** `f` throws the cloud error `code`, its message containing `message` (or matching it). */
function fails(f: () => unknown, code: string, message?: string | RegExp): void {
  const text =
    message === undefined
      ? expect.any(String)
      : typeof message === 'string'
        ? expect.stringContaining(message)
        : expect.stringMatching(message)
  expect(f).toThrow(expect.objectContaining({ code, message: text }))
}

test('a where/orderBy/skip/limit/field query decodes to filter, sort, page and projection', () => {
  expect(decodeFind(sdk.find, now)).toEqual({
    query: { done: false, n: { $gt: 1 }, at: new Date(NOW) },
    projection: { title: 1 },
    order: [
      ['n', -1],
      ['title', 1],
    ],
    offset: 20,
    limit: 1000,
  })
})

test(`a page holds ${DEFAULT_LIMIT} documents by default and ${MAX_LIMIT} at most`, () => {
  expect(decodeFind(sdk.findAll, now)).toEqual({
    query: undefined,
    projection: undefined,
    order: [],
    offset: 0,
    limit: 100,
  })
  expect(decodeFind(sdk.findInTransaction, now).limit).toBe(100)
  expect(decodeFind({ ...sdk.findAll, limit: 0 }, now).limit).toBe(100)
  expect(decodeFind({ ...sdk.findAll, limit: 5000 }, now).limit).toBe(1000)
  expect(decodeFind({ ...sdk.findAll, limit: 1000 }, now).limit).toBe(1000)
  expect(decodeFind({ ...sdk.findAll, limit: '7' }, now).limit).toBe(7)
  fails(() => decodeFind({ ...sdk.findAll, limit: -1 }, now), 'INVALID_PARAM', /limit/)
  fails(() => decodeFind({ ...sdk.findAll, limit: 2.5 }, now), 'INVALID_PARAM', /limit/)
  fails(() => decodeFind({ ...sdk.findAll, offset: -3 }, now), 'INVALID_PARAM', /offset/)
})

test('order accepts 1/-1 and asc/desc, in key order; anything else is refused', () => {
  const order = (o: string) => decodeFind({ ...sdk.findAll, order: o }, now).order
  expect(order('{"b":"desc","a":"asc"}')).toEqual([
    ['b', -1],
    ['a', 1],
  ])
  fails(() => order('{"a":{"$numberInt":"2"}}'), 'INVALID_PARAM', 'order of a must be 1 or -1')
  fails(() => order('[1]'), 'INVALID_PARAM', 'order must be an object')
})

test('the transaction id of a request; none when the SDK left it out', () => {
  expect(transactionIdOf(sdk.findInTransaction)).toBe('tx-1')
  expect(transactionIdOf(sdk.findAll)).toBeUndefined()
  expect(transactionIdOf({ ...sdk.findAll, transactionId: '' })).toBeUndefined()
  expect(transactionIdOf({ ...sdk.findAll, transactionId: null })).toBeUndefined()
})

test('add() documents decode from canonical EJSON with real Dates', () => {
  const [doc] = decodeInsert(sdk.insert, now)
  expect(doc).toEqual({ title: 't', n: 3, due: new Date('2026-01-02T03:04:05Z') })
  expect(doc.due).toBeInstanceOf(Date)
  fails(() => decodeInsert({ ...sdk.insert, data: [] }, now), 'INVALID_PARAM', 'data must not be empty')
  fails(
    () => decodeInsert({ ...sdk.insert, data: ['{"a":'] }, now),
    'INVALID_PARAM',
    'data is not valid EJSON',
  )
  fails(() => decodeInsert({ ...sdk.insert, data: ['[1]'] }, now), 'INVALID_PARAM', 'data must be an object')
})

test('update() decodes to a modifier with serverDate resolved on the emulator clock', () => {
  expect(decodeModify(sdk.update, now)).toEqual({
    query: { _id: 'abc' },
    change: {
      kind: 'update',
      modifier: { $set: { title: 'u', at: new Date(NOW + 1000), 'a.b': 2 }, $inc: { n: 2 } },
    },
    multi: false,
    upsert: false,
  })
})

test('set() decodes to a replacement that upserts', () => {
  expect(decodeModify(sdk.set, now)).toEqual({
    query: { _id: 'abc' },
    change: { kind: 'replace', doc: { title: 's' } },
    multi: false,
    upsert: true,
  })
  fails(
    () => decodeModify({ ...sdk.set, data: '{"$set":{"a":1}}' }, now),
    'INVALID_PARAM',
    'may not contain update operators',
  )
})

test('update data: bare fields mean $set; _id may not change; operators and fields do not mix', () => {
  const modifier = (data: string) => {
    const { change } = decodeModify({ ...sdk.update, data }, now)
    return change.kind === 'update' ? change.modifier : undefined
  }
  expect(modifier('{"a":1}')).toEqual({ $set: { a: 1 } })
  fails(() => modifier('{"$set":{"_id":"x"}}'), 'INVALID_PARAM', /immutable field '_id'/)
  fails(() => modifier('{"$rename":{"a":"_id"}}'), 'INVALID_PARAM', /immutable field '_id'/)
  fails(() => modifier('{"$set":{"a":1},"b":2}'), 'INVALID_PARAM', 'mixes operators')
  fails(() => modifier('{"$inc":5}'), 'INVALID_PARAM', 'the argument of $inc must be an object')
  fails(() => modifier('{}'), 'INVALID_PARAM', 'update data must not be empty')
})

test('where().update() is multi; doc().update() is not', () => {
  expect(decodeModify({ ...sdk.update, queryType: 'WHERE', multi: true }, now).multi).toBe(true)
  expect(decodeModify({ ...sdk.update, queryType: 'DOC', multi: true }, now).multi).toBe(false)
})

test('where().remove() removes every match; doc().remove() one', () => {
  expect(decodeRemove(sdk.remove, now)).toEqual({ query: { done: true }, multi: true })
  expect(decodeRemove({ ...sdk.remove, queryType: 'DOC' }, now).multi).toBe(false)
})

test('a query must be an object', () => {
  expect(
    decodeQuery({ action: 'database.calculateDocument', query: '{"a":{"$numberInt":"1"}}' }, now),
  ).toEqual({
    a: 1,
  })
  fails(() => decodeQuery({ action: 'x', query: '"a"' }, now), 'INVALID_PARAM', 'query must be an object')
})

test('aggregate stages decode to mingo stages, scalars included', () => {
  expect(decodePipeline(sdk.aggregate, now)).toEqual([
    { $match: { status: 'paid', amount: { $gt: 10 } } },
    { $group: { _id: '$user', total: { $sum: '$amount' } } },
    { $sort: { total: -1 } },
    { $limit: 5 },
  ])
  fails(() => decodePipeline({ ...sdk.aggregate, stages: [{ stageValue: '1' }] }, now), 'INVALID_PARAM')
  fails(
    () => decodePipeline({ ...sdk.aggregate, stages: '[]' }, now),
    'INVALID_PARAM',
    'stages must be an array',
  )
})

test('a new collection name follows the manifest rule', () => {
  expect(decodeNewCollection({ action: 'database.addCollection', collectionName: 'todo_2' })).toBe('todo_2')
  fails(
    () => decodeNewCollection({ action: 'database.addCollection', collectionName: '2todo' }),
    'INVALID_PARAM',
  )
})

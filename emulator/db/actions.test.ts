import type { AdminBody } from '../contracts'
import { createActions } from './actions'
import { Committer } from './commit'
import { Store } from './store'
import { Transactions } from './transactions'

const NOW = Date.parse('2026-03-01T08:00:00Z')

function setup() {
  const lines: string[] = []
  const store = new Store([{ name: 'todos', indexes: [] }])
  const committer = new Committer({
    append: (line) => {
      lines.push(line)
      return Promise.resolve()
    },
  })
  const transactions = new Transactions((w) => committer.commit(w))
  const actions = createActions({ store, transactions, committer, now: () => NOW })
  const call = (action: string, body: Record<string, unknown> = {}) =>
    actions[action]({ action, envName: 'linli-local', ...body } as AdminBody)
  return { call, store, lines }
}

/** The error a handler rejects with, as `{ code, message }`. */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal')
    },
    (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
  )

const add = (data: string[], more: Record<string, unknown> = {}) =>
  ({ collectionName: 'todos', data, ...more }) as Record<string, unknown>

test('add, get by id, update and remove answer what wx-server-sdk reads', async () => {
  const { call, lines } = setup()
  const inserted = await call(
    'database.insertDocument',
    add(['{"_id":"abc","title":"t","n":{"$numberInt":"3"},"due":{"$date":{"$numberLong":"1767323045000"}}}']),
  )
  expect(inserted).toEqual({ data: { insertedIds: ['abc'] } })
  expect(lines).toHaveLength(1)

  const byId = { collectionName: 'todos', query: '{"_id":"abc"}', queryType: 'DOC', multi: false }
  expect(await call('database.getDocument', byId)).toEqual({
    data: { list: ['{"_id":"abc","title":"t","n":3,"due":{"$date":1767323045000}}'] },
  })

  const updated = await call('database.modifyDocument', {
    ...byId,
    data: '{"$set":{"at":{"$tcb_server_date":{"offset":{"$numberInt":"1000"}}}},"$inc":{"n":{"$numberInt":"2"}}}',
    merge: true,
    upsert: false,
  })
  expect(updated).toEqual({ data: { updated: 1 } })
  const projected = await call('database.getDocument', {
    ...byId,
    projection: '{"n":{"$numberInt":"1"},"at":1}',
  })
  const [text] = (projected.data as { list: string[] }).list
  expect(JSON.parse(text)).toEqual({ _id: 'abc', n: 5, at: { $date: NOW + 1000 } })

  expect(await call('database.removeDocument', byId)).toEqual({ data: { deleted: 1 } })
  expect(await call('database.calculateDocument', { collectionName: 'todos' })).toEqual({
    data: { total: 0 },
  })
})

test('set() upserts and reports upsert_id; modifyAndReturnDoc returns the new document', async () => {
  const { call } = setup()
  const set = { collectionName: 'todos', query: '{"_id":"s1"}', queryType: 'DOC', data: '{"title":"s"}' }
  expect(await call('database.modifyDocument', { ...set, merge: false, upsert: true })).toEqual({
    data: { updated: 0, upsert_id: 's1' },
  })
  expect(await call('database.modifyDocument', { ...set, merge: false, upsert: true })).toEqual({
    data: { updated: 0 },
  })
  expect(
    await call('database.modifyAndReturnDoc', {
      collectionName: 'todos',
      query: '{"title":"s"}',
      data: '{"$set":{"done":true}}',
      multi: true,
    }),
  ).toEqual({ data: { updated: 1, doc: '{"title":"s","_id":"s1","done":true}' } })
})

test('where().update() changes every match, doc().remove() only one', async () => {
  const { call } = setup()
  await call('database.insertDocument', add(['{"_id":"a","k":1}', '{"_id":"b","k":1}', '{"_id":"c","k":1}']))
  const where = { collectionName: 'todos', query: '{"k":1}', queryType: 'WHERE' }
  expect(await call('database.modifyDocument', { ...where, data: '{"$set":{"k":2}}', multi: true })).toEqual({
    data: { updated: 3 },
  })
  expect(await call('database.removeDocument', { ...where, query: '{"k":2}', queryType: 'DOC' })).toEqual({
    data: { deleted: 1 },
  })
  expect(await call('database.calculateDocument', { collectionName: 'todos', query: '{"k":2}' })).toEqual({
    data: { total: 2 },
  })
})

test('a page is 100 documents unless the request asks for another size', async () => {
  const { call } = setup()
  const docs = Array.from({ length: 150 }, (_, i) => `{"_id":"d${String(i).padStart(3, '0')}"}`)
  await call('database.insertDocument', add(docs))
  const page = (more: Record<string, unknown>) =>
    call('database.getDocument', { collectionName: 'todos', ...more }).then(
      (r) => (r.data as { list: string[] }).list,
    )
  expect(await page({})).toHaveLength(100)
  expect(await page({ limit: 120 })).toHaveLength(120)
  const tail = await page({ offset: 140, order: '{"_id":{"$numberInt":"-1"}}' })
  expect(tail).toEqual(['{"_id":"d009"}', ...Array.from({ length: 9 }, (_, i) => `{"_id":"d00${8 - i}"}`)])
})

test('a duplicate _id is E11000 with the key shown, and the batch is not inserted', async () => {
  const { call } = setup()
  await call('database.insertDocument', add(['{"_id":"a"}']))
  expect(await refusal(call('database.insertDocument', add(['{"_id":"z"}', '{"_id":"a"}'])))).toEqual({
    code: 'DATABASE_REQUEST_FAILED',
    message: 'E11000 duplicate key error collection: todos index: _id_ dup key: { _id: "a" }',
  })
  expect(await call('database.calculateDocument', { collectionName: 'todos' })).toEqual({
    data: { total: 1 },
  })
})

test('an unknown collection is reported before a malformed payload', async () => {
  const { call } = setup()
  expect(await refusal(call('database.getDocument', { collectionName: 'nope', query: '{bad' }))).toEqual({
    code: 'DATABASE_COLLECTION_NOT_EXIST',
    message: 'Db or Table not exist: nope',
  })
  expect(
    await refusal(call('database.getDocument', { collectionName: 'todos', query: '{bad' })),
  ).toMatchObject({
    code: 'INVALID_PARAM',
  })
})

test('addCollection creates a collection once and journals it', async () => {
  const { call, store, lines } = setup()
  expect(await call('database.addCollection', { collectionName: 'notes' })).toEqual({})
  expect(store.names()).toEqual(['notes', 'todos'])
  expect(lines).toEqual(['{"cc":"notes"}'])
  expect(await refusal(call('database.addCollection', { collectionName: 'notes' }))).toEqual({
    code: 'DATABASE_COLLECTION_ALREADY_EXIST',
    message: 'Table exist: notes',
  })
})

test('aggregate answers EJSON strings in data.list', async () => {
  const { call } = setup()
  await call('database.insertDocument', add(['{"_id":"a","n":1}', '{"_id":"b","n":2}']))
  const stages = [
    { stageKey: '$match', stageValue: '{"n":{"$gte":{"$numberInt":"1"}}}' },
    { stageKey: '$group', stageValue: '{"_id":null,"sum":{"$sum":"$n"}}' },
  ]
  expect(await call('database.aggregateDocuments', { collectionName: 'todos', stages })).toEqual({
    data: { list: ['{"_id":null,"sum":3}'] },
  })
})

test('runTransaction: start, read, write, commit; a concurrent write makes the commit conflict', async () => {
  const { call } = setup()
  await call('database.insertDocument', add(['{"_id":"acc","balance":{"$numberInt":"10"}}']))
  const started = await call('database.startTransaction')
  // The transaction id is at the top level of the reply.
  expect(started).toEqual({ transactionId: expect.stringMatching(/^tx-[0-9a-f]{32}$/) })
  const transactionId = started.transactionId as string
  const inTx = { collectionName: 'todos', query: '{"_id":"acc"}', queryType: 'DOC', transactionId }
  await call('database.getDocument', inTx)
  await call('database.modifyDocument', {
    ...inTx,
    data: '{"$inc":{"balance":{"$numberInt":"-5"}}}',
    merge: true,
  })
  // Outside the transaction nothing changed yet.
  const outside = { collectionName: 'todos', query: '{"_id":"acc"}', queryType: 'DOC' }
  expect(await call('database.getDocument', outside)).toEqual({
    data: { list: ['{"_id":"acc","balance":10}'] },
  })
  await call('database.modifyDocument', {
    ...outside,
    data: '{"$set":{"balance":{"$numberInt":"99"}}}',
    merge: true,
  })
  expect(await refusal(call('database.commitTransaction', { transactionId }))).toMatchObject({
    code: 'DATABASE_TRANSACTION_CONFLICT',
  })
  // The SDK retries with a new transaction and may abort the old one: no error either way.
  expect(await call('database.abortTransaction', { transactionId })).toEqual({})
  expect(await call('database.getDocument', outside)).toEqual({
    data: { list: ['{"_id":"acc","balance":99}'] },
  })
})

test('a transaction that commits makes its writes visible; a missing or unknown id is refused', async () => {
  const { call } = setup()
  const { transactionId } = await call('database.startTransaction')
  await call('database.insertDocument', add(['{"_id":"t1"}'], { transactionId }))
  expect(await call('database.calculateDocument', { collectionName: 'todos' })).toEqual({
    data: { total: 0 },
  })
  expect(await call('database.commitTransaction', { transactionId })).toEqual({})
  expect(await call('database.calculateDocument', { collectionName: 'todos' })).toEqual({
    data: { total: 1 },
  })
  expect(await refusal(call('database.commitTransaction', {}))).toMatchObject({ code: 'INVALID_PARAM' })
  expect(await refusal(call('database.commitTransaction', { transactionId }))).toMatchObject({
    code: 'DATABASE_TRANSACTION_FAIL',
  })
})

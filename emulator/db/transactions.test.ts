import { Collection, type Doc } from './collection'
import { Committer } from './commit'
import { TRANSACTION_IDLE_MS, Transactions } from './transactions'

function setup() {
  let t = 1_000_000
  const lines: string[] = []
  const committer = new Committer({
    append: (line) => {
      lines.push(line)
      return Promise.resolve()
    },
  })
  const txs = new Transactions(
    (writes) => committer.commit(writes),
    () => t,
  )
  const c = new Collection('accounts', [])
  const advance = (ms: number): void => {
    t += ms
  }
  return { txs, committer, c, lines, advance }
}

const byId = (id: string) => ({ _id: id })
const put = (c: Collection, doc: Doc) => [{ c, id: String(doc._id), doc }]

test('writes stay inside the transaction until it commits, and are visible to it', async () => {
  const { txs, c, lines } = setup()
  await txs.write(undefined, put(c, { _id: 'a', n: 1 }))
  const tx = txs.lookup(txs.start())!
  await txs.write(tx, put(c, { _id: 'a', n: 2 }))
  expect(txs.query(c, byId('a'), {}, tx)).toEqual([{ _id: 'a', n: 2 }])
  expect(txs.query(c, byId('a'), {})).toEqual([{ _id: 'a', n: 1 }])
  expect(lines).toHaveLength(1)
  await txs.commit(tx)
  expect(c.docs.get('a')).toEqual({ _id: 'a', n: 2 })
  expect(lines).toHaveLength(2)
})

test('a query in a transaction sorts and pages its own writes with the committed documents', async () => {
  const { txs, c } = setup()
  await txs.write(undefined, [...put(c, { _id: 'a', n: 3 }), ...put(c, { _id: 'b', n: 1 })])
  const tx = txs.lookup(txs.start())!
  await txs.write(tx, put(c, { _id: 'c', n: 2 }))
  await txs.write(tx, [{ c, id: 'a', doc: undefined }])
  const ids = (docs: Doc[]) => docs.map((d) => d._id)
  expect(ids(txs.query(c, {}, { sort: [['n', 1]] }, tx))).toEqual(['b', 'c'])
  expect(ids(txs.query(c, {}, { sort: [['n', -1]], skip: 1, limit: 1 }, tx))).toEqual(['b'])
  expect(txs.exists(c, 'a', tx)).toBe(false)
  expect(txs.exists(c, 'c', tx)).toBe(true)
  expect(txs.exists(c, 'a')).toBe(true)
})

test('a commit is refused with DATABASE_TRANSACTION_CONFLICT when a document it read changed meanwhile', async () => {
  const { txs, c } = setup()
  await txs.write(undefined, put(c, { _id: 'a', balance: 10 }))
  const tx = txs.lookup(txs.start())!
  const [a] = txs.query(c, byId('a'), {}, tx)
  await txs.write(tx, put(c, { _id: 'a', balance: (a.balance as number) - 5 }))
  // Another caller writes the same document outside the transaction.
  await txs.write(undefined, put(c, { _id: 'a', balance: 100 }))
  await expect(txs.commit(tx)).rejects.toMatchObject({
    code: 'DATABASE_TRANSACTION_CONFLICT',
    message: expect.stringContaining('accounts/a'),
  })
  expect(c.docs.get('a')).toEqual({ _id: 'a', balance: 100 })
  // wx-server-sdk retries in a new transaction without aborting this one, so it is already gone.
  expect(() => txs.lookup(tx.id)).toThrow(expect.objectContaining({ code: 'DATABASE_TRANSACTION_FAIL' }))
})

test('reading a missing document and then seeing it inserted by someone else is a conflict too', async () => {
  const { txs, c } = setup()
  const tx = txs.lookup(txs.start())!
  expect(txs.query(c, byId('new'), {}, tx)).toEqual([])
  await txs.write(undefined, put(c, { _id: 'new' }))
  await expect(txs.commit(tx)).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
})

test('two transactions writing the same document: the first commit wins, the second conflicts', async () => {
  const { txs, c } = setup()
  await txs.write(undefined, put(c, { _id: 'a', n: 0 }))
  const t1 = txs.lookup(txs.start())!
  const t2 = txs.lookup(txs.start())!
  await txs.write(t1, put(c, { _id: 'a', n: 1 }))
  await txs.write(t2, put(c, { _id: 'a', n: 2 }))
  await txs.commit(t1)
  await expect(txs.commit(t2)).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  expect(c.docs.get('a')).toEqual({ _id: 'a', n: 1 })
})

test('documents the transaction did not touch may change freely', async () => {
  const { txs, c } = setup()
  await txs.write(undefined, [...put(c, { _id: 'a' }), ...put(c, { _id: 'b' })])
  const tx = txs.lookup(txs.start())!
  txs.query(c, byId('a'), {}, tx)
  await txs.write(undefined, put(c, { _id: 'b', changed: true }))
  await expect(txs.commit(tx)).resolves.toBeUndefined()
})

test('an idle transaction expires; using it keeps it alive', () => {
  const { txs, advance } = setup()
  expect(txs.lookup(undefined)).toBeUndefined()
  const busy = txs.start()
  const idle = txs.start()
  advance(TRANSACTION_IDLE_MS - 1)
  txs.lookup(busy)
  advance(2)
  expect(txs.lookup(busy)?.id).toBe(busy)
  expect(() => txs.lookup(idle)).toThrow(`transaction ${idle} does not exist or has expired`)
})

test('aborting discards the writes; aborting twice or an unknown id is no error', async () => {
  const { txs, c } = setup()
  const tx = txs.lookup(txs.start())!
  await txs.write(tx, put(c, { _id: 'a' }))
  txs.abort(tx.id)
  txs.abort(tx.id)
  txs.abort('tx-unknown')
  expect(() => txs.lookup(tx.id)).toThrow(expect.objectContaining({ code: 'DATABASE_TRANSACTION_FAIL' }))
  expect(c.docs.size).toBe(0)
})

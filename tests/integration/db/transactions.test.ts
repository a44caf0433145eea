/** Transactions through the real SDK: isolation, commit, rollback, and optimistic conflict detection. */
import { sdk, startCloudWithSdk, type CloudWithSdk } from '../sdk'

let t: CloudWithSdk
beforeAll(async () => {
  t = await startCloudWithSdk()
})
afterAll(() => t.stop())

type Tx = Awaited<ReturnType<CloudWithSdk['db']['startTransaction']>>
const balance = async (id: string): Promise<number> =>
  (await sdk(t.db.collection('stats').doc(id).get())).data.balance

beforeEach(async () => {
  await sdk(
    t.db
      .collection('stats')
      .doc('a')
      .set({ data: { balance: 100 } }),
  )
  await sdk(
    t.db
      .collection('stats')
      .doc('b')
      .set({ data: { balance: 0 } }),
  )
})

test('runTransaction commits all writes and resolves to the callback value; writes are invisible until commit', async () => {
  const seenOutside: number[] = []
  const result = await t.db.runTransaction(async (tx: Tx) => {
    const a = (await sdk(tx.collection('stats').doc('a').get())).data
    await sdk(
      tx
        .collection('stats')
        .doc('a')
        .update({ data: { balance: a.balance - 30 } }),
    )
    await sdk(
      tx
        .collection('stats')
        .doc('b')
        .update({ data: { balance: t.db.command.inc(30) } }),
    )
    const added = await sdk(tx.collection('stats').add({ data: { _id: 'log1', moved: 30 } }))
    // Own writes are visible inside, not outside.
    expect((await sdk(tx.collection('stats').doc('a').get())).data.balance).toBe(70)
    expect((await sdk(tx.collection('stats').doc(added._id).get())).data.moved).toBe(30)
    seenOutside.push(await balance('a'))
    expect(t.localCloud.database.count('stats', { _id: 'log1' })).toBe(0)
    return 'moved'
  })
  expect(result).toBe('moved')
  expect(seenOutside).toEqual([100])
  expect(await balance('a')).toBe(70)
  expect(await balance('b')).toBe(30)
  expect(t.localCloud.database.count('stats', { _id: 'log1' })).toBe(1)
  await sdk(t.db.collection('stats').doc('log1').remove())
})

test('a throwing callback aborts: nothing is written and the error is rethrown', async () => {
  const err = await t.db
    .runTransaction(async (tx: Tx) => {
      await sdk(
        tx
          .collection('stats')
          .doc('a')
          .update({ data: { balance: 0 } }),
      )
      throw new Error('boom')
    })
    .catch((e: Error) => e)
  expect((err as Error).message).toBe('boom')
  expect(await balance('a')).toBe(100)
})

test('rollback(reason) aborts and runTransaction rejects with the reason itself', async () => {
  const reason = await t.db
    .runTransaction(async (tx: Tx) => {
      await sdk(tx.collection('stats').doc('a').remove())
      await tx.rollback({ why: 'insufficient' })
    })
    .catch((e: unknown) => e)
  expect(reason).toEqual({ why: 'insufficient' })
  expect(await balance('a')).toBe(100)
})

test('two concurrent transactions on the same document: exactly one commits, the other gets DATABASE_TRANSACTION_CONFLICT', async () => {
  const tx1 = await t.db.startTransaction()
  const tx2 = await t.db.startTransaction()
  const a1 = (await sdk(tx1.collection('stats').doc('a').get())).data.balance
  const a2 = (await sdk(tx2.collection('stats').doc('a').get())).data.balance
  await sdk(
    tx1
      .collection('stats')
      .doc('a')
      .update({ data: { balance: a1 - 60 } }),
  )
  await sdk(
    tx2
      .collection('stats')
      .doc('a')
      .update({ data: { balance: a2 - 70 } }),
  )
  const outcomes = await Promise.allSettled([tx1.commit(), tx2.commit()])
  const won = outcomes.filter((o) => o.status === 'fulfilled')
  const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
  expect(won).toHaveLength(1)
  expect(lost).toHaveLength(1)
  expect(lost[0].reason.code).toBe('DATABASE_TRANSACTION_CONFLICT')
  expect([40, 30]).toContain(await balance('a'))
  // The loser was discarded; using it again is an error, aborting it is harmless.
  await (outcomes[0].status === 'rejected' ? tx1 : tx2).rollback()
})

test('a transaction that only read a document conflicts with a write to it (no lost update through stale reads)', async () => {
  const tx = await t.db.startTransaction()
  const a = (await sdk(tx.collection('stats').doc('a').get())).data.balance
  await sdk(
    t.db
      .collection('stats')
      .doc('a')
      .update({ data: { balance: 1 } }),
  )
  await sdk(
    tx
      .collection('stats')
      .doc('b')
      .update({ data: { balance: a } }),
  )
  await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  expect(await balance('b')).toBe(0)
})

test('concurrent runTransaction increments all land: conflicts are retried by the SDK', async () => {
  const inc = (): Promise<unknown> =>
    t.db.runTransaction(async (tx: Tx) => {
      const { data } = await sdk(tx.collection('stats').doc('b').get())
      await new Promise((r) => setTimeout(r, 5))
      await sdk(
        tx
          .collection('stats')
          .doc('b')
          .update({ data: { balance: data.balance + 1 } }),
      )
    })
  await Promise.all([inc(), inc(), inc()])
  expect(await balance('b')).toBe(3)
})

test('set, remove and a where() query inside a transaction', async () => {
  await t.db.runTransaction(async (tx: Tx) => {
    await sdk(
      tx
        .collection('stats')
        .doc('c')
        .set({ data: { balance: 5, kind: 'tx' } }),
    )
    await sdk(tx.collection('stats').doc('b').remove())
    const seen = await sdk(
      tx
        .collection('stats')
        .where({ balance: t.db.command.gte(0) })
        .get(),
    )
    expect(seen.data.map((d: { _id: string }) => d._id).sort()).toEqual(['a', 'c'])
  })
  expect(await balance('c')).toBe(5)
  expect(t.localCloud.database.count('stats', { _id: 'b' })).toBe(0)
  await sdk(t.db.collection('stats').doc('c').remove())
})

test('reading a missing document then creating it conflicts with a concurrent insert of the same _id', async () => {
  const lenient = t.cloud.database({ throwOnNotFound: false } as Parameters<typeof t.cloud.database>[0])
  const tx = await lenient.startTransaction()
  expect((await sdk(tx.collection('stats').doc('z').get())).data).toBeNull()
  await sdk(t.db.collection('stats').add({ data: { _id: 'z', balance: 1 } }))
  await sdk(
    tx
      .collection('stats')
      .doc('z')
      .set({ data: { balance: 2 } }),
  )
  await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  expect(await balance('z')).toBe(1)
  await sdk(t.db.collection('stats').doc('z').remove())
})

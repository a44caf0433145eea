import type { MessageDoc } from '../../../types/messages'
import type { Database } from '../cloud'
import { storeOf, transaction } from './repo'
import { collectingWrites } from './written'

// The write path through the real SDK is tested in tests/integration/outbox/delivery.test.ts; these are the
// rules of what an invocation claims and what it sends, over a stand-in database that only records.
const NOW = new Date('2026-12-02T02:00:00Z')
const message = (key: string): MessageDoc => ({
  _id: `msg-${key}`,
  dedupeKey: key,
  touser: 'u1',
  templateKey: 'demandAlert',
  page: 'pages/index/index',
  data: { thing1: { value: 'x' } },
  status: 'pending',
  attempts: 0,
  nextAttemptAt: NOW,
  createdAt: NOW,
})

/** A database whose inserts succeed (or meet a duplicate), and whose transactions conflict `conflicts` times. */
function fakeDb(opts: { duplicate?: string; conflicts?: number; failCommit?: boolean } = {}) {
  const inserted: Array<Record<string, unknown>> = []
  const add = async ({ data }: { data: Record<string, unknown> }) => {
    if (data._id === opts.duplicate)
      throw Object.assign(new Error('E11000 duplicate key'), { errCode: -502001 })
    inserted.push(data)
    return { _id: data._id }
  }
  let conflicts = opts.conflicts ?? 0
  const db = {
    collection: () => ({ add }),
    runTransaction: async (body: (tx: unknown) => Promise<unknown>) => {
      for (;;) {
        const staged: Array<Record<string, unknown>> = []
        const tx = {
          collection: () => ({
            add: async ({ data }: { data: Record<string, unknown> }) => void staged.push(data),
            doc: () => ({}),
          }),
        }
        const out = await body(tx)
        if (conflicts-- > 0) continue
        if (opts.failCommit) throw new Error('DATABASE_TRANSACTION_CONFLICT')
        inserted.push(...staged)
        return out
      }
    },
  }
  return { db: db as unknown as Database, inserted }
}

describe('messages written inside an invocation', () => {
  test('are written claimed by it and noted once the insert landed', async () => {
    const { db, inserted } = fakeDb()
    const run = await collectingWrites('req-1', NOW, async () => {
      await storeOf(db).messages.add(message('a'))
      return 'done'
    })
    expect(run).toMatchObject({ result: 'done' })
    expect(inserted[0]).toMatchObject({ status: 'sending', attempts: 1, claimedBy: 'req-1' })
    expect((inserted[0].leaseUntil as Date).getTime()).toBe(NOW.getTime() + 60_000)
    expect(run.written.map((m) => m._id)).toEqual(['msg-a'])
  })

  test('one already there (a retry, a timer fired twice) belongs to its first writer: not noted', async () => {
    const { db } = fakeDb({ duplicate: 'msg-a' })
    const run = await collectingWrites('req-2', NOW, async () => {
      await storeOf(db)
        .messages.add(message('a'))
        .catch(() => undefined)
      await storeOf(db).messages.add(message('b'))
    })
    expect(run.written.map((m) => m._id)).toEqual(['msg-b'])
  })

  test('in a transaction: only the attempt that committed is noted; a failed transaction notes nothing', async () => {
    const retried = fakeDb({ conflicts: 2 })
    const run = await collectingWrites('req-3', NOW, () =>
      transaction(retried.db, async (tx) => tx.messages.add(message('t'))),
    )
    expect(run.written.map((m) => m._id)).toEqual(['msg-t'])

    const failed = fakeDb({ failCommit: true })
    const lost = await collectingWrites('req-4', NOW, () =>
      transaction(failed.db, async (tx) => tx.messages.add(message('u'))),
    )
    expect('error' in lost).toBe(true)
    expect(lost.written).toEqual([])
    expect(failed.inserted).toEqual([])
  })

  test('a handler that fails after a write still hands the written message over', async () => {
    const { db } = fakeDb()
    const run = await collectingWrites('req-5', NOW, async () => {
      await storeOf(db).messages.add(message('c'))
      throw new Error('after the write')
    })
    expect('error' in run).toBe(true)
    expect(run.written.map((m) => m._id)).toEqual(['msg-c'])
  })

  test('outside an invocation, and for messages already claimed, nothing changes', async () => {
    const { db, inserted } = fakeDb()
    await storeOf(db).messages.add(message('d'))
    expect(inserted[0]).toMatchObject({ status: 'pending', attempts: 0 })
    const run = await collectingWrites('req-6', NOW, async () => {
      await storeOf(db).messages.add({ ...message('e'), status: 'sending', attempts: 1, claimedBy: 'req-6' })
    })
    // A message written already claimed is its writer's to send: the router must not send it a second time.
    expect(run.written).toEqual([])
  })
})

import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Committer } from './commit'
import { Journal } from './journal'
import { recover } from './recovery'
import { Store } from './store'

const manifest = [
  { name: 'demands', indexes: [{ name: 'by_status', keys: [{ field: 'status', direction: 1 as const }] }] },
]

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linli-recovery-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** What an earlier emulator leaves behind: it writes through `run`, then stops without compacting. */
async function priorInstance(run: (store: Store, committer: Committer, journal: Journal) => Promise<void>) {
  const store = new Store(manifest)
  const { journal } = await recover(store, dir)
  await run(store, new Committer(journal), journal)
  await journal.close(false)
}

test('a fresh directory recovers to the manifest collections, empty', async () => {
  const store = new Store(manifest)
  const { journal, droppedBytes } = await recover(store, dir)
  expect(store.isEmpty()).toBe(true)
  expect(droppedBytes).toBe(0)
  await journal.close(false)
})

test('the journal of a prior instance is replayed in order: puts, overwrites, deletes, new collections', async () => {
  await priorInstance(async (store, committer) => {
    const d = store.require('demands')
    await committer.commit([
      { c: d, id: 'a', doc: { _id: 'a', status: 'open', at: new Date(1000) } },
      { c: d, id: 'b', doc: { _id: 'b', status: 'open' } },
    ])
    await committer.commit([{ c: d, id: 'a', doc: { _id: 'a', status: 'done', at: new Date(2000) } }])
    await committer.commit([{ c: d, id: 'b', doc: undefined }])
    const todos = store.ensure('todos')
    await committer.created('todos')
    await committer.commit([{ c: todos, id: '\u00017', doc: { _id: 7, title: 'numeric id' } }])
  })
  expect(readdirSync(dir)).not.toContain('snapshot.jsonl')

  const store = new Store(manifest)
  const { journal } = await recover(store, dir)
  const d = store.require('demands')
  expect([...d.docs.values()]).toEqual([{ _id: 'a', status: 'done', at: new Date(2000) }])
  expect(d.docs.get('a')!.at).toBeInstanceOf(Date)
  expect(store.created()).toEqual(['todos'])
  expect(store.require('todos').docs.get('\u00017')).toEqual({ _id: 7, title: 'numeric id' })
  // Indexes are rebuilt from the replayed documents.
  expect(d.find({ status: 'done' }).map((x) => x._id)).toEqual(['a'])
  expect(d.lastPlan.index).toBe('by_status')
  await journal.close(false)
})

test('a snapshot and the journal written after it both come back', async () => {
  await priorInstance(async (store, committer, journal) => {
    const d = store.require('demands')
    store.ensure('todos')
    await committer.created('todos')
    await committer.commit([{ c: d, id: 'a', doc: { _id: 'a', status: 'open' } }])
    await journal.compact()
    await committer.commit([{ c: d, id: 'b', doc: { _id: 'b', status: 'open' } }])
  })
  const store = new Store(manifest)
  const { journal } = await recover(store, dir)
  expect([...store.require('demands').docs.keys()]).toEqual(['a', 'b'])
  // The run-time collection survives through the snapshot header, though it holds nothing.
  expect(store.names()).toEqual(['demands', 'todos'])
  await journal.close(false)
})

test('a torn last write (the process died mid-append) is dropped; everything before it is kept', async () => {
  await priorInstance(async (store, committer) => {
    const d = store.require('demands')
    await committer.commit([{ c: d, id: 'a', doc: { _id: 'a', status: 'open' } }])
  })
  const torn = '{"w":[["demands","b",{"_id":"b"'
  appendFileSync(join(dir, 'journal.0.jsonl'), torn)
  const store = new Store(manifest)
  const { journal, droppedBytes } = await recover(store, dir)
  expect(droppedBytes).toBe(torn.length)
  expect([...store.require('demands').docs.keys()]).toEqual(['a'])
  await journal.close(false)
})

test('writes go on while a compaction writes its snapshot, and all of them come back', async () => {
  // A small threshold, so the journal compacts itself in the background several times over.
  const first = new Store(manifest)
  const { journal: writing } = await recover(first, dir, 2000)
  const committer = new Committer(writing)
  const d = first.require('demands')
  const compacting = () => (writing as unknown as { compacting?: Promise<void> }).compacting !== undefined
  let during = 0
  for (let i = 0; i < 200; i++) {
    const text = 'x'.repeat(100 + (i % 7) * 30)
    await committer.commit([{ c: d, id: `d${i}`, doc: { _id: `d${i}`, status: 'open', text } }])
    if (i % 3 === 0) await committer.commit([{ c: d, id: `d${i}`, doc: undefined }])
    if (compacting()) during++
  }
  await writing.close(false)
  // Some of those writes were acknowledged while a snapshot was still being written.
  expect(during).toBeGreaterThan(0)
  const files = readdirSync(dir)
  expect(files).toContain('snapshot.jsonl')
  // The journals a snapshot covers are gone: one generation is left.
  expect(files.filter((f) => f.startsWith('journal.'))).toHaveLength(1)

  const store = new Store(manifest)
  const { journal } = await recover(store, dir)
  const kept = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 3 !== 0)
  expect([...store.require('demands').docs.keys()].sort()).toEqual(kept.map((i) => `d${i}`).sort())
  await journal.close(false)
})

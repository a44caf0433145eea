import { Collection, type Doc } from './collection'
import type { ModifyOp } from './wire'
import { applyUpdate, insertWrites, modifyWrites, seedFromFilter } from './writes'

const c = new Collection('todos', [])
const none = () => false

const update = (modifier: Record<string, unknown>, more: Partial<ModifyOp> = {}): ModifyOp => ({
  query: undefined,
  change: { kind: 'update', modifier },
  multi: false,
  upsert: false,
  ...more,
})

describe('insertWrites', () => {
  test('a document without _id gets a fresh 32-hex id; a given string or number id is kept', () => {
    const writes = insertWrites(c, [{ a: 1 }, { _id: 'x' }, { _id: 7 }], none, true)
    expect(writes[0].doc!._id).toMatch(/^[0-9a-f]{32}$/)
    expect(writes[0].id).toBe(writes[0].doc!._id)
    expect(writes.slice(1).map((w) => w.id)).toEqual(['x', '\u00017'])
  })

  test('the caller documents are not changed (the _id goes on a copy)', () => {
    const raw = { a: 1 }
    insertWrites(c, [raw], none, true)
    expect(raw).toEqual({ a: 1 })
  })

  test('an existing _id or one repeated in the batch is the duplicate-key error', () => {
    expect(() => insertWrites(c, [{ _id: 'a' }], (id) => id === 'a', true)).toThrow(
      'E11000 duplicate key error collection: todos index: _id_ dup key: { _id: "a" }',
    )
    expect(() => insertWrites(c, [{ _id: 'b' }, { _id: 'b' }], none, false)).toThrow(
      /^E11000 duplicate key error collection: todos index: _id_$/,
    )
  })

  test('invalid ids and field names are refused', () => {
    expect(() => insertWrites(c, [{ _id: '' }], none, true)).toThrow(
      '_id must be a non-empty string or a number',
    )
    expect(() => insertWrites(c, [{ _id: { x: 1 } }], none, true)).toThrow(/_id must be/)
    expect(() => insertWrites(c, [{ a: { $gt: 1 } }], none, true)).toThrow(/invalid field name 'a.\$gt'/)
    expect(() => insertWrites(c, [{ 'a.b': 1 }], none, true)).toThrow(/invalid field name 'a.b'/)
  })
})

describe('modifyWrites', () => {
  const stored: Doc = { _id: 'a', n: 1, tags: ['x'], name: 'A' }

  test('an update writes a new document and leaves the stored one alone', () => {
    const { writes, last, upsertId } = modifyWrites(
      c,
      [stored],
      update({ $inc: { n: 2 }, $push: { tags: 'y' } }),
    )
    expect(writes).toEqual([{ c, id: 'a', doc: { _id: 'a', n: 3, tags: ['x', 'y'], name: 'A' } }])
    expect(last).toBe(writes[0].doc)
    expect(upsertId).toBeUndefined()
    expect(stored).toEqual({ _id: 'a', n: 1, tags: ['x'], name: 'A' })
  })

  test('a document the update does not change is not written (updated: 0)', () => {
    const { writes, last } = modifyWrites(c, [stored], update({ $set: { name: 'A' } }))
    expect(writes).toEqual([])
    expect(last).toEqual(stored)
  })

  test('a replacement keeps the matched _id', () => {
    const op: ModifyOp = { ...update({}), change: { kind: 'replace', doc: { title: 's' } } }
    expect(modifyWrites(c, [stored], op).writes[0].doc).toEqual({ title: 's', _id: 'a' })
  })

  test('an upsert that matched nothing starts from the filter equalities and reports its id', () => {
    const op = update(
      { $set: { done: true } },
      { upsert: true, query: { _id: 'new', owner: { $eq: 'u1' }, n: { $gt: 1 } } },
    )
    const { writes, upsertId } = modifyWrites(c, [], op)
    expect(upsertId).toBe('new')
    expect(writes).toEqual([{ c, id: 'new', doc: { _id: 'new', owner: 'u1', done: true } }])
  })

  test('an upsert of a replacement without _id in the filter gets a generated id', () => {
    const op: ModifyOp = {
      query: { a: 1 },
      change: { kind: 'replace', doc: { t: 1 } },
      multi: false,
      upsert: true,
    }
    const { writes, upsertId } = modifyWrites(c, [], op)
    expect(upsertId).toMatch(/^[0-9a-f]{32}$/)
    expect(writes[0].doc).toEqual({ t: 1, _id: upsertId })
  })

  test('no match and no upsert writes nothing', () => {
    expect(modifyWrites(c, [], update({ $set: { a: 1 } }))).toEqual({
      writes: [],
      last: undefined,
      upsertId: undefined,
    })
  })
})

describe('applyUpdate', () => {
  test('MongoDB refuses what mingo would skip: arithmetic on non-numbers, array operators on non-arrays', () => {
    const d: Doc = { _id: 'a', s: 'text', n: 1 }
    expect(() => applyUpdate(d, { $inc: { s: 1 } }, undefined)).toThrow(
      expect.objectContaining({
        code: 'DATABASE_REQUEST_FAILED',
        message: expect.stringContaining('non-numeric type'),
      }),
    )
    expect(() => applyUpdate(d, { $inc: { n: 'x' } }, undefined)).toThrow(
      'Cannot inc with non-numeric argument',
    )
    expect(() => applyUpdate(d, { $push: { n: 2 } }, undefined)).toThrow("The field 'n' must be an array")
    expect(applyUpdate(d, { $inc: { missing: 2 } }, undefined)).toEqual({
      _id: 'a',
      s: 'text',
      n: 1,
      missing: 2,
    })
  })

  test('the positional operator uses the filter that matched', () => {
    const d: Doc = {
      _id: 'a',
      items: [
        { k: 1, v: 0 },
        { k: 2, v: 0 },
      ],
    }
    expect(applyUpdate(d, { $set: { 'items.$.v': 9 } }, { 'items.k': 2 }).items).toEqual([
      { k: 1, v: 0 },
      { k: 2, v: 9 },
    ])
  })

  test('an unknown operator is DATABASE_INVALID_OPERRATOR', () => {
    expect(() => applyUpdate({ _id: 'a' }, { $nope: { a: 1 } }, undefined)).toThrow(
      expect.objectContaining({ code: 'DATABASE_INVALID_OPERRATOR' }),
    )
  })
})

test('seedFromFilter keeps top-level equalities only', () => {
  const at = new Date(1)
  expect(seedFromFilter({ a: 1, b: { $eq: 'x' }, c: { $in: [1] }, 'd.e': 1, $or: [], at, n: null })).toEqual({
    a: 1,
    b: 'x',
    at,
    n: null,
  })
})

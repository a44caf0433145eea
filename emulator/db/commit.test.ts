import { Collection, type Doc } from './collection'
import { Committer, MAX_DOCUMENT_BYTES, type Write } from './commit'
import { DbError } from './errors'

function setup() {
  const lines: string[] = []
  const committer = new Committer({
    append: (line) => {
      lines.push(line)
      return Promise.resolve()
    },
  })
  const c = new Collection('users', [
    { name: 'by_phone', keys: [{ field: 'phone', direction: 1 }], unique: true },
  ])
  return { lines, committer, c }
}

const put = (c: Collection, doc: Doc): Write => ({ c, id: String(doc._id), doc })

test('a commit applies to memory and journals one line of [collection, _id, document] writes', async () => {
  const { lines, committer, c } = setup()
  await committer.commit([
    put(c, { _id: 'a', phone: '1', at: new Date(5) }),
    put(c, { _id: 'b', phone: '2' }),
  ])
  expect([...c.docs.keys()]).toEqual(['a', 'b'])
  expect(lines).toEqual([
    '{"w":[["users","a",{"_id":"a","phone":"1","at":{"$date":5}}],["users","b",{"_id":"b","phone":"2"}]]}',
  ])
  await committer.commit([{ c, id: 'a', doc: undefined }])
  expect(c.docs.has('a')).toBe(false)
  expect(lines[1]).toBe('{"w":[["users","a",null]]}')
})

test('a delete of a numeric _id journals the number, not its map key', async () => {
  const { lines, committer, c } = setup()
  const c2 = new Collection('n', [])
  await committer.commit([{ c: c2, id: '\u00017', doc: { _id: 7 } }])
  await committer.commit([{ c: c2, id: '\u00017', doc: undefined }])
  expect(lines[1]).toBe('{"w":[["n",7,null]]}')
  expect(c.docs.size).toBe(0)
})

test('every write stamps a newer version (what transactions compare)', async () => {
  const { committer, c } = setup()
  await committer.commit([put(c, { _id: 'a', phone: '1' })])
  const v1 = c.versions.get('a')!
  await committer.commit([put(c, { _id: 'a', phone: '9' })])
  expect(c.versions.get('a')!).toBeGreaterThan(v1)
})

test('a unique-index violation undoes the whole batch and journals nothing', async () => {
  const { lines, committer, c } = setup()
  await committer.commit([put(c, { _id: 'a', phone: '1' })])
  const version = c.versions.get('a')
  expect(() =>
    committer.commit([
      put(c, { _id: 'a', phone: '5' }),
      put(c, { _id: 'b', phone: '2' }),
      put(c, { _id: 'x', phone: '5' }),
    ]),
  ).toThrow(/E11000 duplicate key error collection: users index: by_phone dup key: \{ phone: "5" \}/)
  expect(c.docs.get('a')).toEqual({ _id: 'a', phone: '1' })
  expect(c.docs.has('b')).toBe(false)
  expect(c.versions.get('a')).toBe(version)
  expect(c.versions.has('b')).toBe(false)
  expect(c.find({ phone: '5' })).toEqual([])
  expect(lines).toHaveLength(1)
})

test('a large batch to one collection goes in bulk and is still all or nothing', async () => {
  const { lines, committer, c } = setup()
  const many = Array.from({ length: 100 }, (_, i) => put(c, { _id: `u${i}`, phone: `p${i}` }))
  await committer.commit(many)
  expect(c.docs.size).toBe(100)
  expect(c.find({ phone: 'p42' }).map((d) => d._id)).toEqual(['u42'])
  const clash = Array.from({ length: 100 }, (_, i) =>
    put(c, { _id: `v${i}`, phone: i === 99 ? 'p0' : `q${i}` }),
  )
  expect(() => committer.commit(clash)).toThrow(DbError)
  expect(c.docs.size).toBe(100)
  expect(c.find({ phone: 'q1' })).toEqual([])
  expect(lines).toHaveLength(1)
})

test('a document over the size limit is refused before anything changes', () => {
  const { lines, committer, c } = setup()
  const big = { _id: 'big', blob: 'x'.repeat(MAX_DOCUMENT_BYTES) }
  expect(() => committer.commit([put(c, { _id: 'a', phone: '1' }), put(c, big)])).toThrow(
    expect.objectContaining({ code: 'DATABASE_REQUEST_FAILED' }),
  )
  expect(c.docs.size).toBe(0)
  expect(lines).toEqual([])
})

test('an empty commit writes nothing; a created collection is one record', async () => {
  const { lines, committer } = setup()
  await committer.commit([])
  await committer.created('todos')
  expect(lines).toEqual(['{"cc":"todos"}'])
})

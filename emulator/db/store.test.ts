import { DbError } from './errors'
import { Store } from './store'

const manifest = [
  { name: 'demands', indexes: [{ name: 'by_status', keys: [{ field: 'status', direction: 1 as const }] }] },
  { name: 'visits', indexes: [] },
]

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f()
  } catch (e) {
    return e instanceof DbError ? e.code : 'not a DbError'
  }
  return undefined
}

test('the manifest collections exist with their indexes; nothing counts as created at run time', () => {
  const s = new Store(manifest)
  expect(s.names()).toEqual(['demands', 'visits'])
  expect(s.require('demands').indexes.map((ix) => ix.spec.name)).toEqual(['by_status'])
  expect(s.created()).toEqual([])
  expect(s.isEmpty()).toBe(true)
})

test('a request naming no collection or an unknown one gets the cloud error', () => {
  const s = new Store(manifest)
  expect(codeOf(() => s.require(undefined))).toBe('INVALID_PARAM')
  expect(codeOf(() => s.require(''))).toBe('INVALID_PARAM')
  expect(codeOf(() => s.require(7))).toBe('INVALID_PARAM')
  expect(codeOf(() => s.require('todos'))).toBe('DATABASE_COLLECTION_NOT_EXIST')
  expect(() => s.require('todos')).toThrow('Db or Table not exist: todos')
})

test('ensure() creates a collection once and remembers it for the snapshot header', () => {
  const s = new Store(manifest)
  const a = s.ensure('todos')
  expect(s.ensure('todos')).toBe(a)
  expect(s.ensure('demands')).toBe(s.require('demands'))
  expect(s.created()).toEqual(['todos'])
  expect(s.names()).toEqual(['demands', 'todos', 'visits'])
  a.put('x', { _id: 'x' }, 1)
  expect(s.isEmpty()).toBe(false)
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { COLLECTIONS, COLLECTION_NAMES, manifest } from './collections'

describe('the collection registry', () => {
  test('is what cloudfunctions/collections.json says (run `npm run manifest` after a change)', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'collections.json'), 'utf8'))
    expect(file).toEqual(manifest())
  })

  test('keeps every collection functions-only, within the platform limit of 20 indexes', () => {
    for (const c of manifest().collections) {
      expect({ name: c.name, permission: c.permission }).toEqual({ name: c.name, permission: 'ADMINONLY' })
      expect(c.indexes.length).toBeLessThanOrEqual(20)
    }
  })

  test('indexes only fields the document schema declares (or nested paths under them)', () => {
    for (const name of COLLECTION_NAMES) {
      const { schema, indexes } = COLLECTIONS[name]
      const loose = schema._zod.def.catchall?._zod.def.type === 'unknown'
      for (const ix of indexes)
        for (const k of ix.keys) {
          const top = k.field.split('.')[0]
          expect({ name, field: k.field, declared: loose || top in schema.shape }).toEqual({
            name,
            field: k.field,
            declared: true,
          })
        }
    }
  })
})

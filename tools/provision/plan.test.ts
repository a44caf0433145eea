import { COLLECTION_NAMES } from '../../cloudfunctions/shared/data'
import { COLLECTIONS, type CollectionName } from '../../cloudfunctions/shared/data'
import { loadManifest, type CollectionManifest } from '../../emulator/db/manifest'
import {
  describeStep,
  manifestProblems,
  plan,
  summarize,
  type Existing,
  type ExistingCollection,
} from './plan'

const manifest = loadManifest()

/** What an environment looks like once everything of the manifest exists. */
function complete(m: CollectionManifest): Map<string, ExistingCollection> {
  return new Map(
    m.collections.map((c) => [
      c.name,
      {
        permission: c.permission,
        indexes: c.indexes.map((ix) => ({ name: ix.name, keys: ix.keys, unique: ix.unique ?? false })),
      },
    ]),
  )
}

describe('plan against an empty environment', () => {
  const p = plan(manifest, new Map())

  it('creates every collection, index and permission of the manifest, each once', () => {
    const totalIndexes = manifest.collections.reduce((n, c) => n + c.indexes.length, 0)
    expect(summarize(p.steps)).toEqual({
      collections: manifest.collections.length,
      indexes: totalIndexes,
      uniqueIndexes: manifest.collections.flatMap((c) => c.indexes).filter((i) => i.unique).length,
      permissions: manifest.collections.length,
    })
    // The manifest is the registry's, so a collection left out of it fails here too.
    expect(manifest.collections.map((c) => c.name)).toEqual(COLLECTION_NAMES)
    for (const c of manifest.collections) {
      expect(p.steps.filter((s) => s.kind === 'collection' && s.collection === c.name)).toHaveLength(1)
      expect(p.steps).toContainEqual({ kind: 'permission', collection: c.name, permission: 'ADMINONLY' })
      for (const ix of c.indexes)
        expect(
          p.steps.filter((s) => s.kind === 'index' && s.collection === c.name && s.index.name === ix.name),
        ).toEqual([{ kind: 'index', collection: c.name, index: ix }])
    }
    expect(p.conflicts).toEqual([])
  })

  it('sets the permission right after creating the collection, before its indexes', () => {
    for (const [i, s] of p.steps.entries()) {
      if (s.kind !== 'collection') continue
      expect(p.steps[i + 1]).toMatchObject({ kind: 'permission', collection: s.collection })
    }
  })

  it('prints one line per step, naming unique indexes', () => {
    const lines = p.steps.map(describeStep)
    expect(lines).toContain('集合   residents')
    expect(lines).toContain('权限   residents: ADMINONLY（仅管理端（云函数）可读写）')
    expect(lines).toContain('索引   residents.openid (openid↑) 唯一')
    expect(lines.filter((l) => l.includes(' 唯一'))).toHaveLength(
      manifest.collections.flatMap((c) => c.indexes).filter((i) => i.unique).length,
    )
    expect(lines.find((l) => l.startsWith('索引   messages.dedupe'))).toContain('按普通唯一索引创建')
  })
})

describe('plan against an existing environment', () => {
  it('is empty when everything exists', () => {
    expect(plan(manifest, complete(manifest))).toEqual({ steps: [], conflicts: [] })
  })

  it('creates only what is missing and fixes a permission', () => {
    const env = complete(manifest)
    env.delete('invites')
    const residents = env.get('residents')!
    env.set('residents', {
      permission: 'PRIVATE',
      indexes: residents.indexes.filter((i) => i.name !== 'openid'),
    })
    const p = plan(manifest, env)
    const invites = manifest.collections.find((c) => c.name === 'invites')!
    expect(p.steps).toEqual([
      { kind: 'permission', collection: 'residents', permission: 'ADMINONLY', from: 'PRIVATE' },
      {
        kind: 'index',
        collection: 'residents',
        index: manifest.collections.find((c) => c.name === 'residents')!.indexes[0],
      },
      { kind: 'collection', collection: 'invites' },
      { kind: 'permission', collection: 'invites', permission: 'ADMINONLY' },
      ...invites.indexes.map((index) => ({ kind: 'index', collection: 'invites', index })),
    ])
    expect(describeStep(p.steps[0])).toContain('原为 PRIVATE')
  })

  it('reports an index of the same name with other keys or uniqueness as a conflict and never drops it', () => {
    const env: Existing = new Map(complete(manifest))
    const m = env as Map<string, ExistingCollection>
    m.set('invites', {
      permission: 'ADMINONLY',
      indexes: [
        { name: 'code', keys: [{ field: 'code', direction: 1 }], unique: false },
        { name: 'committee', keys: [{ field: 'committeeId', direction: 1 }], unique: false },
        // the manifest's other invites indexes, already there
        ...complete(manifest)
          .get('invites')!
          .indexes.filter((i) => i.name !== 'code' && i.name !== 'committee'),
      ],
    })
    const p = plan(manifest, env)
    expect(p.steps).toEqual([])
    expect(p.conflicts.map((c) => `${c.collection}.${c.index}`)).toEqual([
      'invites.code',
      'invites.committee',
    ])
    expect(p.conflicts[0].message).toContain('清单要求 (code↑) 唯一')
    expect(p.conflicts[0].message).toContain('请在云开发控制台删除这个索引')
  })
})

describe('manifestProblems', () => {
  it('accepts the manifest as it is', () => {
    expect(manifestProblems(manifest)).toEqual([])
  })

  it('refuses a collection with more indexes than the quota of 20 (the _id index counts)', () => {
    const many: CollectionManifest = {
      collections: [
        {
          name: 'wide',
          permission: 'ADMINONLY',
          indexes: Array.from({ length: 20 }, (_, i) => ({
            name: `i${i}`,
            keys: [{ field: `f${i}`, direction: 1 as const }],
          })),
        },
      ],
    }
    expect(manifestProblems(many)).toEqual([expect.stringContaining('集合 wide 有 20 个索引')])
  })
})

describe('sparse unique indexes', () => {
  // CloudBase cannot create them sparse; as plain unique indexes they are only safe while every document
  // carries the field (otherwise a second document without it would be refused as a duplicate null).
  it('index only fields every document of the collection must have', () => {
    const sparse = manifest.collections.flatMap((c) =>
      c.indexes.filter((i) => i.sparse && i.unique).map((i) => ({ collection: c.name as CollectionName, i })),
    )
    expect(sparse.length).toBeGreaterThan(0)
    for (const { collection, i } of sparse) {
      const shape = COLLECTIONS[collection].schema.shape as Record<
        string,
        { safeParse(v: unknown): { success: boolean } }
      >
      for (const k of i.keys)
        expect({ collection, field: k.field, optional: shape[k.field].safeParse(undefined).success }).toEqual(
          {
            collection,
            field: k.field,
            optional: false,
          },
        )
    }
  })
})

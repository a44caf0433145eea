/**
 * The executor against a recording fake of the provisioning interface: an in-memory environment that logs
 * every request and can be made to fail at the n-th write (with or without the write having landed).
 */
import { loadManifest } from '../../emulator/db/manifest'
import { execute, observe, provision, ProvisionInterrupted, type ProvisionApi } from './execute'
import { plan, type ExistingIndex, type ManifestIndex, type Permission } from './plan'

const manifest = loadManifest()

interface FakeCollection {
  indexes: ExistingIndex[]
  permission: string
}

class FakeCloud implements ProvisionApi {
  readonly collections = new Map<string, FakeCollection>()
  readonly requests: string[] = []
  /** Fail the n-th write from now (1-based); `landed`: the write takes effect but its answer is lost. */
  failAt?: { n: number; landed: boolean }
  private writes = 0

  private write(what: string, apply: () => void) {
    this.requests.push(what)
    this.writes++
    if (this.failAt && this.writes === this.failAt.n) {
      if (this.failAt.landed) apply()
      throw new Error('网络超时')
    }
    apply()
  }

  async listCollections() {
    this.requests.push('ListTables')
    return [...this.collections.keys()]
  }
  async describeIndexes(c: string) {
    this.requests.push(`DescribeTable ${c}`)
    return [
      { name: '_id_', keys: [{ field: '_id', direction: 1 as const }], unique: true },
      ...this.get(c).indexes,
    ]
  }
  async getPermission(c: string) {
    this.requests.push(`DescribeDatabaseACL ${c}`)
    return this.get(c).permission
  }
  async createCollection(c: string) {
    // Like createCollectionIfNotExists: an existing collection is left alone.
    this.write(`CreateTable ${c}`, () => {
      if (!this.collections.has(c)) this.collections.set(c, { indexes: [], permission: 'PRIVATE' })
    })
  }
  async setPermission(c: string, p: Permission) {
    this.write(`ModifyDatabaseACL ${c} ${p}`, () => {
      this.get(c).permission = p
    })
  }
  async createIndex(c: string, ix: ManifestIndex) {
    this.write(`UpdateTable ${c} +${ix.name}`, () => {
      const col = this.get(c)
      // The cloud refuses a second index of the same name.
      if (col.indexes.some((i) => i.name === ix.name)) throw new Error(`index ${ix.name} exists`)
      col.indexes.push({ name: ix.name, keys: ix.keys, unique: ix.unique ?? false })
    })
  }
  private get(c: string): FakeCollection {
    const col = this.collections.get(c)
    if (!col) throw new Error(`collection ${c} does not exist`)
    return col
  }
  writesIn(requests: readonly string[]) {
    return requests.filter((r) => /^(CreateTable|ModifyDatabaseACL|UpdateTable)/.test(r))
  }
}

/** The fake's state in manifest terms, to compare with the manifest itself. */
function snapshot(cloud: FakeCloud) {
  return [...cloud.collections.entries()]
    .map(([name, c]) => ({
      name,
      permission: c.permission,
      indexes: c.indexes
        .map((i) => ({ name: i.name, keys: i.keys, unique: i.unique }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
}
const wanted = manifest.collections
  .map((c) => ({
    name: c.name,
    permission: c.permission,
    indexes: c.indexes
      .map((i) => ({ name: i.name, keys: i.keys, unique: i.unique ?? false }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }))
  .sort((a, b) => a.name.localeCompare(b.name))

const COLLECTIONS = manifest.collections.length
const TOTAL_WRITES = COLLECTIONS * 2 + manifest.collections.reduce((n, c) => n + c.indexes.length, 0)

it('a first run creates the whole manifest, one request per collection, permission and index', async () => {
  const cloud = new FakeCloud()
  const done: string[] = []
  const p = await provision(cloud, manifest, (s) => done.push(s.kind))
  expect(p.conflicts).toEqual([])
  expect(done).toHaveLength(TOTAL_WRITES)
  expect(cloud.writesIn(cloud.requests)).toHaveLength(TOTAL_WRITES)
  // An empty environment needs no per-collection reads.
  expect(cloud.requests[0]).toBe('ListTables')
  expect(cloud.requests.filter((r) => r.startsWith('Describe'))).toEqual([])
  expect(cloud.requests).toContain('UpdateTable residents +openid')
  expect(cloud.requests).toContain('ModifyDatabaseACL residents ADMINONLY')
  expect(snapshot(cloud)).toEqual(wanted)
})

it('a second run reads, plans nothing and writes nothing', async () => {
  const cloud = new FakeCloud()
  await provision(cloud, manifest)
  const before = cloud.requests.length
  const p = await provision(cloud, manifest)
  expect(p).toEqual({ steps: [], conflicts: [] })
  const second = cloud.requests.slice(before)
  expect(cloud.writesIn(second)).toEqual([])
  // One list, then indexes and permission of each collection.
  expect(second).toHaveLength(1 + 2 * COLLECTIONS)
  expect(snapshot(cloud)).toEqual(wanted)
})

it('stops at the first failure and says where', async () => {
  const cloud = new FakeCloud()
  cloud.failAt = { n: 5, landed: false }
  const err = await provision(cloud, manifest).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ProvisionInterrupted)
  expect((err as ProvisionInterrupted).done).toBe(4)
  expect((err as ProvisionInterrupted).message).toContain('在第 5 步中断')
  expect(cloud.writesIn(cloud.requests)).toHaveLength(5)
})

describe('an interrupted run is completed by running again', () => {
  // Every possible point of interruption, with the failed write lost and with it landed (answer lost).
  const points = Array.from({ length: TOTAL_WRITES }, (_, i) => i + 1)
  it.each([false, true])('write landed before the failure: %s', async (landed) => {
    for (const n of points) {
      const cloud = new FakeCloud()
      cloud.failAt = { n, landed }
      await expect(provision(cloud, manifest)).rejects.toBeInstanceOf(ProvisionInterrupted)
      cloud.failAt = undefined
      const writesBefore = cloud.writesIn(cloud.requests).length
      await provision(cloud, manifest)
      const rerunWrites = cloud.writesIn(cloud.requests).length - writesBefore
      // The rerun does only what was left: nothing done before is done twice.
      expect({ n, rerunWrites }).toEqual({ n, rerunWrites: TOTAL_WRITES - (landed ? n : n - 1) })
      expect(snapshot(cloud)).toEqual(wanted)
      const third = await provision(cloud, manifest)
      expect(third.steps).toEqual([])
    }
  })
})

it('execute runs exactly the steps it is given, in order', async () => {
  const cloud = new FakeCloud()
  const existing = await observe(cloud, manifest)
  const steps = plan(manifest, existing).steps.slice(0, 3)
  expect(await execute(cloud, steps)).toBe(3)
  expect(cloud.writesIn(cloud.requests)).toEqual([
    'CreateTable subdistricts',
    'ModifyDatabaseACL subdistricts ADMINONLY',
    'CreateTable committees',
  ])
})

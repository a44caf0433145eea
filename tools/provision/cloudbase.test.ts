/**
 * The manager-node translation, against a stand-in of the manager that records each call with its
 * parameters in the shape manager-node forwards to the Tencent Cloud API.
 */
import { cloudbaseApi, type ManagerLike } from './cloudbase'

function recorder(
  tables: string[],
  describe: Record<string, unknown> = {},
  acl: Record<string, string> = {},
) {
  const calls: unknown[] = []
  const manager: ManagerLike = {
    database: {
      async listCollections(o) {
        calls.push(['listCollections', o])
        const off = o?.MgoOffset ?? 0
        const lim = o?.MgoLimit ?? 100
        return {
          Collections: tables.slice(off, off + lim).map((CollectionName) => ({ CollectionName })),
          Pager: { Total: tables.length },
        }
      },
      async describeCollection(name) {
        calls.push(['describeCollection', name])
        return describe[name] as never
      },
      async createCollectionIfNotExists(name) {
        calls.push(['createCollectionIfNotExists', name])
        return {}
      },
      async updateCollection(name, info) {
        calls.push(['updateCollection', name, info])
        return {}
      },
    },
    commonService(service, version) {
      return {
        async call(o) {
          calls.push(['commonService', service, version, o])
          return { AclTag: acl[String(o.Param.CollectionName)], RequestId: 'r' }
        },
      }
    },
  }
  return { manager, calls }
}

it('lists every collection across pages of 100', async () => {
  const names = Array.from({ length: 150 }, (_, i) => `c${i}`)
  const { manager, calls } = recorder(names)
  expect(await cloudbaseApi(manager, 'env-1').listCollections()).toEqual(names)
  expect(calls).toEqual([
    ['listCollections', { MgoLimit: 100, MgoOffset: 0 }],
    ['listCollections', { MgoLimit: 100, MgoOffset: 100 }],
  ])
})

it('reads indexes with their keys, directions and uniqueness from DescribeTable', async () => {
  const { manager } = recorder([], {
    invites: {
      Indexes: [
        { Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true },
        {
          Name: 'committee',
          Keys: [
            { Name: 'committeeId', Direction: '1' },
            { Name: 'createdAt', Direction: '-1' },
          ],
          Unique: false,
        },
      ],
    },
  })
  expect(await cloudbaseApi(manager, 'env-1').describeIndexes('invites')).toEqual([
    { name: '_id_', keys: [{ field: '_id', direction: 1 }], unique: true },
    {
      name: 'committee',
      keys: [
        { field: 'committeeId', direction: 1 },
        { field: 'createdAt', direction: -1 },
      ],
      unique: false,
    },
  ])
})

it('reads and sets permissions with DescribeDatabaseACL / ModifyDatabaseACL on tcb 2018-06-08', async () => {
  const { manager, calls } = recorder([], {}, { residents: 'PRIVATE' })
  const api = cloudbaseApi(manager, 'env-1')
  expect(await api.getPermission('residents')).toBe('PRIVATE')
  expect(await api.getPermission('staff')).toBeUndefined()
  await api.setPermission('residents', 'ADMINONLY')
  expect(calls).toEqual([
    [
      'commonService',
      'tcb',
      '2018-06-08',
      { Action: 'DescribeDatabaseACL', Param: { EnvId: 'env-1', CollectionName: 'residents' } },
    ],
    [
      'commonService',
      'tcb',
      '2018-06-08',
      { Action: 'DescribeDatabaseACL', Param: { EnvId: 'env-1', CollectionName: 'staff' } },
    ],
    [
      'commonService',
      'tcb',
      '2018-06-08',
      {
        Action: 'ModifyDatabaseACL',
        Param: { EnvId: 'env-1', CollectionName: 'residents', AclTag: 'ADMINONLY' },
      },
    ],
  ])
})

it('creates a collection only if missing, and an index (unique, descending) through UpdateTable', async () => {
  const { manager, calls } = recorder([])
  const api = cloudbaseApi(manager, 'env-1')
  await api.createCollection('invites')
  await api.createIndex('invites', { name: 'code', keys: [{ field: 'code', direction: 1 }], unique: true })
  await api.createIndex('invites', {
    name: 'committee',
    keys: [
      { field: 'committeeId', direction: 1 },
      { field: 'createdAt', direction: -1 },
    ],
  })
  expect(calls).toEqual([
    ['createCollectionIfNotExists', 'invites'],
    [
      'updateCollection',
      'invites',
      {
        CreateIndexes: [
          {
            IndexName: 'code',
            MgoKeySchema: { MgoIndexKeys: [{ Name: 'code', Direction: '1' }], MgoIsUnique: true },
          },
        ],
      },
    ],
    [
      'updateCollection',
      'invites',
      {
        CreateIndexes: [
          {
            IndexName: 'committee',
            MgoKeySchema: {
              MgoIndexKeys: [
                { Name: 'committeeId', Direction: '1' },
                { Name: 'createdAt', Direction: '-1' },
              ],
              MgoIsUnique: false,
            },
          },
        ],
      },
    ],
  ])
})

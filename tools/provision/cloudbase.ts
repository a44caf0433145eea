/**
 * The provisioning interface over `@cloudbase/manager-node` (5.6.5), which signs Tencent Cloud API 3.0
 * requests with the deployer's keys. Why this client and these calls:
 *
 * - manager-node rather than `@cloudbase/cli`: it is a library (no login state, no interactive prompts,
 *   credentials passed in from the environment), and its database service already speaks the table API.
 * - Collections: `database.listCollections` (ListTables, paged by 100) and `createCollectionIfNotExists`
 *   (DescribeTable + CreateTable, so a collection that appeared since the plan was made is left alone).
 * - Indexes: `database.describeCollection` (DescribeTable: names, keys, unique) and `updateCollection` with
 *   `CreateIndexes` (UpdateTable). `checkIndexExists` is not used: it is another DescribeTable per index, and
 *   the plan needs the keys, not only the name.
 * - Permissions: the common service on `tcb` 2018-06-08, actions `DescribeDatabaseACL` / `ModifyDatabaseACL`
 *   (AclTag ADMINONLY = 仅管理端可读写, i.e. only cloud functions). These are the documented public API for a
 *   collection's permission and have a read side, which idempotence needs. `permission.modifyResourcePermission`
 *   is marked deprecated in 5.6.5's typings and has no non-deprecated read counterpart for collections.
 *
 * This client cannot be pointed at a local endpoint (it always calls *.tencentcloudapi.com), so it is tested
 * by its translation: `cloudbase.test.ts` hands it a recording stand-in of the manager and checks the requests.
 */
import type { ExistingIndex, ManifestIndex, Permission } from './plan'
import type { ProvisionApi } from './execute'

/** The part of manager-node's `CloudBase` that provisioning uses (the real class satisfies it). */
export interface ManagerLike {
  readonly database: {
    listCollections(options?: { MgoLimit?: number; MgoOffset?: number }): Promise<{
      Collections: readonly { CollectionName: string }[]
      Pager: { Total: number }
    }>
    describeCollection(name: string): Promise<{
      Indexes?: readonly {
        Name: string
        Keys?: readonly { Name?: string; Direction?: string }[]
        Unique?: boolean
      }[]
    }>
    createCollectionIfNotExists(name: string): Promise<unknown>
    updateCollection(
      name: string,
      info: {
        CreateIndexes: {
          IndexName: string
          MgoKeySchema: { MgoIndexKeys: { Name: string; Direction: string }[]; MgoIsUnique: boolean }
        }[]
      },
    ): Promise<unknown>
  }
  commonService(
    service?: string,
    version?: string,
  ): {
    call(options: { Action: string; Param: Record<string, unknown> }): Promise<unknown>
  }
}

const PAGE = 100

export function cloudbaseApi(manager: ManagerLike, envId: string): ProvisionApi {
  const tcb = () => manager.commonService('tcb', '2018-06-08')
  return {
    async listCollections() {
      const names: string[] = []
      for (let offset = 0; ; offset += PAGE) {
        const res = await manager.database.listCollections({ MgoLimit: PAGE, MgoOffset: offset })
        names.push(...res.Collections.map((c) => c.CollectionName))
        if (res.Collections.length < PAGE || offset + PAGE >= res.Pager.Total) return names
      }
    },
    async describeIndexes(collection) {
      const res = await manager.database.describeCollection(collection)
      return (res.Indexes ?? []).map((ix): ExistingIndex => ({
        name: ix.Name,
        keys: (ix.Keys ?? []).map((k) => ({
          field: k.Name ?? '',
          direction: Number(k.Direction) === -1 ? -1 : 1,
        })),
        unique: ix.Unique === true,
      }))
    },
    async getPermission(collection) {
      const res = (await tcb().call({
        Action: 'DescribeDatabaseACL',
        Param: { EnvId: envId, CollectionName: collection },
      })) as { AclTag?: string } | undefined
      return res?.AclTag || undefined
    },
    async createCollection(collection) {
      await manager.database.createCollectionIfNotExists(collection)
    },
    async setPermission(collection, permission: Permission) {
      await tcb().call({
        Action: 'ModifyDatabaseACL',
        Param: { EnvId: envId, CollectionName: collection, AclTag: permission },
      })
    },
    async createIndex(collection, index: ManifestIndex) {
      await manager.database.updateCollection(collection, {
        CreateIndexes: [
          {
            IndexName: index.name,
            MgoKeySchema: {
              MgoIndexKeys: index.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })),
              MgoIsUnique: index.unique ?? false,
            },
          },
        ],
      })
    },
  }
}

/**
 * The provisioning plan (建库计划): what must be created in a CloudBase environment so that it holds every
 * collection, index and permission of the manifest (`cloudfunctions/collections.json`). Pure: the manifest and
 * what the environment already has in, the steps out. Nothing is ever dropped or changed in place: an index
 * that exists under a manifest name with other keys is reported as a conflict for a person to resolve,
 * because dropping a unique index on a live database is not something a script should decide.
 *
 * Sparse indexes: CloudBase's index API (UpdateTable, `MgoKeySchema`) has no `sparse` flag, so a sparse
 * unique index is created as a plain unique index. That is harmless only while every document has the field;
 * `plan.test.ts` holds the registry to that.
 */
import type { CollectionManifest } from '../../emulator/db/manifest'

export type ManifestCollection = CollectionManifest['collections'][number]
export type ManifestIndex = ManifestCollection['indexes'][number]
export type Permission = ManifestCollection['permission']

export interface IndexKey {
  readonly field: string
  readonly direction: 1 | -1
}

/** An index as the environment reports it. */
export interface ExistingIndex {
  readonly name: string
  readonly keys: readonly IndexKey[]
  readonly unique: boolean
}

/** A collection as the environment reports it; `permission` undefined when it could not be read. */
export interface ExistingCollection {
  readonly indexes: readonly ExistingIndex[]
  readonly permission?: string
}

/** What the environment has, by collection name. Collections it lacks are absent. */
export type Existing = ReadonlyMap<string, ExistingCollection>

export type Step =
  | { readonly kind: 'collection'; readonly collection: string }
  | {
      readonly kind: 'permission'
      readonly collection: string
      readonly permission: Permission
      readonly from?: string
    }
  | { readonly kind: 'index'; readonly collection: string; readonly index: ManifestIndex }

export interface Conflict {
  readonly collection: string
  readonly index: string
  readonly message: string
}

export interface Plan {
  readonly steps: readonly Step[]
  readonly conflicts: readonly Conflict[]
}

/** Basic-plan quotas of one environment (docs/platform-rules.md, quotas). */
export const MAX_COLLECTIONS = 100
export const MAX_INDEXES_PER_COLLECTION = 20

/**
 * Manifest problems the cloud would refuse halfway through a run: checked before anything is sent, so a
 * run never stops at the 101st collection.
 */
export function manifestProblems(manifest: CollectionManifest): string[] {
  const problems: string[] = []
  if (manifest.collections.length > MAX_COLLECTIONS)
    problems.push(`清单有 ${manifest.collections.length} 个集合，超过每个环境 ${MAX_COLLECTIONS} 个的上限`)
  for (const c of manifest.collections) {
    // `_id` has its own index, which counts against the quota too.
    if (c.indexes.length + 1 > MAX_INDEXES_PER_COLLECTION)
      problems.push(
        `集合 ${c.name} 有 ${c.indexes.length} 个索引（另有 _id），超过每个集合 ${MAX_INDEXES_PER_COLLECTION} 个的上限`,
      )
  }
  return problems
}

const sameKeys = (a: readonly IndexKey[], b: readonly IndexKey[]) =>
  a.length === b.length && a.every((k, i) => k.field === b[i].field && k.direction === b[i].direction)

/**
 * Per collection, in manifest order: the collection, then its permission (so a new collection never stays
 * open to clients longer than one request), then its indexes.
 */
export function plan(manifest: CollectionManifest, existing: Existing): Plan {
  const steps: Step[] = []
  const conflicts: Conflict[] = []
  for (const c of manifest.collections) {
    const have = existing.get(c.name)
    if (!have) steps.push({ kind: 'collection', collection: c.name })
    if (have?.permission !== c.permission)
      steps.push({
        kind: 'permission',
        collection: c.name,
        permission: c.permission,
        ...(have?.permission ? { from: have.permission } : {}),
      })
    for (const ix of c.indexes) {
      const found = have?.indexes.find((i) => i.name === ix.name)
      if (!found) {
        steps.push({ kind: 'index', collection: c.name, index: ix })
        continue
      }
      if (!sameKeys(found.keys, ix.keys) || found.unique !== (ix.unique ?? false)) {
        conflicts.push({
          collection: c.name,
          index: ix.name,
          message:
            `索引 ${c.name}.${ix.name} 已存在但定义不同：现有 ${describeKeys(found.keys, found.unique)}，` +
            `清单要求 ${describeKeys(ix.keys, ix.unique ?? false)}。请在云开发控制台删除这个索引后再运行一次`,
        })
      }
    }
  }
  return { steps, conflicts }
}

export function describeKeys(keys: readonly IndexKey[], unique: boolean): string {
  const fields = keys.map((k) => `${k.field}${k.direction === 1 ? '↑' : '↓'}`).join(', ')
  return `(${fields})${unique ? ' 唯一' : ''}`
}

const PERMISSION_LABEL: Record<Permission, string> = {
  ADMINONLY: '仅管理端（云函数）可读写',
  ADMINWRITE: '所有用户可读，仅管理端可写',
  PRIVATE: '仅创建者及管理端可读写',
  READONLY: '所有用户可读，仅创建者及管理端可写',
  CUSTOM: '自定义安全规则',
}

/** One line per step, the same in a dry run and a real one. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'collection':
      return `集合   ${step.collection}`
    case 'permission':
      return (
        `权限   ${step.collection}: ${step.permission}（${PERMISSION_LABEL[step.permission]}）` +
        (step.from ? `，原为 ${step.from}` : '')
      )
    case 'index': {
      const ix = step.index
      const sparse = ix.sparse ? '（清单为稀疏索引，CloudBase 按普通唯一索引创建）' : ''
      return `索引   ${step.collection}.${ix.name} ${describeKeys(ix.keys, ix.unique ?? false)}${sparse}`
    }
  }
}

export interface PlanSummary {
  readonly collections: number
  readonly indexes: number
  readonly uniqueIndexes: number
  readonly permissions: number
}

export function summarize(steps: readonly Step[]): PlanSummary {
  return {
    collections: steps.filter((s) => s.kind === 'collection').length,
    indexes: steps.filter((s) => s.kind === 'index').length,
    uniqueIndexes: steps.filter((s) => s.kind === 'index' && s.index.unique).length,
    permissions: steps.filter((s) => s.kind === 'permission').length,
  }
}

/**
 * Runs a provisioning plan against an environment through a small interface, one method per cloud request,
 * so the same code runs against CloudBase (`./cloudbase.ts`) and against the recording fake of the tests.
 * Every run starts by reading what exists and plans from that, which is what makes a second run empty and
 * an interrupted run complete: nothing is remembered between runs, the environment is the state.
 */
import type { CollectionManifest } from '../../emulator/db/manifest'
import {
  describeStep,
  plan,
  type ExistingCollection,
  type ExistingIndex,
  type ManifestIndex,
  type Permission,
  type Plan,
  type Step,
} from './plan'

export interface ProvisionApi {
  /** Names of every collection in the environment. */
  listCollections(): Promise<string[]>
  /** The indexes of an existing collection (the built-in `_id_` may be included; it is ignored). */
  describeIndexes(collection: string): Promise<ExistingIndex[]>
  /** The collection's permission tag (ADMINONLY, PRIVATE, …), undefined when none is reported. */
  getPermission(collection: string): Promise<string | undefined>
  createCollection(collection: string): Promise<void>
  setPermission(collection: string, permission: Permission): Promise<void>
  createIndex(collection: string, index: ManifestIndex): Promise<void>
}

/** Reads what the environment has of the manifest's collections: one list, then two reads per collection. */
export async function observe(
  api: ProvisionApi,
  manifest: CollectionManifest,
): Promise<Map<string, ExistingCollection>> {
  const names = new Set(await api.listCollections())
  const existing = new Map<string, ExistingCollection>()
  for (const c of manifest.collections) {
    if (!names.has(c.name)) continue
    const [indexes, permission] = await Promise.all([api.describeIndexes(c.name), api.getPermission(c.name)])
    existing.set(c.name, { indexes: indexes.filter((i) => i.name !== '_id_'), permission })
  }
  return existing
}

export class ProvisionInterrupted extends Error {
  constructor(
    readonly done: number,
    readonly failed: Step,
    override readonly cause: unknown,
  ) {
    super(`在第 ${done + 1} 步中断（${describeStep(failed)}）：${errorText(cause)}`)
    this.name = 'ProvisionInterrupted'
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Runs the steps in order; stops at the first failure (the next run re-reads and continues from there). */
export async function execute(
  api: ProvisionApi,
  steps: readonly Step[],
  onDone: (step: Step, index: number) => void = () => {},
): Promise<number> {
  for (const [i, step] of steps.entries()) {
    try {
      if (step.kind === 'collection') await api.createCollection(step.collection)
      else if (step.kind === 'permission') await api.setPermission(step.collection, step.permission)
      else await api.createIndex(step.collection, step.index)
    } catch (err) {
      throw new ProvisionInterrupted(i, step, err)
    }
    onDone(step, i)
  }
  return steps.length
}

/**
 * Observe, plan, execute. Conflicting indexes do not hold back the other steps (they touch nothing a
 * conflict is about); the caller reports them and fails the run.
 */
export async function provision(
  api: ProvisionApi,
  manifest: CollectionManifest,
  onDone?: (step: Step, index: number) => void,
): Promise<Plan> {
  const p = plan(manifest, await observe(api, manifest))
  await execute(api, p.steps, onDone)
  return p
}

/**
 * How far a caller reaches in reports: an officer sees every unit of their sub-district (its committees and
 * service center), a committee admin their own committee. Asking for a unit outside that is FORBIDDEN, as
 * the access table says (not NOT_FOUND: units are public, their figures are not).
 */
import type { Unit } from '../../types/reports'
import type { Database } from '../shared/cloud'
import { storeOf } from '../shared/data'
import { forbidden } from '../shared/errors'
import type { Ctx } from '../shared/router'

export interface Reach {
  readonly subdistrictId: string
  /** Units the call covers (one when a committee was asked for). */
  readonly units: readonly Unit[]
  /** The committees among them. */
  readonly committeeIds: readonly string[]
}

/** The committees among units (the service centers have no demands, visits or blocks). */
export const committeeIdsOf = (units: readonly Unit[]): string[] =>
  units.filter((u) => u.kind === 'committee').map((u) => u.id)

/** Every unit of a sub-district: its committees, then its service centers. */
export async function unitsOf(db: Database, subdistrictId: string): Promise<Unit[]> {
  const store = storeOf(db)
  const [committees, centers] = await Promise.all([
    store.committees.find({ subdistrictId }, { orderBy: [['_id', 'asc']], fields: { name: true } }),
    store.serviceCenters.find({ subdistrictId }, { orderBy: [['_id', 'asc']], fields: { name: true } }),
  ])
  return [
    ...committees.map((c) => ({ id: c._id, name: c.name, kind: 'committee' as const })),
    ...centers.map((c) => ({ id: c._id, name: c.name, kind: 'center' as const })),
  ]
}

export async function reach(ctx: Ctx, committeeId?: string): Promise<Reach> {
  const staff = ctx.caller.staff
  if (!staff) throw forbidden()
  const all = await unitsOf(ctx.db, staff.subdistrictId)
  let units: Unit[]
  if (ctx.role === 'officer') {
    units = committeeId ? all.filter((u) => u.id === committeeId) : all
    if (committeeId && units.length === 0) throw forbidden('这个居委会不在您所在街道的范围内')
  } else {
    if (committeeId && committeeId !== staff.committeeId) throw forbidden('只能查看本居委会的数据')
    units = all.filter((u) => u.id === staff.committeeId)
    if (units.length === 0) throw forbidden()
  }
  return {
    subdistrictId: staff.subdistrictId,
    units,
    committeeIds: committeeIdsOf(units),
  }
}

/** Block names for lists and hotspots. */
export async function blockNames(
  db: Database,
  committeeIds: readonly string[],
): Promise<Map<string, string>> {
  if (committeeIds.length === 0) return new Map()
  const _ = db.command
  const store = storeOf(db)
  const blocks = await store.blocks.scan({ committeeId: _.in([...committeeIds]) }, { fields: { name: true } })
  return new Map(blocks.map((b) => [b._id, b.name]))
}

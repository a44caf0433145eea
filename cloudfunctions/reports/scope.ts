/**
 * How far a caller reaches in reports: an officer sees every unit of their sub-district (its committees and
 * service center), a committee admin their own committee. Asking for a unit outside that is FORBIDDEN, as
 * the access table says (not NOT_FOUND: units are public, their figures are not).
 *
 * The units are read in the same request as whatever else the action needs (batch.ts), hung on the
 * caller's staff record: the committees, the centers and the action's reads are one round trip.
 */
import { z } from 'zod'
import type { Unit } from '../../types/reports'
import type { Command, Database } from '../shared/cloud'
import { storeOf } from '../shared/data'
import { forbidden } from '../shared/errors'
import type { Ctx } from '../shared/router'
import { batchRead, type Anchor, type Answers, type Read } from './batch'

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

const Named = z.object({ _id: z.string(), name: z.string() })

/** The reads of a sub-district's units: its committees, then its service centers, by id. */
export const unitReads = (subdistrictId: string) =>
  ({
    committees: {
      from: 'committees',
      where: { subdistrictId },
      orderBy: [['_id', 'asc']],
      fields: ['name'],
      row: Named,
    },
    centers: {
      from: 'serviceCenters',
      where: { subdistrictId },
      orderBy: [['_id', 'asc']],
      fields: ['name'],
      row: Named,
    },
  }) satisfies Record<string, Read>

/** Every unit of a sub-district from `unitReads`' answers: its committees, then its service centers. */
export const unitsFrom = (a: Answers<ReturnType<typeof unitReads>>): Unit[] => [
  ...a.committees.map((c) => ({ id: c._id, name: c.name, kind: 'committee' as const })),
  ...a.centers.map((c) => ({ id: c._id, name: c.name, kind: 'center' as const })),
]

/** Every unit of a sub-district: its committees, then its service centers (one request). */
export async function unitsOf(db: Database, subdistrictId: string): Promise<Unit[]> {
  const a = await batchRead(db, { collection: 'subdistricts', id: subdistrictId }, unitReads(subdistrictId))
  return a ? unitsFrom(a) : []
}

/**
 * The committees a call is limited to before the units are read: a committee admin's own, or the one an
 * officer asked for; null for an officer's whole sub-district.
 */
export function knownCommittees(ctx: Ctx, committeeId?: string): string[] | null {
  const staff = ctx.caller.staff
  if (!staff) throw forbidden()
  if (ctx.role === 'officer') return committeeId ? [committeeId] : null
  return staff.committeeId ? [staff.committeeId] : []
}

/** The block names of the committees a call reaches, as a read of the units' batch. */
export function blockRead(_: Command, known: readonly string[] | null) {
  return {
    from: 'blocks',
    where: known ? { committeeId: _.in([...known]) } : {},
    ...(known ? {} : { inIdsOf: { read: 'committees', field: 'committeeId' } }),
    fields: ['name'],
    row: Named,
  } satisfies Read
}

/** Where an action's batch hangs: the caller's own staff record, which the router has just read. */
export function callerAnchor(ctx: Ctx): Anchor {
  const staff = ctx.caller.staff
  if (!staff) throw forbidden()
  return { collection: 'staff', id: staff._id }
}

/**
 * The caller's reach with `also` read in the same request. `also` cannot depend on the reach (it is read
 * at the same time): limit it with `knownCommittees`, or to the sub-district, and filter afterwards.
 */
export async function reachWith<R extends Record<string, Read>>(
  ctx: Ctx,
  committeeId: string | undefined,
  also: R,
): Promise<Reach & { readonly also: Answers<R> }> {
  const staff = ctx.caller.staff
  if (!staff) throw forbidden()
  const a = await batchRead(ctx.db, callerAnchor(ctx), { ...unitReads(staff.subdistrictId), ...also })
  if (!a) throw forbidden()
  const all = unitsFrom(a)
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
    also: a as Answers<R>,
  }
}

export const reach = (ctx: Ctx, committeeId?: string): Promise<Reach> => reachWith(ctx, committeeId, {})

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

/**
 * Reading in one request what recording a contact needs: the family file (or the online visit answered and
 * its file), the committee's cadence, the visit this request may already have written, and — when a demand
 * is raised — the block and the committee's staff that routing chooses from. One aggregate with `$lookup`
 * stages, where separate reads took four or five requests.
 *
 * Each looked-up document is parsed with its own schema; one that does not fit is treated as missing (bad
 * visit settings fall back to the default cadence, as `loadCadence` does; bad staff rows are left out, as a
 * list read leaves them out).
 */
import { z } from 'zod'
import { BlockDoc, CommitteeDoc, StaffDoc } from '../../types/community'
import { HouseholdDoc, OnlineVisitDoc, VisitDoc, VisitSettingsDoc, type Cadence } from '../../types/visits'
import type { Aggregate, Store } from '../shared/data'
import { effectiveCadence } from './rules/cadence'

interface Lookup {
  readonly from: string
  readonly localField: string
  readonly foreignField: string
  readonly as: string
}

const Rows = z.array(z.unknown()).default([])
const Row = z
  .object({
    _settings: Rows,
    _visit: Rows,
    _block: Rows,
    _staff: Rows,
    _committee: Rows,
    _household: Rows,
  })
  .partial()
  .loose()
type Row = z.infer<typeof Row>
const LOOKED_UP = ['_settings', '_visit', '_block', '_staff', '_committee', '_household', '_visitRef']

function first<S extends z.ZodType>(schema: S, rows: readonly unknown[] | undefined): z.output<S> | null {
  const r = rows?.length ? schema.safeParse(rows[0]) : null
  return r?.success ? r.data : null
}

function all<S extends z.ZodType>(schema: S, rows: readonly unknown[] | undefined): z.output<S>[] {
  return (rows ?? []).flatMap((raw) => {
    const r = schema.safeParse(raw)
    return r.success ? [r.data] : []
  })
}

function withLookups(p: Aggregate, lookups: readonly Lookup[]): Aggregate {
  return lookups.reduce((q, l) => q.lookup(l), p)
}

/** The row without the looked-up fields: the record itself. */
function own(row: Row): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !LOOKED_UP.includes(k)))
}

export interface ContactContext {
  /** Null when the file is missing or does not fit its schema. */
  readonly household: HouseholdDoc | null
  readonly cadence: Cadence
  /** The visit already written under this request's id (a retry), or null. */
  readonly visit: VisitDoc | null
  /** Routing's input, read only when asked for. */
  readonly block: BlockDoc | null
  readonly staff: StaffDoc[]
}

/** Cadence, the retry's visit and routing's input, by the committee and block the record names. */
function lookupsFor(store: Store, routing: boolean): Lookup[] {
  const settings = {
    from: store.visitSettings.name,
    localField: 'committeeId',
    foreignField: '_id',
    as: '_settings',
  }
  const visit = { from: store.visits.name, localField: '_visitRef', foreignField: '_id', as: '_visit' }
  const route: Lookup[] = routing
    ? [
        { from: store.blocks.name, localField: 'blockId', foreignField: '_id', as: '_block' },
        { from: store.staff.name, localField: 'committeeId', foreignField: 'committeeId', as: '_staff' },
      ]
    : []
  return [settings, visit, ...route]
}

/** A family file with what recording a visit to it needs; null when there is no such file. */
export async function fileForVisit(
  store: Store,
  householdId: string,
  visitId: string,
  opts: { readonly routing: boolean },
): Promise<ContactContext | null> {
  const [row] = await store.households.aggregate(
    (p) =>
      withLookups(
        p.match({ _id: householdId }).addFields({ _visitRef: visitId }),
        lookupsFor(store, opts.routing),
      ),
    Row,
  )
  if (!row) return null
  return contextOf(row, first(HouseholdDoc, [own(row)]))
}

function contextOf(row: Row, household: HouseholdDoc | null): ContactContext {
  const settings = first(VisitSettingsDoc, row._settings)
  return {
    household,
    cadence: effectiveCadence(settings?.cadence),
    visit: first(VisitDoc, row._visit),
    block: first(BlockDoc, row._block),
    staff: all(StaffDoc, row._staff),
  }
}

/**
 * An online visit with what recording its answer needs: its file, cadence, the answer's visit if written,
 * routing when a demand is raised, and the committee when the online visit does not name its sub-district
 * (one sent before it carried it). Null when there is no such online visit (or it does not fit its schema).
 */
export async function onlineVisitForAnswer(
  store: Store,
  onlineVisitId: string,
  visitId: string,
  opts: { readonly routing: boolean; readonly committee: boolean },
): Promise<
  (ContactContext & { readonly onlineVisit: OnlineVisitDoc; readonly subdistrictId?: string }) | null
> {
  const household = {
    from: store.households.name,
    localField: 'householdId',
    foreignField: '_id',
    as: '_household',
  }
  const committee: Lookup[] = opts.committee
    ? [{ from: store.committees.name, localField: 'committeeId', foreignField: '_id', as: '_committee' }]
    : []
  const [row] = await store.onlineVisits.aggregate(
    (p) =>
      withLookups(p.match({ _id: onlineVisitId }).addFields({ _visitRef: visitId }), [
        household,
        ...committee,
        ...lookupsFor(store, opts.routing),
      ]),
    Row,
  )
  const onlineVisit = row ? first(OnlineVisitDoc, [own(row)]) : null
  if (!row || !onlineVisit) return null
  return {
    ...contextOf(row, first(HouseholdDoc, row._household)),
    onlineVisit,
    subdistrictId: onlineVisit.subdistrictId ?? first(CommitteeDoc, row._committee)?.subdistrictId,
  }
}

/**
 * A contact with a family (a visit recorded, an online visit answered) is written as ONE insert: the visit
 * under an id derived from the request, carrying in its `outbox` (VisitOutbox) everything the contact causes —
 * the demands raised, the talents found, the file's new last contact, the online visit's answer, messages and
 * counters. That insert is the commit point, in place of a transaction over five collections:
 *
 * - before it, nothing is written, so a failure leaves nothing half-done;
 * - after it, the action writes the demands, the answer and the file's contact itself, so the block head's
 *   inbox, the family's pending list and the file's dates are right when the action answers — and if the
 *   process dies on the way, the `outbox` relay (every 10 minutes) writes whatever is missing from what the
 *   visit carries (`landCarried`), then releases the visit and counts it once;
 * - every one of these writes is safe to repeat: demands and talents by their derived `_id` (a duplicate is
 *   the same document, left alone), the answer only while the online visit is pending, the contact only
 *   forward and only over the file as read (a compare-and-set). A retried request finds its visit and
 *   finishes the same writes; a relay run twice releases once and counts once.
 */
import type { Cadence, HouseholdDoc, HouseholdOutbox, VisitOutbox } from '../../types/visits'
import type { Command, Database } from '../shared/cloud'
import { storeOf, type Repo, type Store } from '../shared/data'
import { isDuplicateKey } from '../shared/errors'
import { contactPatch, toDate } from './lib'

/**
 * Inserts documents that may already be there (a retry, the relay after the action), in one request when
 * none is. A batch refused as a duplicate inserted nothing; `oneByOne` then adds the missing ones singly —
 * the relay's way, which must leave nothing out. The action leaves them to the relay instead: they are
 * already there, unless a relay died half-way, and the visit still carries them until one finishes.
 */
export async function addMissing<N extends 'demands' | 'talents'>(
  repo: Repo<N>,
  docs: readonly Parameters<Repo<N>['add']>[0][],
  opts: { readonly oneByOne: boolean },
): Promise<void> {
  if (docs.length === 0) return
  try {
    await repo.addMany(docs)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    if (!opts.oneByOne) return
    for (const d of docs)
      await repo.add(d).catch((e: unknown) => {
        if (!isDuplicateKey(e)) throw e
      })
  }
}

export interface Contact {
  readonly at: Date
  readonly cadence: Cadence
  /** The online visit this contact answers: no longer pending on the file. */
  readonly onlineVisitId?: string
}

/**
 * Moves the file's last contact forward to `c.at` (never back: a draft submitted late may be older) with the
 * next due date by its class, as one conditional update over the file as read — its class and last contact —
 * so a concurrent change of class or a later contact is never overwritten; a lost race reads the file again.
 * The file as it is afterwards, or null when it is gone.
 */
export async function landContact(
  store: Store,
  _: Command,
  read: HouseholdDoc,
  c: Contact,
): Promise<HouseholdDoc | null> {
  let h: HouseholdDoc | null = read
  for (let attempt = 0; h && attempt < 3; attempt++) {
    const clears = c.onlineVisitId !== undefined && h.pendingOnlineVisitId === c.onlineVisitId
    const last = toDate(h.lastContactAt)
    if (last && last.getTime() >= c.at.getTime()) {
      if (clears)
        await store.households.updateWhere(
          { _id: h._id, pendingOnlineVisitId: c.onlineVisitId },
          { pendingOnlineVisitId: _.remove() },
        )
      return clears ? { ...h, pendingOnlineVisitId: undefined } : h
    }
    const patch = contactPatch(h, c.at, c.cadence)
    const written = await store.households.updateWhere(
      {
        _id: h._id,
        class: h.class,
        lastContactAt: h.lastContactAt ?? _.exists(false),
        ...(clears ? { pendingOnlineVisitId: c.onlineVisitId } : {}),
      },
      {
        lastContactAt: patch.lastContactAt,
        nextDueAt: patch.nextDueAt ?? _.remove(),
        ...(clears ? { pendingOnlineVisitId: _.remove() } : {}),
      },
    )
    if (written === 1)
      return {
        ...h,
        ...patch,
        ...(clears ? { pendingOnlineVisitId: undefined } : {}),
      }
    h = await store.households.get(h._id)
  }
  return h
}

/**
 * The relay's step for a visit that still carries its outbox (outbox/relay.ts, before it releases the visit):
 * writes what the action may not have, each write a no-op where the action did.
 */
export async function landCarried(db: Database, o: VisitOutbox): Promise<void> {
  const store = storeOf(db)
  const _ = db.command
  await addMissing(store.demands, o.demands ?? [], { oneByOne: true })
  await addMissing(store.talents, o.talents ?? [], { oneByOne: true })
  if (o.answer) {
    const { onlineVisitId, ...answer } = o.answer
    await store.onlineVisits.updateWhere(
      { _id: onlineVisitId, status: 'pending' },
      { status: 'answered', ...answer },
    )
  }
  if (o.contact) {
    const h = await store.households.get(o.contact.householdId)
    const at = toDate(o.contact.at)
    if (h && at) await landContact(store, _, h, { ...o.contact, at })
  }
}

/**
 * The relay's hourly repair of an online visit that still carries its messages (sendOnline.ts): the messages
 * are added where missing by the relay itself; this marks the file as waiting for the answer if the action
 * died before it did — only while the online visit is pending and nothing marked the file since.
 */
export async function landOnlineVisit(
  db: Database,
  ov: { readonly _id: string; readonly householdId: string; readonly status: string },
): Promise<void> {
  if (ov.status !== 'pending') return
  await storeOf(db).households.updateWhere(
    { _id: ov.householdId, pendingOnlineVisitId: db.command.exists(false) },
    { pendingOnlineVisitId: ov._id },
  )
}

/**
 * The relay's hourly repair of a family file whose change carries its version records and the correction
 * requests it closed (saveHousehold.ts): each record added where missing (by its id), the requests closed
 * where still open, before the file's outbox is released.
 */
export async function landHousehold(db: Database, o: HouseholdOutbox): Promise<void> {
  const store = storeOf(db)
  for (const v of o.versions ?? [])
    await store.householdVersions.add(v).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err
    })
  const last = (o.versions ?? []).slice(-1)[0]
  if (last && o.corrections?.length)
    await store.householdCorrections.updateWhere(
      { _id: db.command.in(o.corrections), status: 'open' },
      { status: 'done', doneAt: toDate(last.at) ?? new Date(), doneBy: last.byOpenid },
    )
}

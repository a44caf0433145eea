/**
 * Sub-items (分项办理): staff split a demand into parts handled by different people or departments (12345's
 * practice: one work order, several departments); each part has its own state, and the demand resolves when
 * the last part is done. Pure: the demand, the actor, the input and `now` in; the change out.
 */
import { MAX_SUB_ITEMS, type DemandDoc, type DemandStatus, type SubItem } from '../../../types/demands'
import { conflict, invalid } from '../../shared/errors'
import {
  counters,
  firstResponse,
  makeChange,
  requireOpen,
  resolve,
  type Actor,
  type Change,
} from './lifecycle'
import { residentUpdate } from './messages'

export function split(
  doc: DemandDoc,
  actor: Actor,
  items: readonly { title: string; holder: string }[],
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  const before = doc.subItems ?? []
  if (before.length + items.length > MAX_SUB_ITEMS)
    throw invalid('items', `一件诉求最多拆分成${MAX_SUB_ITEMS}个分项，已有${before.length}个`)
  const added: SubItem[] = items.map((it, i) => ({
    id: `${eventId.slice(0, 12)}-${before.length + i + 1}`,
    title: it.title,
    holder: it.holder,
    status: 'open',
    createdAt: now,
  }))
  const first = firstResponse(doc, now)
  const status: DemandStatus = doc.status === 'pending' ? 'in_progress' : doc.status
  const note = `拆分办理：${added.map((s, i) => `${before.length + i + 1}. ${s.title}（${s.holder}）`).join('；')}`
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'split',
    note,
    { ...first.set, status, subItems: [...before, ...added] },
    {
      messages: (next, ev) => [residentUpdate(next, ev, '分项办理', note)],
      stats: counters(doc, first.stats),
    },
  )
}

/**
 * One sub-item is done. When it is the last open one the demand is resolved with every part's result, the
 * same way `resolve` does it (rating window, counters, the resident's update).
 */
export function finishSubItem(
  doc: DemandDoc,
  actor: Actor,
  subItemId: string,
  result: string,
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  const items = doc.subItems ?? []
  const item = items.find((s) => s.id === subItemId)
  if (!item) throw invalid('subItemId', '没有找到这个分项，请刷新后再试')
  if (item.status === 'done') throw conflict(`分项“${item.title}”已经办完了`)
  const subItems = items.map((s) =>
    s.id === subItemId ? { ...s, status: 'done' as const, result, doneAt: now, doneBy: actor.name } : s,
  )
  const open = subItems.filter((s) => s.status === 'open')
  if (open.length === 0) {
    const all = subItems.map((s) => `${s.title}：${s.result ?? ''}`).join('；')
    const c = resolve({ ...doc, subItems }, actor, `全部分项已办完。${all}`, now, eventId)
    return { ...c, set: { ...c.set, subItems }, next: { ...c.next, subItems } }
  }
  const first = firstResponse(doc, now)
  const note = `分项“${item.title}”已办完（${item.holder}）：${result}。还有${open.length}项在办`
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'subItemDone',
    note,
    { ...first.set, subItems },
    {
      messages: (next, ev) => [residentUpdate(next, ev, '分项办结', note)],
      stats: counters(doc, first.stats),
    },
  )
}

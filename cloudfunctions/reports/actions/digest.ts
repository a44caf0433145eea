import { z } from 'zod'
import { DigestDoc, DigestKind, Period, type reportsContract } from '../../../types/reports'
import type { Handler } from '../../shared/router'
import { notFound } from '../../shared/errors'
import { digestView } from '../digests'
import type { Read } from '../batch'
import { reachWith } from '../scope'

const RecentRow = z.object({ _id: z.string(), kind: DigestKind, title: z.string(), period: Period })

/**
 * 摘要: the one a subscribe message opens, or the latest of a kind, with the recent ones to switch to. A
 * committee admin sees their own committee's lines only.
 */
export const digest: Handler<typeof reportsContract.digest> = async (input, ctx) => {
  const subdistrictId = ctx.caller.staff?.subdistrictId ?? ''
  const recentOf = (kind: DigestKind) =>
    ({
      from: 'digests',
      where: { subdistrictId, kind },
      orderBy: [['periodStart', 'desc']],
      limit: 14,
      fields: ['kind', 'title', 'period'],
      row: RecentRow,
    }) satisfies Read
  // The units, the digest (the one asked for, or the latest of `input.kind`) and the recent ones of each
  // kind (an opened digest's own kind is known only once it is read), at once.
  const r = await reachWith(ctx, undefined, {
    doc: {
      from: 'digests',
      where: input.id ? { _id: input.id } : { subdistrictId, kind: input.kind },
      orderBy: [['periodStart', 'desc']],
      limit: 1,
      row: DigestDoc,
    },
    daily: recentOf('daily'),
    weekly: recentOf('weekly'),
    performance: recentOf('performance'),
  })
  const doc: DigestDoc | null = r.also.doc[0] ?? null
  if (input.id && (!doc || doc.subdistrictId !== r.subdistrictId)) throw notFound('没有找到这份摘要')
  // The recent ones of the kind the opened digest is.
  const kind = doc?.kind ?? input.kind
  const recent = r.also[kind]
  let view = doc ? digestView(doc) : null
  if (view && ctx.role !== 'officer') {
    const mine = new Set(r.units.map((u) => u.id))
    view = {
      ...view,
      units: view.units.filter((u) => mine.has(u.id)),
      ...(view.performance
        ? {
            performance: {
              ...view.performance,
              units: view.performance.units.filter((u) => mine.has(u.unitId)),
              staff: view.performance.staff.filter((s) => mine.has(s.unitId)),
            },
          }
        : {}),
    }
  }
  return {
    digest: view,
    recent: recent.map((d) => ({ id: d._id, kind: d.kind, title: d.title, period: d.period })),
  }
}

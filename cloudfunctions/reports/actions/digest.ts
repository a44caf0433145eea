import type { DigestDoc, DigestKind, reportsContract } from '../../../types/reports'
import type { Handler } from '../../shared/router'
import { notFound } from '../../shared/errors'
import { digestView } from '../digests'
import { reach } from '../scope'

/**
 * 摘要: the one a subscribe message opens, or the latest of a kind, with the recent ones to switch to. A
 * committee admin sees their own committee's lines only.
 */
export const digest: Handler<typeof reportsContract.digest> = async (input, ctx) => {
  const r = await reach(ctx)
  const digests = ctx.store.digests
  const recentOf = (kind: DigestKind) =>
    digests.find(
      { subdistrictId: r.subdistrictId, kind },
      { orderBy: [['periodStart', 'desc']], limit: 14, fields: { kind: true, title: true, period: true } },
    )
  let doc: DigestDoc | null
  let recent: Awaited<ReturnType<typeof recentOf>>
  if (input.id) {
    doc = await digests.get(input.id)
    if (!doc || doc.subdistrictId !== r.subdistrictId) throw notFound('没有找到这份摘要')
    // The recent ones of the kind the opened digest is.
    recent = await recentOf(doc.kind ?? input.kind)
  } else {
    // The latest is of `input.kind` too, so both lists are read at once.
    const [latest, ofKind] = await Promise.all([
      digests.find(
        { subdistrictId: r.subdistrictId, kind: input.kind },
        { orderBy: [['periodStart', 'desc']], limit: 1 },
      ),
      recentOf(input.kind),
    ])
    doc = latest[0] ?? null
    recent = ofKind
  }
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

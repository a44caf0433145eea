/**
 * Demands as officers may see them (types/reports.ts `MaskedCase`).
 */
import type { MaskedCase } from '../../types/reports'
import type { DemandFacts } from './rules/facts'
import { maskText } from './rules/mask'
import { categoryLabel } from './source'
import { STATUS_LABEL } from '../../types/demands'

const DAY = 86_400_000

export function maskedCase(
  d: DemandFacts,
  now: Date,
  names: { unit: (id: string) => string; block: (id: string | undefined) => string },
): MaskedCase {
  return {
    id: d.id,
    committeeId: d.committeeId,
    committeeName: names.unit(d.committeeId),
    blockName: names.block(d.blockId),
    category: categoryLabel(d.category),
    excerpt: maskText(d.text),
    status: (STATUS_LABEL as Record<string, string>)[d.status] ?? d.status,
    submittedAt: d.submittedAt.toISOString(),
    ageDays: Math.max(0, Math.floor((now.getTime() - d.submittedAt.getTime()) / DAY)),
    overdue: Boolean(d.open && d.dueAt && d.dueAt.getTime() < now.getTime()),
  }
}

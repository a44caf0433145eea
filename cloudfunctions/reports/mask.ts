/**
 * Demands as officers may see them (types/reports.ts `MaskedCase`).
 */
import type { MaskedCase, Unit } from '../../types/reports'
import type { DemandFacts } from './rules/facts'
import { maskText } from './rules/mask'
import { categoryLabel } from './source'
import { STATUS_LABEL } from '../../types/demands'

const DAY = 86_400_000

/** How a list names a case's unit and block. */
export interface CaseNames {
  unit: (id: string) => string
  block: (id: string | undefined) => string
}

/** Unit names from the units (an unknown id reads as itself), block names from `blockNames` (unknown: ''). */
export function caseNames(
  units: readonly Pick<Unit, 'id' | 'name'>[],
  blocks: ReadonlyMap<string, string>,
): CaseNames {
  const unitName = new Map(units.map((u) => [u.id, u.name]))
  return {
    unit: (id) => unitName.get(id) ?? id,
    block: (id) => (id ? (blocks.get(id) ?? '') : ''),
  }
}

export function maskedCase(d: DemandFacts, now: Date, names: CaseNames): MaskedCase {
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
    ...(d.holder && d.open ? { holder: d.holder } : {}),
  }
}

import { Cadence } from '../../../../types/visits'

export interface CadenceDraft {
  A: string
  B: string
  C: string
  weeklyTarget: string
}

/**
 * What is wrong with the typed cadence, by field, in the words the server uses (the contract's own
 * schema), plus a plain message for an empty box; the value to send when nothing is.
 */
export function cadenceProblems(
  d: CadenceDraft,
  fixedTarget: boolean,
): { problems: Record<string, string>; value?: Cadence } {
  const problems: Record<string, string> = {}
  for (const k of ['A', 'B', 'C'] as const) if (!d[k].trim()) problems[k] = '请填写天数'
  if (fixedTarget && !d.weeklyTarget.trim()) problems.weeklyTarget = '请填写每周走访户数'
  const candidate = {
    A: Number(d.A),
    B: Number(d.B),
    C: Number(d.C),
    ...(fixedTarget ? { weeklyTarget: Number(d.weeklyTarget) } : {}),
  }
  const parsed = Cadence.safeParse(candidate)
  if (!parsed.success)
    for (const i of parsed.error.issues) {
      const k = String(i.path[0])
      problems[k] ??= k === 'weeklyTarget' ? '每周目标要在1到500户之间' : i.message
    }
  return Object.keys(problems).length ? { problems } : { problems, value: parsed.data }
}

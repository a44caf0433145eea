/**
 * Block assignment (分配片区): each block has at most one block head. Giving blocks to one head takes them
 * from whoever held them; blocks taken from the head fall back to the committee admin (no head).
 */
export interface HeadHolding {
  readonly openid: string
  readonly blockIds: readonly string[]
}

export interface AssignmentPlan {
  /** New block list per staff member whose list changes (the target first). */
  readonly staff: ReadonlyMap<string, string[]>
  /** New head per block whose head changes; undefined = no head. */
  readonly blocks: ReadonlyMap<string, string | undefined>
}

export function planAssignment(
  target: HeadHolding,
  wanted: readonly string[],
  others: readonly HeadHolding[],
): AssignmentPlan {
  const want = [...new Set(wanted)]
  const staff = new Map<string, string[]>()
  const blocks = new Map<string, string | undefined>()
  const same = want.length === target.blockIds.length && want.every((b) => target.blockIds.includes(b))
  if (!same) staff.set(target.openid, want)
  for (const b of target.blockIds) if (!want.includes(b)) blocks.set(b, undefined)
  for (const b of want) if (!target.blockIds.includes(b)) blocks.set(b, target.openid)
  for (const o of others) {
    if (o.openid === target.openid) continue
    const kept = o.blockIds.filter((b) => !want.includes(b))
    if (kept.length !== o.blockIds.length) staff.set(o.openid, kept)
  }
  return { staff, blocks }
}

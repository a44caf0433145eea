/**
 * Sample inputs for the policy matrix, for the actions that need a hand-written one: seeded ids where the
 * action must find something, or refinements the generator cannot see. Every other action gets `AUTO`, the
 * smallest input its zod schema accepts (ids become placeholders, so an allowed caller gets NOT_FOUND —
 * still "allowed", which is what the matrix checks); when that cannot be generated, the matrix fails
 * naming the action, and it needs an entry here.
 */
import fc from 'fast-check'
import { z } from 'zod'
import { DEMO_HOUSEHOLDS } from '../../../emulator/seed/community'

export const AUTO = Symbol('auto')
/** Generated like AUTO, then these fields laid over it (for refinements the generator cannot see). */
export class AutoWith {
  constructor(readonly patch: Record<string, unknown>) {}
}
export const autoWith = (patch: Record<string, unknown>) => new AutoWith(patch)
export type Sample = Record<string, unknown> | typeof AUTO | AutoWith

/** Ids the samples use, filled in by the matrix from the seeded cloud. */
export interface SampleIds {
  /** A staff member created for the matrix that deactivate may target. */
  readonly deactivateTarget: string
}

/** The demo center's working plan as the editor sends it. */
const PLAN_FORM = {
  week: [0, 1, 2, 3, 4, 5, 6].map((d) => ({
    open: d >= 1 && d <= 5,
    start: '09:00',
    end: '17:00',
    windows: 8,
  })),
  lunch: { start: '11:30', end: '13:30' },
  slotMinutes: 30,
  walkInReserve: 0,
  minNoticeMinutes: 30,
  closures: [],
  extraWorkdays: [],
}

export const SAMPLES: Record<string, Record<string, Sample | ((ids: SampleIds) => Sample)>> = {
  community: {
    me: {},
    committees: { keyword: '社区' },
    follow: { committeeId: 'c-chunhui' },
    unfollow: { committeeId: 'c-hepingli' },
    updateProfile: { phone: '13700001111' },
    bindHousehold: { blockId: 'c-chunhui-b1', building: '1号楼', room: '101' },
    notices: {},
    notice: { id: 'notice-c-chunhui-1' },
    subscribe: { accepted: ['noticePublished'] },
    redeem: { code: 'ZZZZ2345' },
    publishNotice: { title: '矩阵测试通知', body: '这是一条测试通知。' },
    invite: { role: 'committeeAdmin', committeeId: 'c-chunhui' },
    roster: {},
    assignBlocks: { openid: 'demo-blockhead-zhang', blockIds: ['c-chunhui-b1', 'c-chunhui-b2'] },
    pendingBindings: {},
    confirmBinding: {
      residentOpenid: 'matrix-nobody',
      householdId: DEMO_HOUSEHOLDS.wang,
      decision: 'confirm',
    },
    deactivate: (ids) => ({ openid: ids.deactivateTarget }),
    // Nobody to hand over: an allowed caller gets NOT_FOUND and the seeded block heads keep their work.
    handover: {
      fromOpenid: 'matrix-nobody',
      toOpenid: 'demo-admin-chen',
      clientRequestId: 'matrix-handover-1',
    },
    // An unknown committee: the officer is allowed and told it is not found; nothing is read or stored.
    startImport: {
      kind: 'households',
      committeeId: 'matrix-nowhere',
      contentBase64: '',
      clientRequestId: 'matrix-import-1',
    },
  },
  demands: {
    attachPhoto: autoWith({ contentType: 'image/png', contentBase64: 'iVBORw0KGgoAAAANSUhEUgAAAAE=' }),
    transfer: autoWith({ toCommitteeId: 'c-fenglin', reason: '不属于本社区' }),
    intake: autoWith({
      channel: 'phone',
      category: 'noise',
      text: '矩阵测试：来电反映夜间噪音',
      caller: { name: '矩阵', phone: '13700001111' },
      location: { blockId: 'c-chunhui-b1' },
    }),
  },
  bookings: {
    slots: { itemId: 'x' },
    book: autoWith({ itemId: 'x' }),
    planPreview: PLAN_FORM,
    // A stale version: the matrix checks who may save, not a save (CONFLICT still means allowed).
    savePlan: { ...PLAN_FORM, expectedVersion: 999, clientRequestId: 'matrix-plan-0001', confirm: true },
  },
  visits: {
    household: { householdId: DEMO_HOUSEHOLDS.wang },
    saveHousehold: autoWith({
      householdId: DEMO_HOUSEHOLDS.wang,
      expectedVersion: 1,
      fields: { preferredChannel: 'phone' },
    }),
    record: autoWith({ householdId: DEMO_HOUSEHOLDS.wang, mode: 'phone', notes: '矩阵测试：电话问候' }),
  },
  reports: {},
}

type Json = Record<string, unknown>

/** The smallest value a JSON schema (from `z.toJSONSchema`) accepts, or undefined when unsure. */
function minimal(js: Json, seed: number): unknown {
  if ('const' in js) return js.const
  if (Array.isArray(js.enum)) return js.enum[0]
  for (const key of ['anyOf', 'oneOf'] as const) {
    const alts = js[key]
    if (Array.isArray(alts)) {
      for (const alt of alts as Json[]) {
        const v = minimal(alt, seed)
        if (v !== undefined) return v
      }
      return undefined
    }
  }
  if (Array.isArray(js.allOf)) return minimal(Object.assign({}, ...(js.allOf as Json[])), seed)
  switch (js.type) {
    case 'object': {
      const props = (js.properties ?? {}) as Record<string, Json>
      const out: Json = {}
      for (const k of (js.required ?? []) as string[]) {
        // A field the generator cannot make is left out: a sample's patch may supply it.
        const v = minimal(props[k] ?? {}, seed)
        if (v !== undefined) out[k] = v
      }
      return out
    }
    case 'string': {
      if (js.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString()
      if (typeof js.pattern === 'string') {
        const min = Number(js.minLength ?? 0)
        const max = Number(js.maxLength ?? 64)
        // No `.filter`: a pattern that never fits the length would spin forever.
        return fc
          .sample(fc.stringMatching(new RegExp(js.pattern)), { numRuns: 50, seed })
          .find((s) => s.length >= min && s.length <= max)
      }
      return 'x'.repeat(Math.max(1, Number(js.minLength ?? 1)))
    }
    case 'integer':
    case 'number': {
      if (typeof js.minimum === 'number') return js.minimum
      if (typeof js.exclusiveMinimum === 'number') return js.exclusiveMinimum + 1
      return typeof js.maximum === 'number' ? Math.min(1, js.maximum) : 1
    }
    case 'boolean':
      return false
    case 'null':
      return null
    case 'array': {
      const n = Number(js.minItems ?? 0)
      const items = Array.from({ length: n }, () => minimal((js.items ?? {}) as Json, seed))
      return items.some((v) => v === undefined) ? undefined : items
    }
    default:
      return undefined
  }
}

/** A valid input for an `AUTO` sample, or an explanation why none could be made. */
function overlay(base: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch
  const out: Json = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Json) } : {}
  for (const [k, v] of Object.entries(patch)) out[k] = overlay(out[k], v)
  return out
}

export function autoSample(
  schema: z.ZodType,
  patch: Json = {},
): { ok: true; input: Json } | { ok: false; why: string } {
  let js: Json
  try {
    js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json
  } catch (e) {
    return { ok: false, why: `its input schema has no JSON form (${String(e)})` }
  }
  for (let seed = 1; seed <= 5; seed++) {
    const generated = minimal(js, seed)
    const input = generated === undefined ? undefined : overlay(generated, patch)
    if (input && typeof input === 'object' && schema.safeParse(input).success)
      return { ok: true, input: input as Json }
  }
  return {
    ok: false,
    why: 'no generated input passes its schema (refinements or patterns); write one by hand',
  }
}

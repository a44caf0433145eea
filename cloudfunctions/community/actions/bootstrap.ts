/**
 * 首次初始化 (first-run setup): a new environment has no staff, and invitations need an inviter, so this one
 * action creates the sub-district and the first officer's invitation. Everything after it (committees,
 * blocks, centers, staff) is done in the app by that officer.
 *
 * Guards, in this order:
 * 1. the deployer has set LINLI_SETUP_SECRET on this function (at least 16 characters), else setup is closed;
 * 2. the caller gives the same secret. Both are hashed to 32 bytes and compared with `timingSafeEqual`, and
 *    every wrong secret gets the same answer, so neither the timing nor the message says how close it was.
 *    There is no counter of attempts (it would need a collection for one action); the length floor makes
 *    guessing hopeless instead, and each wrong attempt leaves a warning line in the function's log;
 * 3. no officer exists, active or not: once one does, setup is refused for good, whatever the secret.
 *
 * Idempotent: the sub-district has a fixed id and remembers its open bootstrap invitation, so a retried or
 * repeated call gets the same code back while it is open (and unexpired) instead of a second one; two
 * concurrent calls meet on that document inside the transaction.
 *
 * Secret failures are not FORBIDDEN: the policy grants the action to every caller, and FORBIDDEN belongs to
 * the policy alone (types/policy.ts). A wrong secret is a wrong field (INVALID_INPUT on `secret`); closed or
 * finished setup is a CONFLICT with a `reason`.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { communityContract, InviteDoc, SubdistrictDoc } from '../../../types/community'
import { transaction } from '../../shared/data'
import { conflict, invalid } from '../../shared/errors'
import { derivedId, newId } from '../../shared/ids'
import { logLine } from '../../shared/log'
import type { Handler } from '../../shared/router'
import { iso } from '../lib'
import { codeFromHex, redeemability } from '../rules/invite'

/** The one sub-district a bootstrap creates; fixed, so retries and races converge on one document. */
export const BOOTSTRAP_SUBDISTRICT_ID = 'sd-main'
export const MIN_SETUP_SECRET_LENGTH = 16
const INVITE_DAYS = 7

export const BOOTSTRAP_MESSAGES = {
  notConfigured:
    '还没有开启首次初始化：请在云开发控制台给云函数 community 设置环境变量 LINLI_SETUP_SECRET（至少16个字符），保存后再试',
  tooShort: '初始化口令太短：云函数 community 的环境变量 LINLI_SETUP_SECRET 至少要16个字符，请改长后再试',
  wrong: '初始化口令不对，请核对后再试',
  alreadySetUp: '系统已经初始化过了，不能再次初始化。新同事请由街道工作人员在“工作人员”页面邀请',
} as const

export type SecretCheck = 'ok' | 'notConfigured' | 'tooShort' | 'wrong'

/** Compares in constant time: both sides are hashed to the same length first. */
export function checkSetupSecret(configured: string | undefined, given: string): SecretCheck {
  if (!configured) return 'notConfigured'
  if (configured.length < MIN_SETUP_SECRET_LENGTH) return 'tooShort'
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()
  return timingSafeEqual(digest(configured), digest(given)) ? 'ok' : 'wrong'
}

export const bootstrap: Handler<typeof communityContract.bootstrap> = async (input, ctx) => {
  const check = checkSetupSecret(process.env.LINLI_SETUP_SECRET, input.secret)
  if (check === 'wrong') {
    logLine('warn', {
      requestId: ctx.requestId,
      fn: ctx.fn,
      action: ctx.action,
      outcome: 'wrong-setup-secret',
    })
    throw invalid('secret', BOOTSTRAP_MESSAGES.wrong)
  }
  if (check !== 'ok') throw conflict(BOOTSTRAP_MESSAGES[check], { reason: check })

  const officers = await ctx.store.staff.find({ role: 'officer' }, { limit: 1 })
  if (officers.length > 0) throw conflict(BOOTSTRAP_MESSAGES.alreadySetUp, { reason: 'alreadySetUp' })

  const fresh = codeFromHex(
    input.clientRequestId
      ? derivedId(ctx.caller.openid, 'community.bootstrap', input.clientRequestId)
      : newId(),
  )
  const { subdistrict, invite } = await transaction(ctx.db, async (tx) => {
    const existing = await tx.subdistricts.get(BOOTSTRAP_SUBDISTRICT_ID)
    const open = existing?.bootstrapCode ? await tx.invites.get(existing.bootstrapCode) : null
    if (existing && open && redeemability(open, ctx.now) === 'ok')
      return { subdistrict: existing, invite: open }

    const subdistrict: SubdistrictDoc = {
      _id: BOOTSTRAP_SUBDISTRICT_ID,
      name: input.subdistrictName,
      bootstrapCode: fresh,
    }
    if (existing) {
      await tx.subdistricts.update(BOOTSTRAP_SUBDISTRICT_ID, {
        name: subdistrict.name,
        bootstrapCode: fresh,
      })
    } else {
      await tx.subdistricts.add(subdistrict)
    }
    const invite: InviteDoc = {
      _id: fresh,
      code: fresh,
      role: 'officer',
      subdistrictId: BOOTSTRAP_SUBDISTRICT_ID,
      blockIds: [],
      ...(input.note ? { note: input.note } : {}),
      createdBy: ctx.caller.openid,
      createdAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + INVITE_DAYS * 86_400_000),
      status: 'open',
    }
    await tx.invites.add(invite)
    return { subdistrict, invite }
  })
  return {
    subdistrictId: subdistrict._id,
    subdistrictName: subdistrict.name,
    code: invite.code,
    expiresAt: iso(invite.expiresAt),
  }
}

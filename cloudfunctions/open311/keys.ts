/**
 * Partner keys (合作方密钥): officers issue and revoke them for their own sub-district and read each
 * partner's recent calls. A key is shown once, when issued; only its SHA-256 is stored, so a leaked database
 * copy holds no usable key.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { open311Contract, PartnerKeyDoc, PartnerView } from '../../types/open311'
import { AppError, isDuplicateKey, notFound } from '../shared/errors'
import { derivedId } from '../shared/ids'
import type { Ctx, Handler } from '../shared/router'

export const keyHash = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex')

const iso = (d: Date | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString())

function view(k: PartnerKeyDoc): z.output<typeof PartnerView> {
  return {
    id: k._id,
    name: k.name,
    keyPrefix: k.keyPrefix,
    createdAt: iso(k.createdAt)!,
    createdByName: k.createdByName,
    revoked: k.revokedAt !== undefined,
    ...(k.revokedAt !== undefined ? { revokedAt: iso(k.revokedAt) } : {}),
    ...(k.lastUsedAt !== undefined ? { lastUsedAt: iso(k.lastUsedAt) } : {}),
    calls: k.calls,
  }
}

function subdistrictOf(ctx: Ctx): string {
  const id = ctx.caller.staff?.subdistrictId
  if (!id) throw new AppError('FORBIDDEN', '您没有权限进行这项操作')
  return id
}

/** The key in the officer's sub-district, or NOT_FOUND (another sub-district's key is not revealed). */
async function ownKey(ctx: Ctx, id: string): Promise<PartnerKeyDoc> {
  const k = await ctx.store.partnerKeys.get(id)
  if (!k || k.subdistrictId !== subdistrictOf(ctx)) throw notFound('没有找到这个合作方')
  return k
}

export const partners: Handler<typeof open311Contract.partners> = async (_input, ctx) => {
  const rows = await ctx.store.partnerKeys.find(
    { subdistrictId: subdistrictOf(ctx) },
    { orderBy: [['createdAt', 'desc']], limit: 200 },
  )
  return { items: rows.map(view) }
}

export const issueKey: Handler<typeof open311Contract.issueKey> = async (input, ctx) => {
  const subdistrictId = subdistrictOf(ctx)
  const id = derivedId(ctx.caller.openid, 'open311.issueKey', input.clientRequestId)
  const key = `lk_${randomBytes(18).toString('base64url')}`
  const doc: PartnerKeyDoc = {
    _id: id,
    name: input.name,
    subdistrictId,
    keyHash: keyHash(key),
    keyPrefix: key.slice(0, 7),
    createdAt: ctx.now,
    createdBy: ctx.caller.openid,
    createdByName: ctx.caller.staff?.name ?? '街道工作人员',
    calls: 0,
  }
  try {
    await ctx.store.partnerKeys.add(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    // A retry: the key went out with the first answer and cannot be shown again (only its hash is kept).
    return { partner: view(await ownKey(ctx, id)), key: null }
  }
  return { partner: view(doc), key }
}

export const revokeKey: Handler<typeof open311Contract.revokeKey> = async (input, ctx) => {
  const k = await ownKey(ctx, input.id)
  if (k.revokedAt !== undefined) return { partner: view(k) }
  await ctx.store.partnerKeys.update(k._id, { revokedAt: ctx.now, revokedBy: ctx.caller.openid })
  return { partner: view({ ...k, revokedAt: ctx.now, revokedBy: ctx.caller.openid }) }
}

export const partnerCalls: Handler<typeof open311Contract.partnerCalls> = async (input, ctx) => {
  const k = await ownKey(ctx, input.id)
  const rows = await ctx.store.partnerCalls.find({ keyId: k._id }, { orderBy: [['at', 'desc']], limit: 50 })
  return {
    items: rows.map((c) => ({
      at: new Date(c.at).toISOString(),
      method: c.method,
      path: c.path,
      status: c.status,
      ...(c.serviceRequestId ? { serviceRequestId: c.serviceRequestId } : {}),
      ...(c.error ? { error: c.error } : {}),
    })),
  }
}

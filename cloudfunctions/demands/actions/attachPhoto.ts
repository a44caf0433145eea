/**
 * attachPhoto (上传照片): the H5 build's way to store a photo — base64 in, storage file id out. The path is
 * derived from the caller and the request id, so a retry overwrites the same file instead of adding one, under
 * the caller's own folder (`ownerFolder`), which is all `submit` accepts and `get` signs.
 * In WeChat the app asks `photoSlot` for a path and uploads there with `Taro.cloud.uploadFile`.
 */
import {
  MAX_PHOTO_BYTES,
  MAX_UPLOAD_BYTES_PER_DAY,
  MAX_UPLOADS_PER_DAY,
  type demandsContract,
} from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { invalid, isDuplicateKey, rateLimited } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { giveBack, take } from '../../shared/limits'
import { businessDay } from '../../shared/stats'
import { EXT, looksLike, ownerFolder, photoUrls } from '../photos'

export const attachPhoto: Handler<typeof demandsContract.attachPhoto> = async (input, ctx) => {
  const bytes = Buffer.from(input.contentBase64, 'base64')
  if (bytes.length > MAX_PHOTO_BYTES) throw invalid('contentBase64', '图片不能超过2MB')
  if (!looksLike(input.contentType, bytes)) throw invalid('contentBase64', '这不是一张图片，请重新选择')
  // Storage is billed and unbounded: each user gets a day's count and bytes, taken atomically before the
  // bytes are stored (a newcomer once stored 30 × 2 MB in 13 s).
  const allowance = uploads(ctx.caller.openid, ctx.now)
  if (!(await take(ctx.store, allowance, ctx.now, bytes.length))) throw refused()
  const name = derivedId(ctx.caller.openid, 'demands.attachPhoto', input.clientRequestId)
  let res: { fileID: string }
  try {
    res = (await ctx.cloud.uploadFile({
      cloudPath: `${ownerFolder(ctx.caller.openid)}${name}.${EXT[input.contentType]}`,
      fileContent: bytes,
    })) as { fileID: string }
  } catch (err) {
    await giveBack(ctx.store, allowance, bytes.length)
    throw err
  }
  const urls = await photoUrls(ctx.cloud, [res.fileID])
  return { fileId: res.fileID, url: urls.get(res.fileID) ?? '' }
}

/** The day's upload allowance of a caller (count and bytes). */
const uploads = (openid: string, now: Date) => ({
  kind: 'uploads',
  openid,
  window: businessDay(now),
  max: MAX_UPLOADS_PER_DAY,
  maxBytes: MAX_UPLOAD_BYTES_PER_DAY,
})

const refused = () =>
  rateLimited(
    `每人每天最多上传${MAX_UPLOADS_PER_DAY}张、共${MAX_UPLOAD_BYTES_PER_DAY / 1024 / 1024}MB照片，请明天再传`,
  )

/**
 * photoSlot (上传位置): the WeChat app uploads straight to storage, so the path it may use comes from here —
 * in the caller's own folder, which is all `submit` accepts — with the day's allowance taken for it. A marker
 * per request (in `limits`, inserted first) makes a retry return the same path without counting again.
 *
 * Database requests: caller 1 · marker 1 · allowance 1 (2 on the day's first upload).
 */
export const photoSlot: Handler<typeof demandsContract.photoSlot> = async (input, ctx) => {
  const openid = ctx.caller.openid
  const name = derivedId(openid, 'demands.photoSlot', input.clientRequestId)
  const cloudPath = `${ownerFolder(openid)}${name}.${EXT[input.contentType]}`
  const marker = `slot:${name}`
  try {
    await ctx.store.limits.add({
      _id: marker,
      kind: 'uploadSlot',
      openid,
      window: businessDay(ctx.now),
      n: 1,
      bytes: input.size,
      createdAt: ctx.now,
    })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    return { cloudPath }
  }
  if (!(await take(ctx.store, uploads(openid, ctx.now), ctx.now, input.size))) {
    // Nothing was counted: a retry tomorrow may try again.
    await ctx.store.limits.remove(marker)
    throw refused()
  }
  return { cloudPath }
}

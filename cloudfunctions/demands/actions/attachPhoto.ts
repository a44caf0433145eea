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
import type { NewDocOf, Store } from '../../shared/data'
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
  const cloudPath = `${ownerFolder(ctx.caller.openid)}${name}.${EXT[input.contentType]}`
  let res: { fileID: string }
  try {
    // Recorded before the bytes are stored, so no file exists that the daily cleanup does not know of (a
    // record whose upload failed is simply a file already gone). A retry finds its record.
    await record(ctx.store, {
      _id: name,
      openid: ctx.caller.openid,
      cloudPath,
      bytes: bytes.length,
      via: 'attachPhoto',
      at: ctx.now,
    })
    res = (await ctx.cloud.uploadFile({ cloudPath, fileContent: bytes })) as { fileID: string }
  } catch (err) {
    await giveBack(ctx.store, allowance, bytes.length)
    throw err
  }
  const urls = await photoUrls(ctx.cloud, [res.fileID])
  return { fileId: res.fileID, url: urls.get(res.fileID) ?? '' }
}

/** Inserts the upload's record; true when it is new, false when a retry finds it. */
async function record(store: Store, doc: NewDocOf<'uploads'>): Promise<boolean> {
  try {
    await store.uploads.add(doc)
    return true
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    return false
  }
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
 * in the caller's own folder, which is all `submit` accepts — with the day's allowance taken for it. The
 * upload's record (in `uploads`, inserted first) makes a retry return the same path without counting again,
 * and lets the daily cleanup find the file if no demand ever takes it.
 *
 * Database requests: caller 1 · record 1 · allowance 1 (2 on the day's first upload).
 */
export const photoSlot: Handler<typeof demandsContract.photoSlot> = async (input, ctx) => {
  const openid = ctx.caller.openid
  const name = derivedId(openid, 'demands.photoSlot', input.clientRequestId)
  const cloudPath = `${ownerFolder(openid)}${name}.${EXT[input.contentType]}`
  const fresh = await record(ctx.store, {
    _id: name,
    openid,
    cloudPath,
    bytes: input.size,
    via: 'photoSlot',
    at: ctx.now,
  })
  if (!fresh) return { cloudPath }
  if (!(await take(ctx.store, uploads(openid, ctx.now), ctx.now, input.size))) {
    // Nothing was counted: a retry tomorrow may try again.
    await ctx.store.uploads.remove(name)
    throw refused()
  }
  return { cloudPath }
}

/**
 * attachPhoto (上传照片): the H5 build's way to store a photo — base64 in, storage file id out. The path is
 * derived from the caller and the request id, so a retry overwrites the same file instead of adding one.
 * In WeChat the app uploads with `Taro.cloud.uploadFile` directly and never calls this.
 */
import { MAX_PHOTO_BYTES, type demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { invalid } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { EXT, looksLike, photoUrls } from '../photos'

export const attachPhoto: Handler<typeof demandsContract.attachPhoto> = async (input, ctx) => {
  const bytes = Buffer.from(input.contentBase64, 'base64')
  if (bytes.length > MAX_PHOTO_BYTES) throw invalid('contentBase64', '图片不能超过2MB')
  if (!looksLike(input.contentType, bytes)) throw invalid('contentBase64', '这不是一张图片，请重新选择')
  const owner = derivedId(ctx.caller.openid, 'demands.photos').slice(0, 16)
  const name = derivedId(ctx.caller.openid, 'demands.attachPhoto', input.clientRequestId)
  const res = (await ctx.cloud.uploadFile({
    cloudPath: `demands/${owner}/${name}.${EXT[input.contentType]}`,
    fileContent: bytes,
  })) as { fileID: string }
  const urls = await photoUrls(ctx.cloud, [res.fileID])
  return { fileId: res.fileID, url: urls.get(res.fileID) ?? '' }
}

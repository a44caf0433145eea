/** Photos in cloud storage: temporary URLs for display (the H5 build cannot open `cloud://` ids). */
import type { cloud as Cloud } from '../shared/cloud'
import { invalid } from '../shared/errors'
import { derivedId } from '../shared/ids'

export async function photoUrls(
  cloud: typeof Cloud,
  fileIds: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (fileIds.length === 0) return out
  const res = (await cloud.getTempFileURL({ fileList: [...fileIds] })) as {
    fileList?: { fileID: string; tempFileURL: string }[]
  }
  for (const f of res.fileList ?? []) if (f.tempFileURL) out.set(f.fileID, f.tempFileURL)
  return out
}

/** The first bytes of each accepted image type: the declared type must match the content. */
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) =>
    b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/gif': (b) => b.length > 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) =>
    b.length > 12 &&
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP',
}
export const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
}

export const looksLike = (contentType: string, bytes: Buffer): boolean => MAGIC[contentType]?.(bytes) ?? false

/**
 * Every user's uploads live under a folder of their own, named by a hash of the OPENID (the OPENID itself
 * is not put in a URL). A demand takes only its author's photos, and only those are signed: knowing
 * another user's file id, or an export's, no longer downloads it.
 */
export const ownerFolder = (openid: string): string =>
  `demands/${derivedId(openid, 'demands.photos').slice(0, 16)}/`

/** The cloud path of a file id (`cloud://env.bucket/<path>`), or undefined. */
export const cloudPathOf = (fileId: string): string | undefined => /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId)?.[1]

export const ownedBy = (fileId: string, openid: string): boolean => {
  const path = cloudPathOf(fileId)
  return path !== undefined && path.startsWith(ownerFolder(openid)) && !path.includes('..')
}

/** Refuses a photo that is not the caller's own upload, naming which one. */
export function checkPhotos(photos: readonly string[], openid: string): void {
  photos.forEach((p, i) => {
    if (!ownedBy(p, openid)) throw invalid(`photos.${i}`, '这张照片不是您上传的，请重新上传')
  })
}

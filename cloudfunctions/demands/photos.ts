/** Photos in cloud storage: temporary URLs for display (the H5 build cannot open `cloud://` ids). */
import type { cloud as Cloud } from '../shared/cloud'

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

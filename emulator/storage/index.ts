/**
 * Local CloudBase file storage: the `storage.*` actions of POST /admin and the two HTTP endpoints they hand
 * out — the upload URL the SDK PUTs the bytes to, and the signed, expiring temporary download URL
 * (docs/cloudbase-wire.md §7). Files live under `<dataDir>/storage/files/<cloudPath>`; an upload is
 * written to a temporary file, fsync'd and renamed, so a file is either absent or complete.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dirname, extname, join } from 'node:path'
import type { Clock } from '../clock'
import type { AdminBody, AdminReply, AdminService, HttpService } from '../contracts'

/** Largest file accepted by the upload URL. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024
/** Extensions (lower case) that may be uploaded, with the content type served back. */
export const ALLOWED_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
}
/** Lifetime of a temporary URL when the caller gives no `maxAge`, and the longest allowed (seconds). */
export const DEFAULT_URL_SECONDS = 7200
export const MAX_URL_SECONDS = 86400
/** An upload URL must be used within this time. */
export const UPLOAD_URL_MS = 10 * 60 * 1000

export interface LocalStorage {
  readonly admin: AdminService
  readonly http: HttpService
  close(): Promise<void>
  /** Stores a file directly (seed data); returns its fileID. */
  putFile(cloudPath: string, buf: Buffer): Promise<string>
  /** The bytes of a stored file, or undefined. */
  readFile(fileID: string): Promise<Buffer | undefined>
  /** fileID of a cloud path in this env. */
  fileIdOf(cloudPath: string): string
}

let seq = 0
const rid = (): string => `st-${Date.now().toString(36)}-${(seq++).toString(36)}`

class StorageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Cloud paths: relative, no `..`, no characters that break a URL after the SDK's `encodeURI`. */
export function checkCloudPath(p: unknown): string {
  if (typeof p !== 'string' || p.length === 0 || p.length > 850) {
    throw new StorageError('INVALID_PARAM', 'cloudPath must be a non-empty string of at most 850 characters')
  }
  if (
    p.startsWith('/') ||
    p.split('/').some((s) => s === '' || s === '.' || s === '..') ||
    /[\\?#%\u0000-\u001f]/.test(p)
  ) {
    throw new StorageError('INVALID_PARAM', `invalid cloudPath ${JSON.stringify(p)}`)
  }
  const ext = extname(p).toLowerCase()
  if (!ALLOWED_TYPES[ext]) {
    throw new StorageError(
      'INVALID_PARAM',
      `file type ${ext || '(none)'} is not allowed; allowed: ${Object.keys(ALLOWED_TYPES).join(' ')}`,
    )
  }
  return p
}

export async function openStorage(opts: {
  dataDir: string
  clock: Clock
  envId: string
  baseUrl: () => string
}): Promise<LocalStorage> {
  const root = join(opts.dataDir, 'storage')
  const filesDir = join(root, 'files')
  const tmpDir = join(root, 'tmp')
  mkdirSync(filesDir, { recursive: true })
  await rm(tmpDir, { recursive: true, force: true }) // half-written uploads of a killed server
  mkdirSync(tmpDir, { recursive: true })
  // The URL-signing key survives restarts so temporary URLs handed out before a restart keep working.
  const keyPath = join(root, 'url-key')
  if (!existsSync(keyPath)) writeFileSync(keyPath, randomBytes(32).toString('hex'))
  const key = readFileSync(keyPath, 'utf8').trim()
  const bucket = `${opts.envId}-1250000000`
  const prefix = `cloud://${opts.envId}.${bucket}/`
  const uploads = new Map<string, { cloudPath: string; expires: number }>()

  const fileIdOf = (cloudPath: string): string => prefix + cloudPath
  const pathOf = (fileID: unknown): string => {
    if (typeof fileID !== 'string' || !fileID.startsWith(prefix)) {
      throw new StorageError('STORAGE_FILE_NONEXIST', `file not exist: ${String(fileID)}`)
    }
    const cloudPath = fileID.slice(prefix.length)
    try {
      checkCloudPath(cloudPath)
    } catch {
      throw new StorageError('STORAGE_FILE_NONEXIST', `file not exist: ${fileID}`)
    }
    return cloudPath
  }
  const diskPath = (cloudPath: string): string => join(filesDir, ...cloudPath.split('/'))
  const sign = (cloudPath: string, expires: number): string =>
    createHmac('sha256', key).update(`${cloudPath}\n${expires}`).digest('hex').slice(0, 32)

  async function writeDurably(cloudPath: string, chunks: Buffer[] | Buffer): Promise<void> {
    const tmp = join(tmpDir, randomBytes(8).toString('hex'))
    const fh = await open(tmp, 'w')
    try {
      for (const c of Array.isArray(chunks) ? chunks : [chunks]) await fh.write(c, 0, c.length)
      await fh.sync()
    } finally {
      await fh.close()
    }
    const dest = diskPath(cloudPath)
    await mkdir(dirname(dest), { recursive: true })
    await rename(tmp, dest)
  }

  const exists = async (cloudPath: string): Promise<boolean> => {
    try {
      return (await stat(diskPath(cloudPath))).isFile()
    } catch {
      return false
    }
  }

  const actions: Record<string, (body: AdminBody) => Promise<unknown>> = {
    'storage.getUploadMetadata': async (body) => {
      const cloudPath = checkCloudPath(body.path)
      const token = randomBytes(16).toString('hex')
      uploads.set(token, { cloudPath, expires: opts.clock.now() + UPLOAD_URL_MS })
      return {
        url: `${opts.baseUrl()}/_storage/upload/${token}`,
        token: `local-${token}`,
        authorization: 'local',
        fileId: fileIdOf(cloudPath),
        cosFileId: `local-${token}`,
      }
    },
    'storage.batchGetDownloadUrl': async (body) => {
      if (!Array.isArray(body.file_list))
        throw new StorageError('INVALID_PARAM', 'file_list must be an array')
      const list = []
      for (const entry of body.file_list as { fileid?: unknown; max_age?: unknown }[]) {
        const fileID = entry?.fileid
        try {
          const cloudPath = pathOf(fileID)
          if (!(await exists(cloudPath))) throw new StorageError('STORAGE_FILE_NONEXIST', 'file not exist')
          const age = entry.max_age === undefined ? DEFAULT_URL_SECONDS : Number(entry.max_age)
          if (!Number.isInteger(age) || age <= 0)
            throw new StorageError('INVALID_PARAM', 'max_age must be a positive integer')
          const maxAge = Math.min(age, MAX_URL_SECONDS)
          const expires = opts.clock.now() + maxAge * 1000
          // Unencoded: the SDK runs encodeURI over it before downloading (docs/cloudbase-wire.md §7.3).
          const tempFileURL = `${opts.baseUrl()}/_storage/dl/${cloudPath}?t=${expires}&sign=${sign(cloudPath, expires)}`
          list.push({ fileID, tempFileURL, code: 'SUCCESS', maxAge })
        } catch (e) {
          const err = e instanceof StorageError ? e : new StorageError('SYS_ERR', String(e))
          list.push({ fileID, tempFileURL: '', code: err.code, message: err.message })
        }
      }
      return { download_list: list }
    },
    'storage.batchDeleteFile': async (body) => {
      if (!Array.isArray(body.fileid_list))
        throw new StorageError('INVALID_PARAM', 'fileid_list must be an array')
      const list = []
      for (const fileID of body.fileid_list as unknown[]) {
        try {
          const cloudPath = pathOf(fileID)
          await unlink(diskPath(cloudPath))
          list.push({ fileID, code: 'SUCCESS' })
        } catch (e) {
          const code =
            e instanceof StorageError && e.code !== 'STORAGE_FILE_NONEXIST' ? e.code : 'STORAGE_FILE_NONEXIST'
          list.push({ fileID, code, message: 'file not exist' })
        }
      }
      return { delete_list: list }
    },
  }

  const admin: AdminService = {
    async handle(body): Promise<AdminReply | undefined> {
      const fn = actions[body.action]
      if (!fn) return undefined
      try {
        return { data: await fn(body), requestId: rid() }
      } catch (e) {
        if (e instanceof StorageError) return { code: e.code, message: e.message, requestId: rid() }
        throw e
      }
    },
  }

  function cosError(res: ServerResponse, status: number, code: string, message: string): void {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
      `<RequestId>${rid()}</RequestId><TraceId>local</TraceId></Error>`
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) })
    res.end(xml)
  }

  async function upload(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
    const u = uploads.get(token)
    if (!u || u.expires < opts.clock.now()) {
      req.resume()
      return cosError(res, 403, 'AccessDenied', 'Access Denied.')
    }
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    await new Promise<void>((resolve, reject) => {
      req.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_FILE_BYTES) tooLarge = true
        else chunks.push(c)
      })
      req.on('end', resolve)
      req.on('error', reject)
    })
    if (tooLarge)
      return cosError(
        res,
        400,
        'EntityTooLarge',
        `Your proposed upload exceeds the maximum allowed size of ${MAX_FILE_BYTES} bytes.`,
      )
    uploads.delete(token)
    await writeDurably(u.cloudPath, chunks)
    res.writeHead(200, { 'content-length': 0 })
    res.end()
  }

  async function download(res: ServerResponse, url: URL): Promise<void> {
    let cloudPath: string
    try {
      cloudPath = decodeURIComponent(url.pathname.slice('/_storage/dl/'.length))
      checkCloudPath(cloudPath)
    } catch {
      return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.')
    }
    const expires = Number(url.searchParams.get('t'))
    const given = Buffer.from(url.searchParams.get('sign') ?? '')
    const want = Buffer.from(sign(cloudPath, expires))
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      return cosError(res, 403, 'AccessDenied', 'Request has invalid signature.')
    }
    if (!(expires >= opts.clock.now())) return cosError(res, 403, 'AccessDenied', 'Request has expired.')
    let buf: Buffer
    try {
      buf = await readFile(diskPath(cloudPath))
    } catch {
      return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.')
    }
    res.writeHead(200, {
      'content-type': ALLOWED_TYPES[extname(cloudPath).toLowerCase()] ?? 'application/octet-stream',
      'content-length': buf.length,
    })
    res.end(buf)
  }

  const http: HttpService = {
    async serve(req, res, url) {
      if (!url.pathname.startsWith('/_storage/')) return false
      const up = /^\/_storage\/upload\/([0-9a-f]{32})$/.exec(url.pathname)
      if (up && (req.method === 'PUT' || req.method === 'POST')) await upload(req, res, up[1])
      else if (url.pathname.startsWith('/_storage/dl/') && (req.method === 'GET' || req.method === 'HEAD'))
        await download(res, url)
      else cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.')
      return true
    },
  }

  return {
    admin,
    http,
    async close() {
      uploads.clear()
    },
    async putFile(cloudPath, buf) {
      checkCloudPath(cloudPath)
      if (buf.length > MAX_FILE_BYTES) throw new Error(`file larger than ${MAX_FILE_BYTES} bytes`)
      await writeDurably(cloudPath, buf)
      return fileIdOf(cloudPath)
    },
    async readFile(fileID) {
      try {
        return await readFile(diskPath(pathOf(fileID)))
      } catch {
        return undefined
      }
    },
    fileIdOf,
  }
}

/**
 * Serves the H5 build (`dist/h5`) at `/`, falling back to index.html for app routes (browser router mode).
 * Without a build, `/` explains in Chinese how to get one instead of a bare 404.
 */
import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib'
import type { HttpService } from './contracts'

export const H5_DIR = resolve(__dirname, '..', 'dist', 'h5')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

const PREPARING = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>邻里 · 本地云</title>
<style>body{font:16px/1.7 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222}
code{background:#f2f2f2;padding:.1em .4em;border-radius:4px}a{color:#07c160}</style></head>
<body><h1>邻里 · 本地云已启动</h1>
<p>网页版（H5）还没有构建好，可能正在构建中。构建完成后刷新本页即可。</p>
<p>手动构建：在项目目录运行 <code>npm run build:h5</code>，或重新运行 <code>npm start</code>（会自动构建）。</p>
<p>云函数和数据已经可以使用：打开 <a href="/_dev/">开发者控制台</a> 查看演示身份、订阅消息和数据。</p>
<p lang="en" style="color:#666">The H5 build is not ready yet. Run <code>npm run build:h5</code> (or <code>npm start</code>) and reload.</p>
</body></html>`

/** Text worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt'])
const MIN_COMPRESS = 1024

export type Encoding = 'br' | 'gzip'

/**
 * The encoding to send for an `Accept-Encoding` header: brotli when the client takes it (smaller), else
 * gzip, else none. A `q=0` refuses that coding.
 */
export function pickEncoding(header: string | string[] | undefined): Encoding | undefined {
  const accepted = new Map<string, number>()
  for (const part of String(header ?? '')
    .toLowerCase()
    .split(',')) {
    const [name, ...params] = part.trim().split(';')
    if (!name) continue
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean)
    accepted.set(name.trim(), q === undefined ? 1 : Number(q))
  }
  const ok = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (ok('br')) return 'br'
  if (ok('gzip')) return 'gzip'
  return undefined
}

/**
 * Compressed bodies, made once per file version (path, size, mtime) and kept: the build's files never
 * change under a running server except by a rebuild, which gives them new names or a new mtime.
 */
const compressed = new Map<string, Buffer>()

export function compressedBody(file: string, stat: Stats, encoding: Encoding): Buffer {
  const key = `${encoding}:${file}:${stat.size}:${stat.mtimeMs}`
  let body = compressed.get(key)
  if (!body) {
    const raw = readFileSync(file)
    body =
      encoding === 'br'
        ? brotliCompressSync(raw, {
            params: {
              // 9 is within a few percent of 11 at a fraction of the time; done once per file anyway.
              [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          })
        : gzipSync(raw, { level: 9 })
    compressed.set(key, body)
  }
  return body
}

/** statSync, or undefined where existsSync would say false (missing, ENOTDIR, no access…). */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

export function createStaticSite(root: string = H5_DIR): HttpService {
  const base = resolve(root)
  return {
    async serve(req, res, url) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false
      const index = join(base, 'index.html')
      const indexStat = statOrUndefined(index)
      if (!indexStat) {
        if (url.pathname !== '/' && url.pathname !== '/index.html') return false
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        res.end(req.method === 'HEAD' ? undefined : PREPARING)
        return true
      }
      let path: string
      try {
        path = decodeURIComponent(url.pathname)
      } catch {
        return false
      }
      const file = normalize(join(base, path))
      if (file !== base && !file.startsWith(base + sep)) return false
      let target = index
      let targetStat = indexStat
      const fileStat = file !== base ? statOrUndefined(file) : undefined
      if (fileStat?.isFile()) {
        target = file
        targetStat = fileStat
      } else if (extname(path) && !path.endsWith('.html')) return false // a missing asset is a 404, not the app
      const type = TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream'
      // Hashed assets never change; index.html must always be fresh to pick up a new build.
      const cache =
        target === index
          ? 'no-cache'
          : /\.[0-9a-f]{8}\./.test(target)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache'
      const compressible = COMPRESSIBLE.has(extname(target).toLowerCase()) && targetStat.size >= MIN_COMPRESS
      const encoding = compressible ? pickEncoding(req.headers['accept-encoding']) : undefined
      const headers: Record<string, string | number> = {
        'content-type': type,
        'cache-control': cache,
        'x-content-type-options': 'nosniff',
      }
      // Caches must keep the plain and the compressed answer apart.
      if (compressible) headers.vary = 'Accept-Encoding'
      if (encoding) {
        const body = compressedBody(target, targetStat, encoding)
        res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length })
        res.end(req.method === 'HEAD' ? undefined : body)
        return true
      }
      res.writeHead(200, { ...headers, 'content-length': targetStat.size })
      if (req.method === 'HEAD') res.end()
      else createReadStream(target).pipe(res)
      return true
    },
  }
}

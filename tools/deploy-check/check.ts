/**
 * The deployment checklist (部署检查): what a deployer must have configured before the app can work in a real
 * CloudBase environment, read from their environment variables, plus the privacy declarations the app's own
 * code needs (found by scanning src/ for the WeChat APIs that fall under the privacy check). Pure apart from
 * `scanSources`, which only reads files.
 *
 * The privacy guide lives in the admin console, out of reach of a script, so the deployer confirms it:
 * LINLI_PRIVACY_DECLARED lists the categories they declared (e.g. `album,camera,clipboard,calendar`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { FUNCTION_SETTINGS } from '../../cloudfunctions/functions'
import { TemplateKey } from '../../types/messages'

export type Env = Readonly<Record<string, string | undefined>>

export interface Item {
  readonly ok: boolean
  /** What is checked, e.g. `LINLI_ENV_ID（云开发环境 ID）`. */
  readonly label: string
  /** How to fix it (zh-CN), shown when not ok; what was found when ok. */
  readonly detail: string
  /** Optional items never fail the check. */
  readonly optional?: boolean
}

// ---- privacy ------------------------------------------------------------------------------------

export const PRIVACY_CATEGORIES = {
  album: '选中的照片或视频信息（相册）',
  albumWrite: '相册（仅写入）',
  camera: '摄像头',
  clipboard: '剪切板',
  calendar: '日历（仅写入）',
  location: '位置信息',
  phone: '手机号',
  address: '地址',
  file: '选中的文件',
} as const
export type PrivacyCategory = keyof typeof PRIVACY_CATEGORIES

/** WeChat APIs under the privacy check (用户隐私保护指引), by the category to declare for each. */
export const PRIVACY_APIS: Readonly<Record<string, readonly PrivacyCategory[]>> = {
  chooseImage: ['album', 'camera'],
  chooseMedia: ['album', 'camera'],
  chooseVideo: ['album', 'camera'],
  saveImageToPhotosAlbum: ['albumWrite'],
  saveVideoToPhotosAlbum: ['albumWrite'],
  // Not on every version of the platform's list; declaring the camera costs nothing and a missing
  // declaration makes the call fail, so it is treated as needing one.
  scanCode: ['camera'],
  setClipboardData: ['clipboard'],
  getClipboardData: ['clipboard'],
  addPhoneCalendar: ['calendar'],
  addPhoneRepeatCalendar: ['calendar'],
  getLocation: ['location'],
  getFuzzyLocation: ['location'],
  chooseLocation: ['location'],
  startLocationUpdate: ['location'],
  startLocationUpdateBackground: ['location'],
  chooseAddress: ['address'],
  chooseMessageFile: ['file'],
  getPhoneNumber: ['phone'],
}
/** These also need `requiredPrivateInfos` in app.json. */
const NEEDS_REQUIRED_PRIVATE_INFOS = [
  'getLocation',
  'getFuzzyLocation',
  'chooseLocation',
  'startLocationUpdate',
]

export interface PrivacyUse {
  readonly api: string
  readonly files: readonly string[]
}

const API_PATTERN = new RegExp(
  `\\b(?:Taro|wx)\\.(${Object.keys(PRIVACY_APIS)
    .filter((a) => a !== 'getPhoneNumber')
    .join('|')})\\b|open-?[tT]ype=["']getPhoneNumber["']`,
  'g',
)

/** Privacy-relevant API calls in the app's sources, with the files that make them. */
export function findPrivacyUses(sources: ReadonlyMap<string, string>): PrivacyUse[] {
  const byApi = new Map<string, Set<string>>()
  for (const [file, text] of sources) {
    for (const m of text.matchAll(API_PATTERN)) {
      const api = m[1] ?? 'getPhoneNumber'
      if (!byApi.has(api)) byApi.set(api, new Set())
      byApi.get(api)!.add(file)
    }
  }
  return [...byApi.entries()]
    .map(([api, files]) => ({ api, files: [...files].sort() }))
    .sort((a, b) => a.api.localeCompare(b.api))
}

/** Every .ts/.tsx/.js/.jsx file under `dir`, keyed by its path relative to `root`. */
export function scanSources(dir: string, root: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.(t|j)sx?$/.test(name))
        out.set(relative(root, p).split('\\').join('/'), readFileSync(p, 'utf8'))
    }
  }
  walk(dir)
  return out
}

// ---- the checklist ------------------------------------------------------------------------------

/** Which functions read each environment variable (cloudfunctions/functions.ts). */
function functionsReading(variable: string): string[] {
  return Object.entries(FUNCTION_SETTINGS)
    .filter(([, s]) => s.envVariables.includes(variable))
    .map(([name]) => name)
}

const MIN_SETUP_SECRET = 16

/** The APIs `requiredPrivateInfos` lists in the app's config source (src/app.config.ts). */
export function requiredPrivateInfosOf(appConfigSource: string): string[] {
  const m = /requiredPrivateInfos\s*:\s*\[([^\]]*)\]/.exec(appConfigSource)
  return m ? [...m[1].matchAll(/['"]([A-Za-z]+)['"]/g)].map((x) => x[1]) : []
}

export function checklist(
  env: Env,
  privacy: readonly PrivacyUse[],
  requiredPrivateInfos: readonly string[] = [],
): Item[] {
  const items: Item[] = []
  const has = (k: string) => (env[k] ?? '').trim() !== ''

  items.push(
    has('LINLI_ENV_ID')
      ? { ok: true, label: 'LINLI_ENV_ID（云开发环境 ID）', detail: env.LINLI_ENV_ID! }
      : {
          ok: false,
          label: 'LINLI_ENV_ID（云开发环境 ID）',
          detail:
            '未设置。在云开发控制台“环境总览”复制环境 ID，设置 LINLI_ENV_ID=<环境ID>（构建小程序和 npm run provision 都用它）',
        },
  )

  const appid = env.LINLI_APPID?.trim() ?? ''
  items.push(
    /^wx[0-9a-f]{16}$/.test(appid)
      ? { ok: true, label: 'LINLI_APPID（小程序 AppID）', detail: appid }
      : {
          ok: false,
          label: 'LINLI_APPID（小程序 AppID）',
          detail: appid
            ? `“${appid}”不像 AppID（应为 wx 开头的18位，如 wx0123456789abcdef）。请在小程序后台“开发管理 → 开发设置”核对`
            : '未设置。在小程序后台“开发管理 → 开发设置”复制 AppID，设置 LINLI_APPID=<AppID>',
        },
  )

  for (const key of TemplateKey.options) {
    const name = `LINLI_TEMPLATE_${key}`
    const fns = functionsReading(name)
    items.push(
      has(name)
        ? { ok: true, label: `${name}（订阅消息模板 ${key}）`, detail: env[name]! }
        : {
            ok: false,
            label: `${name}（订阅消息模板 ${key}）`,
            detail:
              `未设置。在小程序后台“订阅消息”选用模板，把模板 ID 设为 ${name}` +
              (fns.length ? `，并配到云函数 ${fns.join('、')} 的环境变量` : ''),
          },
    )
  }

  const secret = env.LINLI_SETUP_SECRET ?? ''
  items.push(
    secret.length >= MIN_SETUP_SECRET
      ? {
          ok: true,
          label: 'LINLI_SETUP_SECRET（首次初始化口令）',
          detail: `已设置（${secret.length} 个字符）`,
        }
      : {
          ok: false,
          label: 'LINLI_SETUP_SECRET（首次初始化口令）',
          detail:
            (secret ? `太短（${secret.length} 个字符），至少要 ${MIN_SETUP_SECRET} 个。` : '未设置。') +
            `可用 openssl rand -hex 16 生成，配到云函数 ${functionsReading('LINLI_SETUP_SECRET').join('、') || 'community'} 的环境变量；` +
            '初始化完成（第一位街道工作人员使用了邀请码）后，这个口令就不再起作用',
        },
  )

  // Optional function variables: reported, never failing.
  items.push({
    ok: true,
    optional: true,
    label: 'LINLI_MINIPROGRAM_STATE（订阅消息打开的小程序版本，可选）',
    detail: has('LINLI_MINIPROGRAM_STATE')
      ? env.LINLI_MINIPROGRAM_STATE!
      : '未设置，按 formal（正式版）发送；体验版测试时可设为 trial，配到云函数 outbox 的环境变量',
  })

  const domain = env.LINLI_DOWNLOAD_DOMAIN?.trim() ?? ''
  items.push(
    /^https:\/\/[A-Za-z0-9.-]+\/?$/.test(domain)
      ? {
          ok: true,
          label: 'LINLI_DOWNLOAD_DOMAIN（downloadFile 合法域名）',
          detail: `${domain} —— 请确认已加到小程序后台“开发管理 → 服务器域名 → downloadFile 合法域名”`,
        }
      : {
          ok: false,
          label: 'LINLI_DOWNLOAD_DOMAIN（downloadFile 合法域名）',
          detail:
            (domain ? `“${domain}”格式不对，应为 https://域名。` : '未设置。') +
            '导出的 Excel 从云存储的临时链接下载：在云开发控制台“存储”打开任一文件的下载地址，取 https://… 的域名，' +
            '加到小程序后台“开发管理 → 服务器域名 → downloadFile 合法域名”，再设置 LINLI_DOWNLOAD_DOMAIN=https://<该域名>',
        },
  )

  const declared = new Set(
    (env.LINLI_PRIVACY_DECLARED ?? '')
      .split(/[,，\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  )
  const needed = new Map<PrivacyCategory, string[]>()
  for (const use of privacy)
    for (const cat of PRIVACY_APIS[use.api] ?? []) needed.set(cat, [...(needed.get(cat) ?? []), use.api])
  for (const [cat, apis] of [...needed.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const files = privacy.filter((u) => apis.includes(u.api)).flatMap((u) => u.files)
    const where = `${[...new Set(apis)].join('、')}（${[...new Set(files)].join('、')}）`
    items.push(
      declared.has(cat)
        ? { ok: true, label: `隐私保护指引：${PRIVACY_CATEGORIES[cat]}`, detail: `已声明（用于 ${where}）` }
        : {
            ok: false,
            label: `隐私保护指引：${PRIVACY_CATEGORIES[cat]}`,
            detail:
              `小程序用到 ${where}。请在小程序后台“设置 → 基本设置 → 服务内容声明 → 用户隐私保护指引”声明“${PRIVACY_CATEGORIES[cat]}”，` +
              `否则这些功能会失败；声明后把 ${cat} 加进 LINLI_PRIVACY_DECLARED（逗号分隔）`,
          },
    )
  }
  const located = privacy.filter((u) => NEEDS_REQUIRED_PRIVATE_INFOS.includes(u.api)).map((u) => u.api)
  const unlisted = located.filter((api) => !requiredPrivateInfos.includes(api))
  if (located.length > 0)
    items.push(
      unlisted.length === 0
        ? {
            ok: true,
            label: 'app.json requiredPrivateInfos',
            detail: `已列出 ${located.join('、')}（还须在小程序后台“开发管理 → 接口设置”申请开通）`,
          }
        : {
            ok: false,
            label: 'app.json requiredPrivateInfos',
            detail: `小程序用到 ${unlisted.join('、')}，还须在 app.config.ts 的 requiredPrivateInfos 里列出它们，并在小程序后台申请`,
          },
    )

  return items
}

export function render(items: readonly Item[]): string[] {
  return items.map((i) => `${i.ok ? '✓' : '✗'} ${i.label}${i.ok ? `：${i.detail}` : `\n    → ${i.detail}`}`)
}

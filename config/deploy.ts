/**
 * Which CloudBase environment and AppID a weapp build is for. A release build must name both: without an
 * env id `cloud.init` silently falls back to the account's default environment, and without an AppID
 * DevTools and miniprogram-ci pack for the tourist AppID. So a production weapp build without them fails
 * here, before webpack runs, with a message naming what is missing.
 *
 * Local builds (npm test's simulation, a look in DevTools, `npm run bench -- app-size`) may leave them out:
 * `LINLI_LOCAL=1` or `taro build --type weapp --mode local` (= `npm run build:weapp:local`), and every
 * watch build (NODE_ENV=development). H5 talks HTTP to the local cloud and needs neither.
 */

export interface BuildTarget {
  /** '' for a local or H5 build: the app then calls `cloud.init()` without an env (DevTools' default). */
  envId: string
  /** undefined keeps project.config.json's `touristappid`. */
  appid?: string
}

const APPID = /^wx[0-9a-f]{16}$/i
// CloudBase env ids are letters, digits and hyphens (e.g. `linli-prod-8g3k2x1a0b`).
const ENV_ID = /^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/

export function buildTarget(env: Record<string, string | undefined>, mode: string | undefined): BuildTarget {
  const envId = (env.LINLI_ENV_ID ?? '').trim()
  const appid = (env.LINLI_APPID ?? '').trim()
  if (env.TARO_ENV !== 'weapp') return { envId: '' }
  const local = env.LINLI_LOCAL === '1' || mode === 'local' || env.NODE_ENV === 'development'
  const problems: string[] = []
  if (!envId)
    problems.push(
      'LINLI_ENV_ID 未设置：填云开发环境 ID（云开发控制台 → 环境 → 环境 ID）/ LINLI_ENV_ID is not set: the CloudBase environment id',
    )
  else if (!ENV_ID.test(envId))
    problems.push(`LINLI_ENV_ID="${envId}" 不像环境 ID / does not look like a CloudBase environment id`)
  if (!appid)
    problems.push(
      'LINLI_APPID 未设置：填小程序 AppID（小程序后台 → 开发管理 → 开发设置）/ LINLI_APPID is not set: the mini-program AppID',
    )
  else if (!APPID.test(appid))
    problems.push(`LINLI_APPID="${appid}" 不是 wx 加 16 位的 AppID / is not an AppID (wx + 16 hex digits)`)
  if (problems.length && !local)
    throw new Error(
      [
        '小程序正式构建缺少配置 / the weapp release build is missing its configuration:',
        ...problems.map((p) => `  - ${p}`),
        '例 / e.g.  LINLI_ENV_ID=linli-prod-xxxx LINLI_APPID=wx0123456789abcdef npm run build:weapp',
        '只在本地看看（不能发布）/ local build only (not for release):  npm run build:weapp:local',
      ].join('\n'),
    )
  // A local build keeps what it was given when it is well formed, and ignores the rest.
  return {
    envId: ENV_ID.test(envId) ? envId : '',
    appid: APPID.test(appid) ? appid : undefined,
  }
}

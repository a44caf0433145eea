/**
 * `npm run deploy:check`: prints the deployment checklist (./check.ts) with ✓/✗ and a zh-CN fix for each
 * ✗, and exits non-zero while anything required is missing. Reads environment variables only; touches no
 * network.
 */
import { join, resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import {
  checklist,
  findPrivacyUses,
  PRIVACY_CATEGORIES,
  render,
  requiredPrivateInfosOf,
  scanSources,
  type Env,
} from './check'

export const HELP = `用法：npm run deploy:check

检查部署所需的配置（都从环境变量读取），逐项打印 ✓ / ✗ 和修改办法；有 ✗ 时以非零状态退出。

  LINLI_ENV_ID                云开发环境 ID（小程序构建和 npm run provision 用）
  LINLI_APPID                 小程序 AppID
  LINLI_TEMPLATE_<key>        每个订阅消息模板的 ID（key 见 types/messages.ts），也要配到云函数的环境变量
  LINLI_SETUP_SECRET          首次初始化口令（至少16个字符），配到云函数 community 的环境变量
  LINLI_MINIPROGRAM_STATE     可选：订阅消息打开的版本 developer / trial / formal（默认 formal）
  LINLI_DOWNLOAD_DOMAIN       云存储下载域名 https://…，须加到 downloadFile 合法域名
  LINLI_PRIVACY_DECLARED      已在“用户隐私保护指引”声明的类别，逗号分隔：
                              ${Object.entries(PRIVACY_CATEGORIES)
                                .map(([k, v]) => `${k}=${v}`)
                                .join('\n                              ')}
`

const root = resolve(__dirname, '..', '..')

export function main(argv: readonly string[], env: Env, out: (line: string) => void): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(HELP)
    return 0
  }
  const privacy = findPrivacyUses(scanSources(join(root, 'src'), root))
  const items = checklist(
    env,
    privacy,
    requiredPrivateInfosOf(readFileSync(join(root, 'src', 'app.config.ts'), 'utf8')),
  )
  out('部署检查（配置从环境变量读取）：')
  for (const line of render(items)) out(line)
  const missing = items.filter((i) => !i.ok && !i.optional).length
  out(
    missing === 0
      ? `全部 ${items.length} 项就绪。`
      : `还有 ${missing} 项没有配好（共 ${items.length} 项），按上面 → 后的说明补上后再运行 npm run deploy:check。`,
  )
  return missing === 0 ? 0 : 1
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process.env, (l) => console.log(l))
}

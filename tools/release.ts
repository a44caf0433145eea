/**
 * Releases the built mini-program (dist/weapp) with miniprogram-ci.
 *
 *   npm run release:pack                      offline: pack as an upload would, check package sizes
 *   npm run release:preview -- [options]      upload a preview, save its QR code
 *   npm run release:upload  -- [options]      upload a version (then submit it for review in the admin console)
 *
 * Environment: LINLI_APPID (the mini-program's AppID) and LINLI_UPLOAD_KEY (path to the code-upload key
 * downloaded from 小程序后台 → 开发管理 → 开发设置 → 小程序代码上传; add this machine's IP to its whitelist).
 * Options: --version <x.y.z> (default: package.json's version), --desc <text> (default: the last commit),
 * --robot <1-30> (default 1), --qrcode <file> (preview; default dist/preview-qrcode.jpg), --page <path>.
 *
 * Before anything goes out the build is checked: it must be a release build for this AppID (not a local
 * one), and its packed sizes must fit WeChat's limits, so a refusal comes from here, in words, not from
 * the upload.
 */
import { execSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import * as ci from 'miniprogram-ci'
import { WEAPP_DIR, ciProject, pack, readProjectConfig } from './release-pack'
import { formatReport } from './release-sizes'

const root = resolve(__dirname, '..')
const APPID = /^wx[0-9a-f]{16}$/i

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? argv[i + 1] : undefined
}

function lastCommit(): string {
  try {
    return execSync('git log -1 --format=%h\\ %s', { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim()
  } catch {
    return ''
  }
}

/** Problems that stop an upload, zh-CN + English; empty when the environment and the build are ready. */
export function releaseProblems(env: Record<string, string | undefined>, dir = WEAPP_DIR): string[] {
  const problems: string[] = []
  const appid = (env.LINLI_APPID ?? '').trim()
  const key = (env.LINLI_UPLOAD_KEY ?? '').trim()
  if (!APPID.test(appid))
    problems.push(
      appid
        ? `LINLI_APPID="${appid}" 不是 wx 加 16 位的 AppID / is not an AppID`
        : 'LINLI_APPID 未设置：填小程序 AppID / LINLI_APPID is not set: the mini-program AppID',
    )
  if (!key)
    problems.push(
      'LINLI_UPLOAD_KEY 未设置：填代码上传密钥文件的路径（小程序后台 → 开发管理 → 开发设置 → 小程序代码上传）/ LINLI_UPLOAD_KEY is not set: the path of the code-upload key',
    )
  else if (!existsSync(key)) problems.push(`LINLI_UPLOAD_KEY=${key}：文件不存在 / no such file`)
  if (!existsSync(join(dir, 'app.json'))) {
    problems.push('还没有构建小程序：LINLI_ENV_ID=… LINLI_APPID=… npm run build:weapp / no weapp build yet')
  } else if (APPID.test(appid) && readProjectConfig(dir).appid !== appid) {
    problems.push(
      `dist/weapp 不是为 ${appid} 构建的正式包（是 ${readProjectConfig(dir).appid}）：LINLI_ENV_ID=… LINLI_APPID=${appid} npm run build:weapp 重新构建 / dist/weapp is not a release build for this AppID: rebuild`,
    )
  }
  return problems
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0]
  if (!['pack', 'preview', 'upload'].includes(command ?? '')) {
    console.error(
      '用法 / usage: tsx tools/release.ts pack|preview|upload [--version x] [--desc text] [--robot n]',
    )
    return 2
  }
  if (command !== 'pack') {
    const problems = releaseProblems(process.env)
    if (problems.length) {
      console.error(`不能${command === 'upload' ? '上传' : '预览'} / cannot ${command}:`)
      for (const p of problems) console.error(`  - ${p}`)
      return 1
    }
  }

  console.log('打包并检查大小 / packing dist/weapp as an upload would (offline)…')
  const packed = await pack()
  console.log(formatReport(packed.sizes))
  if (packed.sizes.problems.length) {
    for (const p of packed.sizes.problems) console.error(`  ✗ ${p}`)
    return 1
  }
  console.log('  ✓ 主包、分包均 ≤ 2 MB，总计 ≤ 20 MB / every package within WeChat’s limits')
  if (command === 'pack') return 0

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  const version = flag(argv, 'version') ?? pkg.version
  const desc = (flag(argv, 'desc') ?? lastCommit() ?? `linli ${version}`).slice(0, 200)
  const robot = Number(flag(argv, 'robot') ?? 1)
  const project = ciProject({
    appid: process.env.LINLI_APPID!.trim(),
    privateKeyPath: process.env.LINLI_UPLOAD_KEY!.trim(),
  })
  const common = {
    project,
    version,
    desc,
    robot,
    // project.config.json's settings (ES6 → ES5, enhanced compilation, minify), as the pack above used.
    setting: { useProjectConfig: true },
    onProgressUpdate: () => undefined,
  }
  if (command === 'preview') {
    const qrcode = resolve(flag(argv, 'qrcode') ?? join(root, 'dist', 'preview-qrcode.jpg'))
    const page = flag(argv, 'page')
    const r = await ci.preview({
      ...common,
      qrcodeFormat: 'image',
      qrcodeOutputDest: qrcode,
      ...(page ? { pagePath: page } : {}),
    })
    console.log(`预览二维码 / preview QR code: ${qrcode}`)
    console.log(JSON.stringify(r.subPackageInfo ?? []))
  } else {
    const r = await ci.upload(common)
    console.log(`已上传 ${version}（机器人 ${robot}）/ uploaded ${version} (robot ${robot}): ${desc}`)
    console.log(JSON.stringify(r.subPackageInfo ?? []))
    console.log('下一步：小程序后台 → 版本管理 → 提交审核 / next: submit it for review in the admin console')
  }
  return 0
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    // miniprogram-ci keeps its compiler process alive; leave explicitly.
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e)
      process.exit(1)
    },
  )

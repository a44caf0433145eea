/**
 * `npm run provision -- --env <envId> [--dry-run]`: creates in a CloudBase environment every collection,
 * index and permission of `cloudfunctions/collections.json`. Idempotent: it reads what exists first and
 * creates only what is missing, so a second run changes nothing (and says so) and a run interrupted halfway
 * is completed by running it again. Keys come from the deployer's environment only
 * (TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY, optional TENCENTCLOUD_SESSIONTOKEN), never from a file in
 * the repository. `--dry-run` needs no keys and opens no connection: it prints what an empty environment
 * would get. Which API calls and why: `./cloudbase.ts`.
 */
import { loadManifest, defaultManifestPath } from '../../emulator/db/manifest'
import { cloudbaseApi, type ManagerLike } from './cloudbase'
import { provision, ProvisionInterrupted, type ProvisionApi } from './execute'
import { describeStep, manifestProblems, plan, summarize, type Step } from './plan'

export const HELP = `用法：npm run provision -- --env <环境ID> [--dry-run] [--manifest <路径>]

按 cloudfunctions/collections.json 在云开发环境中创建集合、索引（含唯一索引）和权限（全部为 ADMINONLY：仅云函数可读写）。
已有的不会重复创建；再运行一次不会有改动；中途失败时再运行一次即可从中断处继续。

  --env <环境ID>     云开发环境 ID（不写时用环境变量 LINLI_ENV_ID）
  --dry-run          只列出将要创建的内容（按空环境计算），不需要密钥，不连网络
  --manifest <路径>  集合清单（默认 cloudfunctions/collections.json）
  --help             显示本说明

密钥只从环境变量读取（不要写进任何文件）：
  TENCENTCLOUD_SECRETID      腾讯云 API 密钥 SecretId（腾讯云控制台 → 访问管理 → API 密钥管理）
  TENCENTCLOUD_SECRETKEY     对应的 SecretKey
  TENCENTCLOUD_SESSIONTOKEN  临时密钥的 Token（可选，用临时密钥时才需要）
  TENCENTCLOUD_REGION        环境所在地域（可选，默认 ap-shanghai）
`

export interface CliDeps {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  /** Builds the client for a real run; only called after a dry run has been ruled out. */
  readonly makeApi?: (envId: string, env: CliDeps['env']) => ProvisionApi
}

interface Args {
  envId?: string
  dryRun: boolean
  manifest?: string
  help: boolean
  unknown: string[]
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { dryRun: false, help: false, unknown: [] }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--dry-run') a.dryRun = true
    else if (arg === '--help' || arg === '-h') a.help = true
    else if (arg === '--env') a.envId = argv[++i]
    else if (arg.startsWith('--env=')) a.envId = arg.slice('--env='.length)
    else if (arg === '--manifest') a.manifest = argv[++i]
    else if (arg.startsWith('--manifest=')) a.manifest = arg.slice('--manifest='.length)
    else a.unknown.push(arg)
  }
  return a
}

export function defaultMakeApi(envId: string, env: CliDeps['env']): ProvisionApi {
  // Loaded here, not at the top: a dry run must not even load the network client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node') as typeof import('@cloudbase/manager-node')
  // Typed as the interface the translation needs: tsc checks that the real class provides it.
  const manager: ManagerLike = new CloudBase({
    secretId: env.TENCENTCLOUD_SECRETID,
    secretKey: env.TENCENTCLOUD_SECRETKEY,
    ...(env.TENCENTCLOUD_SESSIONTOKEN ? { token: env.TENCENTCLOUD_SESSIONTOKEN } : {}),
    ...(env.TENCENTCLOUD_REGION ? { region: env.TENCENTCLOUD_REGION } : {}),
    envId,
  })
  return cloudbaseApi(manager, envId)
}

const totals = (steps: readonly Step[]) => {
  const s = summarize(steps)
  return `${s.collections} 个集合、${s.indexes} 个索引（其中 ${s.uniqueIndexes} 个唯一）、${s.permissions} 项权限`
}

export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  const args = parseArgs(argv)
  if (args.help) {
    deps.out(HELP)
    return 0
  }
  if (args.unknown.length > 0) {
    deps.err(`不认识的参数：${args.unknown.join(' ')}\n\n${HELP}`)
    return 2
  }
  const envId = args.envId ?? deps.env.LINLI_ENV_ID
  if (!envId) {
    deps.err(
      `✗ 缺少环境 ID：请写 --env <环境ID>（在云开发控制台“环境总览”可以看到），或设置环境变量 LINLI_ENV_ID\n\n${HELP}`,
    )
    return 2
  }
  const manifestPath = args.manifest ?? defaultManifestPath()
  const manifest = loadManifest(manifestPath)
  const problems = manifestProblems(manifest)
  if (problems.length > 0) {
    for (const p of problems) deps.err(`✗ ${p}`)
    return 1
  }

  if (args.dryRun) {
    const p = plan(manifest, new Map())
    deps.out(`演练（--dry-run）：环境 ${envId}。不连网络、不需要密钥；按空环境列出将要创建的内容：`)
    for (const step of p.steps) deps.out(`+ ${describeStep(step)}`)
    deps.out(`合计：${totals(p.steps)}。已存在的内容在正式运行时会跳过。`)
    return 0
  }

  const missing = ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].filter((k) => !deps.env[k])
  if (missing.length > 0) {
    deps.err(
      `✗ 缺少密钥：请先设置环境变量 ${missing.join('、')}（腾讯云控制台 → 访问管理 → API 密钥管理）。` +
        `密钥只放在环境变量里，不要写进仓库的任何文件。想先看看会创建什么，可以加 --dry-run。`,
    )
    return 2
  }

  const api = (deps.makeApi ?? defaultMakeApi)(envId, deps.env)
  deps.out(`读取环境 ${envId} 的现有集合、索引和权限……`)
  try {
    const p = await provision(api, manifest, (step) => deps.out(`✓ ${describeStep(step)}`))
    for (const c of p.conflicts) deps.err(`✗ ${c.message}`)
    if (p.steps.length === 0 && p.conflicts.length === 0) {
      deps.out(
        `环境 ${envId} 已与清单一致：${manifest.collections.length} 个集合都已就绪，本次没有任何改动。`,
      )
      return 0
    }
    if (p.steps.length > 0) deps.out(`完成：环境 ${envId} 新建了 ${totals(p.steps)}。`)
    return p.conflicts.length > 0 ? 1 : 0
  } catch (err) {
    if (err instanceof ProvisionInterrupted) {
      deps.err(`✗ ${err.message}`)
      deps.err(`已完成的 ${err.done} 步会保留。排除问题后再运行一次同样的命令，会从中断处继续。`)
      return 1
    }
    deps.err(`✗ 无法读取环境 ${envId}：${err instanceof Error ? err.message : String(err)}`)
    deps.err('请检查环境 ID、密钥是否属于这个环境所在的腾讯云账号，以及 TENCENTCLOUD_REGION 是否正确。')
    return 1
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    env: process.env,
    out: (l) => console.log(l),
    err: (l) => console.error(l),
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err)
      process.exit(1)
    },
  )
}

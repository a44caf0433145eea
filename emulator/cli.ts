/**
 * `npm start` and `npm run seed`: the whole product on one machine.
 *
 *   npm start [-- --port 0] [--data-dir DIR] [--no-h5-build]
 *   npm run seed [-- --force] [--data-dir DIR]
 *
 * `start` builds stale functions, starts the local cloud, loads the demo data into an empty database, prints
 * the URL (one line `Linli local cloud: http://127.0.0.1:PORT`, which scripts parse) and the demo identities,
 * then builds the H5 app in the background when it is missing or stale (the page at `/` says so meanwhile).
 * Ctrl-C stops it cleanly; the data stays in the data dir for the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildFunctions } from '../cloudfunctions/build'
import { ROLE_LABEL } from '../types/roles'
import { DEMO_IDENTITIES } from './seed/identities'
import { DEV_TOKEN_FILE, startLocalCloud } from './server'
import { H5_DIR } from './static'

const root = resolve(__dirname, '..')

interface Args {
  command: string
  port: number
  dataDir: string
  h5Build: boolean
  force: boolean
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    command: argv[0] ?? 'start',
    port: Number(process.env.PORT ?? 8080),
    dataDir: process.env.LINLI_DATA_DIR ?? '.data',
    h5Build: process.env.LINLI_SKIP_H5_BUILD !== '1',
    force: false,
  }
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      if (v === undefined) fail(`${a} 缺少取值 / needs a value`)
      return v
    }
    if (a === '--port' || a.startsWith('--port=')) args.port = Number(value())
    else if (a === '--data-dir' || a.startsWith('--data-dir=')) args.dataDir = value()
    else if (a === '--no-h5-build') args.h5Build = false
    else if (a === '--force') args.force = true
    else fail(`未知参数 / unknown option: ${a}`)
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535)
    fail(`端口不正确 / invalid port: ${args.port}`)
  args.dataDir = resolve(args.dataDir)
  return args
}

function fail(message: string): never {
  console.error(`✗ ${message}`)
  process.exit(1)
}

async function start(args: Args): Promise<void> {
  console.log('邻里 Linli · 本地云 / local cloud')
  const t0 = Date.now()
  const built = await buildFunctions()
  console.log(
    built.length
      ? `✓ 已构建云函数 / built functions: ${built.join(', ')} (${Date.now() - t0} ms)`
      : '✓ 云函数已是最新 / functions up to date',
  )

  const cloud = await startLocalCloud({
    dataDir: args.dataDir,
    port: args.port,
    timers: true,
    // One spare runtime per memory size: the first call of a function after a quiet spell skips the SDK's load.
    functions: { spares: 1 },
  })
  let h5: ChildProcess | undefined
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: 正在停止… / stopping…`)
    h5?.kill('SIGTERM')
    await cloud.stop()
    console.log('✓ 已停止，数据已保存 / stopped, data saved')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))

  if (cloud.database.isEmpty()) {
    console.log('… 首次启动，正在加载演示数据 / first start: loading demo data')
    try {
      const { loadDemoData } = await import('./seed')
      const counts = await loadDemoData(cloud)
      console.log(`✓ 演示数据 / demo data: ${summary(counts)}`)
    } catch (err) {
      // The cloud still serves; the data can be reloaded once the seed is fixed.
      console.error(
        `✗ 演示数据加载失败 / demo data failed: ${err instanceof Error ? err.message : String(err)}`,
      )
      console.error('  修复后运行 / after fixing, run: npm run seed -- --force')
    }
  } else console.log(`✓ 使用已有数据 / using existing data in ${args.dataDir}`)

  console.log('')
  console.log(`Linli local cloud: ${cloud.url}`)
  printIdentities()
  console.log(`开发者控制台 / dev console: ${cloud.url}/_dev/#token=${cloud.devToken}`)
  console.log(
    `本地云令牌 / local cloud token: ${join(args.dataDir, DEV_TOKEN_FILE)} (X-Linli-Dev-Token; serviceUrl ${cloud.url}/admin/<token>)`,
  )
  console.log(`数据目录 / data dir: ${args.dataDir}`)
  console.log('按 Ctrl-C 停止 / press Ctrl-C to stop')

  if (args.h5Build && h5Stale()) h5 = buildH5(() => stopping)
  else if (!existsSync(join(H5_DIR, 'index.html')))
    console.log('! 未构建网页版，运行 npm run build:h5 / H5 not built: run npm run build:h5')
}

function printIdentities(): void {
  console.log('')
  console.log('演示身份 / demo identities (网页版登录页可选择，或在请求头 X-WX-OPENID 中使用):')
  const rows = DEMO_IDENTITIES.map((d) => [d.openid, ROLE_LABEL[d.role] ?? d.role, d.name, d.description])
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => displayWidth(r[i]))))
  for (const r of rows)
    console.log(
      `  ${r
        .slice(0, 3)
        .map((c, i) => c + ' '.repeat(widths[i] - displayWidth(c)))
        .join('  ')}  ${r[3]}`,
    )
  console.log('')
}

/** Chinese characters take two columns in a terminal. */
const displayWidth = (s: string): number =>
  [...s].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0)

const summary = (counts: Record<string, number>): string => {
  const entries = Object.entries(counts)
  return entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : '（无 / none）'
}

function newest(path: string): number {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let n = 0
  for (const e of readdirSync(path)) n = Math.max(n, newest(join(path, e)))
  return n
}

function h5Stale(): boolean {
  const index = join(H5_DIR, 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  const sources = Math.max(
    ...['src', 'config', 'types', 'babel.config.js', 'package.json'].map((p) => newest(join(root, p))),
  )
  return sources > built
}

function buildH5(stopping: () => boolean): ChildProcess {
  console.log('… 正在构建网页版（约 30–60 秒），完成前首页会显示“正在准备” / building the H5 app (~30–60 s)')
  const t0 = Date.now()
  const child = spawn('npx', ['taro', 'build', '--type', 'h5'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const progress = setInterval(
    () => console.log(`  … 网页版构建中 / H5 build running (${Math.round((Date.now() - t0) / 1000)} s)`),
    15_000,
  )
  progress.unref()
  const tail: string[] = []
  const keep = (b: Buffer) => {
    tail.push(...b.toString('utf8').split('\n').filter(Boolean))
    if (tail.length > 30) tail.splice(0, tail.length - 30)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.on('exit', (code) => {
    clearInterval(progress)
    if (stopping()) return
    if (code === 0)
      console.log(`✓ 网页版已构建，刷新首页即可 / H5 built in ${Math.round((Date.now() - t0) / 1000)} s`)
    else {
      console.error(`✗ 网页版构建失败 / H5 build failed (exit ${code}); last output:`)
      for (const l of tail) console.error(`  ${l}`)
    }
  })
  return child
}

async function seed(args: Args): Promise<void> {
  const cloud = await startLocalCloud({
    dataDir: args.dataDir,
    port: 0,
    quiet: true,
    functions: false,
    h5Dir: false,
  })
  try {
    if (!cloud.database.isEmpty()) {
      if (!args.force) {
        console.error(`✗ 数据目录已有数据，未做改动。要清空并重新加载，请加 --force：npm run seed -- --force`)
        console.error(
          `  ${args.dataDir} already holds data; nothing changed. Use --force to clear it and reload.`,
        )
        process.exitCode = 1
        return
      }
      let removed = 0
      for (const name of cloud.database.listCollections()) removed += await cloud.db.remove(name, {})
      console.log(`✓ 已清空 / cleared ${removed} documents`)
    }
    const { loadDemoData } = await import('./seed')
    const counts = await loadDemoData(cloud)
    console.log(`✓ 已加载演示数据 / demo data loaded into ${args.dataDir}: ${summary(counts)}`)
  } finally {
    await cloud.stop()
  }
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2))
  const run = args.command === 'start' ? start : args.command === 'seed' ? seed : undefined
  if (!run) fail(`未知命令 / unknown command: ${args.command}（start | seed）`)
  run(args).catch((err: unknown) => {
    console.error('✗', err instanceof Error ? (err.stack ?? err.message) : err)
    process.exit(1)
  })
}

/**
 * Builds one deployable folder per cloud function: `dist/cloudfunctions/<name>/` with the bundled
 * `index.js` (wx-server-sdk left external, as the platform installs it), `package.json` and `config.json`,
 * plus `dist/cloudbaserc.json` listing every function for the CloudBase CLI. config.json and
 * cloudbaserc.json both come from cloudfunctions/functions.ts. Upload the folders with WeChat DevTools, or run
 * `tcb fn deploy --all` in dist/ (which also sets runtime, timeout, memory and environment variables).
 * Rebuilds only stale bundles; the settings files are rewritten every time.
 */
import { build } from 'esbuild'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { readFunctionConfig } from '../emulator/host/config'
import { FUNCTION_NAMES, type FunctionName } from '../types/policy'
import { FUNCTION_SETTINGS, NODE_ENGINES, NODE_TARGET, RUNTIME, cloudbaserc, configJson } from './functions'

const root = resolve(__dirname, '..')
export const functionsOut = join(root, 'dist', 'cloudfunctions')
/** The CLI's framework file; its `functionRoot` is `./cloudfunctions`, beside it. */
export const cloudbasercOut = join(root, 'dist', 'cloudbaserc.json')
const SDK_RANGE = '~4.0.2'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p))
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs)
  }
  return newest
}

/** Newest change to any function's sources: everything under cloudfunctions/ and types/ (tests aside). */
function newestSourceMtime(): number {
  return Math.max(newestMtime(join(root, 'cloudfunctions')), newestMtime(join(root, 'types')))
}

/**
 * True when the function's bundle is missing or older than its sources. `sources` is newestSourceMtime()
 * when the caller already has it (buildFunctions computes it once for all functions).
 */
export function isStale(name: FunctionName, sources?: () => number): boolean {
  const out = join(functionsOut, name, 'index.js')
  if (!existsSync(out)) return true
  const built = statSync(out).mtimeMs
  return (sources ?? newestSourceMtime)() > built
}

export async function buildFunctions(
  opts: { force?: boolean; minify?: boolean } = {},
): Promise<FunctionName[]> {
  const built: FunctionName[] = []
  // Scanned at most once, and only if some bundle exists to compare with (as isStale alone would).
  let sources: number | undefined
  const newestSources = (): number => (sources ??= newestSourceMtime())
  await Promise.all(
    FUNCTION_NAMES.map(async (name) => {
      const srcDir = join(root, 'cloudfunctions', name)
      if (!existsSync(join(srcDir, 'index.ts'))) return
      const outDir = join(functionsOut, name)
      mkdirSync(outDir, { recursive: true })
      writeIfChanged(join(outDir, 'config.json'), json(configJson(FUNCTION_SETTINGS[name])))
      if (!opts.force && !isStale(name, newestSources)) return
      // A function may need packages of its own that cannot be bundled (native bindings, data files read
      // from their package folder): it lists them in its own package.json; they stay external and the
      // platform installs them, like the SDK.
      const own = ownDependencies(srcDir)
      await build({
        entryPoints: [join(srcDir, 'index.ts')],
        bundle: true,
        platform: 'node',
        target: NODE_TARGET,
        format: 'cjs',
        outfile: join(outDir, 'index.js'),
        external: ['wx-server-sdk', ...Object.keys(own)],
        minify: opts.minify ?? true,
        sourcemap: 'inline',
        logLevel: 'warning',
      })
      const pkg = {
        name,
        version: '1.0.0',
        private: true,
        main: 'index.js',
        engines: { node: NODE_ENGINES },
        dependencies: { 'wx-server-sdk': SDK_RANGE, ...own },
      }
      writeFileSync(join(outDir, 'package.json'), json(pkg))
      built.push(name)
    }),
  )
  mkdirSync(functionsOut, { recursive: true })
  writeIfChanged(cloudbasercOut, json(cloudbaserc()))
  return built
}

const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n'

/** Unchanged files keep their mtime, so a running local cloud sees no change where there is none. */
function writeIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return
  writeFileSync(file, text)
}

function ownDependencies(srcDir: string): Record<string, string> {
  const file = join(srcDir, 'package.json')
  if (!existsSync(file)) return {}
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> }
  return pkg.dependencies ?? {}
}

/** A deployable folder is complete when it has its bundle, a package.json naming the SDK, and config.json. */
export function checkDeployable(name: FunctionName): string[] {
  const dir = join(functionsOut, name)
  const problems: string[] = []
  for (const f of ['index.js', 'package.json', 'config.json'])
    if (!existsSync(join(dir, f))) problems.push(`${name}/${f} missing`)
  if (problems.length === 0) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>
    }
    if (!pkg.dependencies?.['wx-server-sdk'])
      problems.push(`${name}/package.json does not depend on wx-server-sdk`)
    if ((pkg as { engines?: { node?: string } }).engines?.node !== NODE_ENGINES)
      problems.push(`${name}/package.json engines.node is not ${NODE_ENGINES} (runtime ${RUNTIME})`)
    // What the local cloud refuses at start: extra keys, more than one trigger, digits in the weekday field.
    try {
      readFunctionConfig({ name, dir })
    } catch (err) {
      problems.push((err as Error).message)
    }
  }
  if (!existsSync(cloudbasercOut)) problems.push('cloudbaserc.json missing')
  else {
    const rc = JSON.parse(readFileSync(cloudbasercOut, 'utf8')) as {
      functions?: Array<{ name: string; runtime?: string; timeout?: number }>
    }
    const entry = rc.functions?.find((f) => f.name === name)
    if (!entry) problems.push(`cloudbaserc.json does not list ${name}`)
    else if (entry.runtime !== RUNTIME || typeof entry.timeout !== 'number')
      problems.push(`cloudbaserc.json: ${name} lacks runtime ${RUNTIME} or a timeout`)
  }
  return problems
}

if (require.main === module) {
  const force = process.argv.includes('--force')
  const t0 = Date.now()
  buildFunctions({ force })
    .then((built) => {
      console.log(
        built.length ? `built ${built.join(', ')} in ${Date.now() - t0} ms` : 'functions up to date',
      )
      const problems = FUNCTION_NAMES.filter((n) =>
        existsSync(join(root, 'cloudfunctions', n, 'index.ts')),
      ).flatMap(checkDeployable)
      if (problems.length) {
        console.error(problems.join('\n'))
        process.exit(1)
      }
    })
    .catch((err: unknown) => {
      console.error(err)
      process.exit(1)
    })
}

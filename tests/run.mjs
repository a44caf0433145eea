#!/usr/bin/env node
/**
 * `npm test`: every suite, in the order their builds allow, ending with one line `N passed, M failed`.
 *   static checks (tsc, eslint, prettier) → unit + integration + app (jest) → function, weapp and H5 builds
 *   → weapp simulation → browser e2e (needs Chromium; without one it is skipped loudly, or fails when
 *   LINLI_REQUIRE_E2E=1).
 * Options: --only <step,step>  --skip <step,step>   (steps: typecheck lint format jest build-functions
 *   build-weapp weapp build-h5 e2e)
 */
import { spawn, execSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const out = join(root, 'test-artifacts')
mkdirSync(out, { recursive: true })
const args = process.argv.slice(2)
const listArg = (flag) => {
  const i = args.indexOf(flag)
  return i >= 0 ? args[i + 1].split(',') : undefined
}
const only = listArg('--only')
const skip = listArg('--skip') ?? []
const wanted = (step) => (!only || only.includes(step)) && !skip.includes(step)

let passed = 0
let failed = 0
let skipped = 0
const failures = []
const failedTests = []
const started = Date.now()

// A suite that hangs must not hang CI: past its limit it is stopped and counted as failed.
const JEST_LIMIT_MS = 25 * 60_000

// Each step runs in a process group of its own so that a hung one can be stopped whole; Ctrl-C and
// SIGTERM therefore have to be passed on to that group by hand.
let current
const killGroup = (child, signal) => {
  try {
    process.kill(-child.pid, signal)
  } catch {
    /* already gone */
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) killGroup(current, signal)
    process.exit(130)
  })
}

function run(cmd, argv, env = {}, limitMs = 0) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
      detached: true,
    })
    current = child
    const timer =
      limitMs > 0
        ? setTimeout(() => {
            console.log(`!! ${cmd} ${argv[0]} still running after ${limitMs / 60000} min: stopping it`)
            killGroup(child, 'SIGKILL')
          }, limitMs)
        : undefined
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer)
      current = undefined
      resolve(signal ? 1 : (code ?? 1))
    })
  })
}

async function check(name, cmd, argv, env) {
  if (!wanted(name)) return true
  const t0 = Date.now()
  console.log(`\n━━ ${name} ━━ ${cmd} ${argv.join(' ')}`)
  const code = await run(cmd, argv, env)
  const secs = ((Date.now() - t0) / 1000).toFixed(1)
  if (code === 0) {
    passed++
    console.log(`✓ ${name} (${secs}s)`)
    return true
  }
  failed++
  failures.push(name)
  console.log(`✗ ${name} failed with exit code ${code} (${secs}s)`)
  return false
}

async function jest(name, projects, env = {}, extra = []) {
  if (!wanted(name)) return true
  const t0 = Date.now()
  const report = join(out, `jest-${name}.json`)
  console.log(`\n━━ ${name} ━━ jest --selectProjects ${projects.join(' ')}`)
  const code = await run(
    'npx',
    [
      'jest',
      '--selectProjects',
      ...projects,
      '--json',
      `--outputFile=${report}`,
      '--ci',
      '--forceExit',
      ...extra,
    ],
    env,
    JEST_LIMIT_MS,
  )
  let counted = false
  if (existsSync(report)) {
    try {
      const r = JSON.parse(readFileSync(report, 'utf8'))
      passed += r.numPassedTests
      failed += r.numFailedTests
      skipped += r.numPendingTests + (r.numTodoTests ?? 0)
      // A suite that failed to load counts as one failure: its tests never ran. Every failure is named again
      // at the very end, because a CI log is often read only from its tail.
      let broken = 0
      for (const suite of r.testResults) {
        const file = relative(root, suite.name)
        if (suite.status === 'failed' && suite.assertionResults.length === 0) {
          broken++
          failedTests.push(`${file} (did not load)`)
        }
        for (const a of suite.assertionResults)
          if (a.status === 'failed') failedTests.push(`${file} › ${a.fullName}`)
      }
      failed += broken
      if (r.numFailedTests || broken) failures.push(`${name} (${r.numFailedTests + broken} failing)`)
      counted = true
    } catch {
      /* fall through */
    }
  }
  if (!counted || (code !== 0 && !failures.some((f) => f.startsWith(name)))) {
    failed++
    failures.push(`${name} (jest exit ${code})`)
  }
  console.log(`${code === 0 ? '✓' : '✗'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`)
  return code === 0
}

function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execSync(`command -v ${name}`, { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim()
    } catch {
      /* next */
    }
  }
  return undefined
}

await check('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])
await check('lint', 'npx', ['eslint', '.', '--max-warnings=0'])
await check('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn'])
await check('build-functions', 'npx', ['tsx', 'cloudfunctions/build.ts', '--force'])
await jest('jest', ['unit', 'integration', 'app'])

// A release-shaped build with a made-up env id and AppID (config/deploy.ts refuses a release build
// without them); tests/weapp/release.test.ts checks they reach app.js and project.config.json, and packs
// the result as an upload would.
const testIdentity = { LINLI_ENV_ID: 'linli-test-env', LINLI_APPID: 'wx0123456789abcdef' }
const weappBuilt = await check('build-weapp', 'npx', ['taro', 'build', '--type', 'weapp'], {
  NODE_ENV: 'production',
  ...testIdentity,
})
if (wanted('weapp') && existsSync(join(root, 'tests/jest/weapp.config.js'))) {
  if (weappBuilt) await jest('weapp', ['weapp'], testIdentity)
}

const chromium = findChromium()
const requireE2e = process.env.LINLI_REQUIRE_E2E === '1'
if (wanted('e2e') || wanted('build-h5')) {
  if (!chromium && wanted('e2e')) {
    const banner = '!'.repeat(78)
    console.log(`\n${banner}\n!! No Chromium found (set CHROMIUM_PATH or install Debian's chromium).`)
    if (requireE2e) {
      console.log('!! LINLI_REQUIRE_E2E=1: the browser suite is required, so this is a failure.')
      failed++
      failures.push('e2e (no Chromium)')
    } else {
      console.log('!! SKIPPING the browser suite. Set LINLI_REQUIRE_E2E=1 to make this a failure.')
    }
    console.log(banner)
  } else {
    const h5Built = await check('build-h5', 'npx', ['taro', 'build', '--type', 'h5'], {
      NODE_ENV: 'production',
    })
    if (h5Built && wanted('e2e') && existsSync(join(root, 'tests/jest/e2e.config.js'))) {
      await jest('e2e', ['e2e'], { CHROMIUM_PATH: chromium }, ['--maxWorkers=1'])
    }
  }
}

const minutes = ((Date.now() - started) / 60000).toFixed(1)
if (failedTests.length) console.log(`\nFailing tests:\n${failedTests.map((t) => `  ✗ ${t}`).join('\n')}`)
console.log(
  `\n${failures.length ? `Failed: ${failures.join(', ')}` : 'All suites passed.'} (${minutes} min${skipped ? `, ${skipped} skipped` : ''})`,
)
const summary = `${passed} passed, ${failed} failed`
if (process.env.LINLI_SUMMARY_FILE) writeFileSync(process.env.LINLI_SUMMARY_FILE, summary + '\n')
console.log(summary)
process.exit(failed ? 1 : 0)

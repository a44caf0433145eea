#!/usr/bin/env node
/**
 * Keeps `npm ci` working when some platform's optional binary cannot be fetched from the registry
 * (today @tarojs/binding 4.2.1 names macOS, Windows and linux-arm64 builds that were never published).
 * `npm install` leaves such a package out of package-lock.json, yet `npm ci` wants it there and refuses
 * the lock as "out of sync". This adds each missing platform package back to the lock with its pinned
 * version and its os/cpu/libc, so `npm ci` skips it on other platforms; an optional dependency on a bare
 * tag (not a version) is dropped from the lock instead.
 *
 * It then lets npm rewrite the lock (`npm install --package-lock-only`), so the file is byte for byte
 * what npm itself writes (its sort order, its dev/optional flags): a later `npm install` on a fresh clone
 * then leaves it untouched. Entries npm keeps once they are in the lock, so this is needed only after an
 * `npm install` that changed package-lock.json:  node tools/complete-lock.mjs
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const lockPath = join(root, 'package-lock.json')
const quiet = ['--no-audit', '--no-fund']

function missingFromLock() {
  const r = spawnSync('npm', ['ci', '--dry-run', ...quiet], { cwd: root, encoding: 'utf8' })
  return [...r.stderr.matchAll(/Missing: (\S+?)@(\S*) from lock file/g)].map((m) => ({
    name: m[1],
    want: m[2],
  }))
}

function platformOf(name) {
  const e = {}
  const os = ['darwin', 'win32', 'android', 'freebsd', 'linux', 'openharmony'].find((o) =>
    name.includes(`-${o}`),
  )
  if (os) e.os = [os]
  const cpus = [
    ['arm64', 'arm64'],
    ['x64', 'x64'],
    ['ia32', 'ia32'],
    ['ppc64', 'ppc64'],
    ['s390x', 's390x'],
    ['riscv64', 'riscv64'],
    ['loong64', 'loong64'],
    ['-arm-', 'arm'],
  ]
  const cpu = cpus.find(([pat]) => `${name}-`.includes(pat))
  if (cpu) e.cpu = [cpu[1]]
  if (/-(gnu|gnueabihf)$/.test(name)) e.libc = ['glibc']
  if (/-(musl|musleabihf)$/.test(name)) e.libc = ['musl']
  return e
}

let added = 0
for (let round = 0; round < 4; round++) {
  const missing = missingFromLock()
  if (missing.length === 0) break
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'))
  const pk = lock.packages
  for (const { name, want } of missing) {
    const parents = Object.entries(pk).filter(([, v]) => {
      const spec = v.optionalDependencies?.[name]
      return spec !== undefined && (!want || spec === want)
    })
    if (parents.length === 0) continue
    const spec = parents[0][1].optionalDependencies[name]
    if (!/^\d+\.\d+\.\d+/.test(spec)) {
      for (const [, v] of parents) {
        delete v.optionalDependencies[name]
        if (Object.keys(v.optionalDependencies).length === 0) delete v.optionalDependencies
      }
      continue
    }
    // A dev-only parent makes the binary dev-only too; npm recomputes these flags, this only saves it a pass.
    const dev = parents.every(([, v]) => v.dev) ? { dev: true } : {}
    const entry = { version: spec, ...dev, optional: true, ...platformOf(name) }
    const top = pk[`node_modules/${name}`]
    if (!top || top.version === spec) pk[`node_modules/${name}`] = entry
    else for (const [k] of parents) pk[`${k ? `${k}/` : ''}node_modules/${name}`] = entry
    added++
  }
  writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n')
}

// Let npm write the file in its own form; it keeps the entries added above and fetches nothing for them.
const normalise = spawnSync('npm', ['install', '--package-lock-only', '--ignore-scripts', ...quiet], {
  cwd: root,
  encoding: 'utf8',
})
if (normalise.status !== 0) {
  process.stderr.write(normalise.stderr)
  process.exit(1)
}

const left = missingFromLock()
console.log(
  left.length ? `still missing: ${left.map((m) => m.name).join(', ')}` : `lock complete (${added} added)`,
)
process.exit(left.length ? 1 : 0)

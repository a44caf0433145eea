/**
 * Sizes of the built mini-program (dist/weapp): the main package (everything outside the subpackage
 * roots) and each subpackage, against WeChat's 2 MB limit per package (our target: main ≤ 1 MB).
 * Run after `npx taro build --type weapp`: `npx tsx bench/app-size.ts [--json]`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const root = resolve(__dirname, '..', 'dist', 'weapp')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

export interface PackageSize {
  name: string
  bytes: number
  files: number
}

export function measure(dir = root): PackageSize[] {
  const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
  const roots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''))
  const all = files(dir)
    .map((p) => relative(dir, p).split('\\').join('/'))
    // Source maps and license notes are not uploaded as code.
    .filter((p) => !p.endsWith('.map') && !p.endsWith('.LICENSE.txt') && p !== 'project.config.json')
  const sizeOf = (list: string[]) => list.reduce((n, p) => n + statSync(join(dir, p)).size, 0)
  const inRoot = (p: string, r: string) => p === r || p.startsWith(`${r}/`)
  const main = all.filter((p) => !roots.some((r) => inRoot(p, r)))
  return [
    { name: 'main', bytes: sizeOf(main), files: main.length },
    ...roots.map((r) => {
      const list = all.filter((p) => inRoot(p, r))
      return { name: r, bytes: sizeOf(list), files: list.length }
    }),
  ]
}

if (require.main === module) {
  const sizes = measure()
  if (process.argv.includes('--json')) console.log(JSON.stringify(sizes))
  else
    for (const s of sizes)
      console.log(`${s.name.padEnd(12)} ${(s.bytes / 1024).toFixed(1).padStart(8)} KB  (${s.files} files)`)
  const main = sizes[0]
  if (main.bytes > 1024 * 1024) {
    console.error(`main package ${(main.bytes / 1024).toFixed(1)} KB is over the 1 MB target`)
    process.exitCode = 1
  }
}

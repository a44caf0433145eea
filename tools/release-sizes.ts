/**
 * Package sizes of a packed mini-program against WeChat's code-package limits. Pure: it takes the packed
 * files (path → bytes, as miniprogram-ci compiles them for upload) and app.json's subpackage roots, so the
 * same rule checks a real pack and the unit test's made-up ones.
 */

export const MB = 1024 * 1024

/** WeChat's limits for a mini-program using subpackages (小程序代码包限制). */
export const LIMITS = { main: 2 * MB, subpackage: 2 * MB, total: 20 * MB } as const

export interface PackageSize {
  /** `__APP__` for the main package, otherwise the subpackage root. */
  name: string
  bytes: number
  files: number
}

export interface SizeReport {
  packages: PackageSize[]
  total: number
  /** zh-CN + English, one per limit exceeded; empty when the pack fits. */
  problems: string[]
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

export function measurePackages(files: Record<string, number>, subpackageRoots: string[]): SizeReport {
  const roots = subpackageRoots.map((r) => r.replace(/^\/+|\/+$/g, ''))
  const inRoot = (p: string, r: string) => p === r || p.startsWith(`${r}/`)
  const main: PackageSize = { name: '__APP__', bytes: 0, files: 0 }
  const subs = new Map(roots.map((r) => [r, { name: r, bytes: 0, files: 0 }]))
  let total = 0
  for (const [path, bytes] of Object.entries(files)) {
    const p = path.replace(/\\/g, '/').replace(/^\.?\//, '')
    const pkg = subs.get(roots.find((r) => inRoot(p, r)) ?? '') ?? main
    pkg.bytes += bytes
    pkg.files += 1
    total += bytes
  }
  const problems: string[] = []
  if (main.bytes > LIMITS.main)
    problems.push(
      `主包 ${kb(main.bytes)}，超过微信上限 2 MB：把页面挪到分包 / main package ${kb(main.bytes)} is over WeChat's 2 MB limit: move pages into a subpackage`,
    )
  for (const s of subs.values())
    if (s.bytes > LIMITS.subpackage)
      problems.push(
        `分包 ${s.name} ${kb(s.bytes)}，超过微信上限 2 MB：再拆一个分包 / subpackage ${s.name} ${kb(s.bytes)} is over WeChat's 2 MB limit: split it`,
      )
  if (total > LIMITS.total)
    problems.push(
      `整个小程序 ${kb(total)}，超过微信上限 20 MB / the whole mini-program, ${kb(total)}, is over WeChat's 20 MB limit`,
    )
  return { packages: [main, ...subs.values()], total, problems }
}

export function formatReport(r: SizeReport): string {
  const rows = r.packages.map(
    (p) => `  ${p.name.padEnd(12)} ${kb(p.bytes).padStart(11)}  ${String(p.files).padStart(4)} files`,
  )
  return [...rows, `  ${'total'.padEnd(12)} ${kb(r.total).padStart(11)}`].join('\n')
}

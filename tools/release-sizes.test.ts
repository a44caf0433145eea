import { LIMITS, MB, measurePackages } from './release-sizes'

const roots = ['pkg-staff', 'pkg-office/']

describe('measurePackages', () => {
  it('puts each file in the subpackage whose root it is under, the rest in the main package', () => {
    const r = measurePackages(
      {
        'app.js': 100,
        'pkg-staff/workbench/index.js': 30,
        'pkg-staff/a.wxml': 20,
        'pkg-office/home/index.js': 7,
        // a sibling whose name starts like a root is not inside it
        'pkg-staff-extra/x.js': 5,
      },
      roots,
    )
    expect(r.packages).toEqual([
      { name: '__APP__', bytes: 105, files: 2 },
      { name: 'pkg-staff', bytes: 50, files: 2 },
      { name: 'pkg-office', bytes: 7, files: 1 },
    ])
    expect(r.total).toBe(162)
    expect(r.problems).toEqual([])
  })

  it('accepts a package of exactly 2 MB and refuses one byte more, naming it', () => {
    expect(measurePackages({ 'app.js': LIMITS.main }, roots).problems).toEqual([])
    const over = measurePackages({ 'app.js': LIMITS.main + 1, 'pkg-office/a.js': 2 * MB + 1 }, roots)
    expect(over.problems).toHaveLength(2)
    expect(over.problems[0]).toMatch(/^主包 .*2 MB.*main package/)
    expect(over.problems[1]).toMatch(/分包 pkg-office .*subpackage pkg-office/)
  })

  it('refuses a total over 20 MB even when every package fits', () => {
    const files: Record<string, number> = { 'app.js': MB }
    const many = Array.from({ length: 11 }, (_, i) => `sub${i}`)
    for (const r of many) files[`${r}/index.js`] = 2 * MB
    const report = measurePackages(files, many)
    expect(report.problems).toHaveLength(1)
    expect(report.problems[0]).toMatch(/20 MB/)
  })
})

import fc from 'fast-check'
import type { Material } from '../../../types/bookings'
import { compareItems, isHighFrequency, matchesKeyword, mergeMaterials } from './items'
import { searchInitials } from './pinyin'

const item = {
  name: '居住证办理',
  keywords: ['暂住证'],
  category: '户籍证照',
  subcategory: '居住登记',
  summary: '外来人员办理居住证',
}

describe('search', () => {
  const it1 = { ...item, pinyin: searchInitials(item.name, item.keywords) }
  it('computes pinyin initials of name and aliases', () => {
    expect(it1.pinyin).toBe('jzzbl zzz')
  })
  it('matches Chinese text and pinyin initials', () => {
    expect(matchesKeyword(it1, '居住证')).toBe(true)
    expect(matchesKeyword(it1, '暂住')).toBe(true)
    expect(matchesKeyword(it1, 'jzz')).toBe(true)
    expect(matchesKeyword(it1, 'JZZ')).toBe(true)
    expect(matchesKeyword(it1, 'zzz')).toBe(true)
    expect(matchesKeyword(it1, '医保')).toBe(false)
    expect(matchesKeyword(it1, 'yb')).toBe(false)
  })
  it('matches pinyin spelled out, of name and aliases', () => {
    expect(matchesKeyword(it1, 'juzhu')).toBe(true)
    expect(matchesKeyword(it1, 'zanzhuzheng')).toBe(true)
    expect(matchesKeyword(it1, 'yibao')).toBe(false)
  })
})

describe('high frequency', () => {
  const now = new Date('2026-03-01T00:00:00Z')
  it('over 500 this year or last year', () => {
    expect(isHighFrequency({ '2026': 501 }, now)).toBe(true)
    expect(isHighFrequency({ '2025': 900, '2026': 20 }, now)).toBe(true)
    expect(isHighFrequency({ '2026': 500 }, now)).toBe(false)
    expect(isHighFrequency({ '2024': 5000 }, now)).toBe(false)
  })
  it('lists high-frequency items first', () => {
    const list = [
      { highFrequency: false, count: 900, pinyin: 'a' },
      { highFrequency: true, count: 10, pinyin: 'b' },
    ].sort(compareItems)
    expect(list[0].highFrequency).toBe(true)
  })
})

describe('mergeMaterials', () => {
  it('brings a shared material once, as both forms, with the larger count', () => {
    const a: Material[] = [{ name: '身份证', form: 'original', count: 1, notes: '' }]
    const b: Material[] = [
      { name: '身份证', form: 'copy', count: 2, notes: 'A4纸' },
      { name: '户口簿', form: 'original', count: 1, notes: '' },
    ]
    expect(mergeMaterials([a, b])).toEqual([
      { name: '身份证', form: 'both', count: 2, notes: 'A4纸' },
      { name: '户口簿', form: 'original', count: 1, notes: '' },
    ])
  })
  it('never loses a material name and never lowers a count', () => {
    const mat = fc.record({
      name: fc.constantFrom('身份证', '户口簿', '照片', '结婚证'),
      form: fc.constantFrom('original' as const, 'copy' as const, 'both' as const),
      count: fc.integer({ min: 1, max: 5 }),
      notes: fc.constantFrom('', '近期', 'A4'),
    })
    fc.assert(
      fc.property(fc.array(fc.array(mat, { maxLength: 5 }), { maxLength: 4 }), (lists) => {
        const merged = mergeMaterials(lists)
        const names = new Set(lists.flat().map((m) => m.name))
        expect(new Set(merged.map((m) => m.name))).toEqual(names)
        expect(merged).toHaveLength(names.size)
        for (const m of lists.flat())
          expect(merged.find((x) => x.name === m.name)!.count).toBeGreaterThanOrEqual(m.count)
      }),
    )
  })
})

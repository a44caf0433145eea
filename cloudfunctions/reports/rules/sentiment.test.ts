import { source, t } from '../../../tests/fixtures/reports'
import { hotspots, longUnresolved, rising, topKey, topTerms, trends } from './sentiment'

describe('sentiment rules', () => {
  test('trends against the previous period and rising categories', () => {
    const list = trends(
      { 环境卫生: 10, 噪声扰民: 3, 公共设施: 5, 养老服务: 2 },
      { 环境卫生: 8, 噪声扰民: 1, 公共设施: 5, 其他: 4 },
    )
    expect(list.map((x) => [x.category, x.count, x.previous, x.change])).toEqual([
      ['环境卫生', 10, 8, 2],
      ['公共设施', 5, 5, 0],
      ['噪声扰民', 3, 1, 2],
      ['养老服务', 2, 0, 2],
      ['其他', 0, 4, -4],
    ])
    expect(list[0].changeRate).toBeCloseTo(0.25)
    expect(list[3].changeRate).toBeNull()
    // 环境卫生 +2 (+25 %), 噪声扰民 +2 (+200 %), 养老服务 +2 from zero; 公共设施 flat.
    expect(rising(list).sort()).toEqual(['养老服务', '噪声扰民', '环境卫生'].sort())
    // +2 but only +10 %: not rising.
    expect(rising(trends({ a: 22 }, { a: 20 }))).toEqual([])
  })

  test('hotspots by block with their top category', () => {
    expect(hotspots(source.demands, 5)).toEqual([
      { blockId: 'b1', committeeId: 'c1', count: 4, topCategory: '环境卫生' },
      { blockId: 'b2', committeeId: 'c1', count: 1, topCategory: '噪声扰民' },
    ])
    expect(topKey({})).toBeNull()
  })

  test('frequent terms skip stop words, single characters and numbers; a text counts a word once', () => {
    const split = (s: string) => s.split(/[\s，。]+/)
    const terms = topTerms(['垃圾 垃圾 清理 我们 3号 的', '垃圾 噪声 123', '噪声 晚上 施工'], split, 3)
    expect(terms).toEqual([
      { term: '垃圾', count: 2 },
      { term: '噪声', count: 2 },
      { term: '3号', count: 1 },
    ])
  })

  test('long-unresolved cases: open and 30 days old at the end of the period', () => {
    expect(longUnresolved(source.demands, t('2026-11-05 09:00')).map((d) => d.id)).toEqual(['D4'])
    expect(longUnresolved(source.demands, t('2026-11-05 08:59'))).toEqual([])
  })
})

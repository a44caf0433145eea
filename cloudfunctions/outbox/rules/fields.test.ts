import { truncateData, truncateValue } from './fields'

describe('subscribe-message field limits', () => {
  it('cuts thing fields to 20 characters with an ellipsis', () => {
    const v = truncateValue('thing1', '楼道里堆满了杂物，消防通道被堵住了，请尽快清理，谢谢')
    expect(Array.from(v)).toHaveLength(20)
    expect(v.endsWith('…')).toBe(true)
  })
  it('leaves short values and format fields alone', () => {
    expect(truncateValue('thing3', '已答复')).toBe('已答复')
    expect(truncateValue('time4', '2026-11-23 14:05')).toBe('2026-11-23 14:05')
  })
  it('cuts phrase to 5 and counts an emoji as one character', () => {
    expect(truncateValue('phrase2', '居民不满意重新办理')).toBe('居民不满意')
    expect(Array.from(truncateValue('thing1', '😀'.repeat(25)))).toHaveLength(20)
  })
  it('collapses line breaks', () => {
    expect(truncateData({ thing1: { value: 'a\n\nb' } })).toEqual({ thing1: { value: 'a b' } })
  })
})

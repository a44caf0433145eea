import { matchesKeyword } from './search'

const chunhui = { name: '春晖社区居委会', address: '明德街道春晖路88号', pinyin: 'chsqjwh' }

describe('matchesKeyword', () => {
  it('matches everything without a keyword', () => {
    expect(matchesKeyword(chunhui, undefined)).toBe(true)
    expect(matchesKeyword(chunhui, '  ')).toBe(true)
  })
  it('matches part of the name or the address', () => {
    expect(matchesKeyword(chunhui, '春晖')).toBe(true)
    expect(matchesKeyword(chunhui, '88号')).toBe(true)
    expect(matchesKeyword(chunhui, '枫林')).toBe(false)
  })
  it('matches pinyin initials, ignoring case', () => {
    expect(matchesKeyword(chunhui, 'CH')).toBe(true)
    expect(matchesKeyword(chunhui, 'fl')).toBe(false)
    expect(matchesKeyword({ ...chunhui, pinyin: undefined }, 'ch')).toBe(false)
  })
})

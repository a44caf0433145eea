import fc from 'fast-check'
import { maskPhone } from './phone'

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
  })
  it('shows nothing for a missing or malformed number', () => {
    expect(maskPhone(undefined)).toBeUndefined()
    expect(maskPhone('')).toBeUndefined()
    expect(maskPhone('12345')).toBeUndefined()
  })
  it('never reveals the middle four digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (p) => {
        const m = maskPhone(p)!
        expect(m).toHaveLength(11)
        expect(m.slice(3, 7)).toBe('****')
      }),
    )
  })
})

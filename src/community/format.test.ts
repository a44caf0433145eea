import { bindingAddress } from './format'

describe('bindingAddress', () => {
  const b = { committeeName: '春晖社区居委会', blockName: '春晖苑一期', building: '1号楼', room: '101' }
  it('says block, building and room', () => {
    expect(bindingAddress(b)).toBe('春晖苑一期 1号楼 101室')
    expect(bindingAddress({ ...b, room: '101室' })).toBe('春晖苑一期 1号楼 101室')
  })
  it('never shows a bare 室 for a binding saved without its address', () => {
    expect(bindingAddress({ ...b, building: '', room: '' })).toBe('春晖苑一期')
    expect(bindingAddress({ ...b, blockName: '', building: '', room: '' })).toBe('春晖社区居委会')
  })
})

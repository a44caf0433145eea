import { maskName, maskText } from './mask'

describe('masking', () => {
  test('phones, rooms, e-mail and self-introduced names are covered; long texts are cut', () => {
    expect(maskText('我叫王秀英，电话13812345678，住3号楼502')).toBe('我叫**，电话****，住3号楼***')
    expect(maskText('联系 wang.xy@example.com')).toBe('联系 ***@***')
    expect(maskText('楼道'.repeat(20))).toHaveLength(31)
  })
  test('names keep the family name only', () => {
    expect(maskName('王秀英')).toBe('王**')
    expect(maskName('欧阳娜娜')).toBe('欧阳**')
    expect(maskName('李')).toBe('*')
    expect(maskName(undefined)).toBe('')
  })
})

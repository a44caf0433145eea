import fc from 'fast-check'
import { diffHousehold, maskPhone, restoreMaskedPhones, suggestClass } from './household'

describe('suggestClass', () => {
  it('suggests C when a member carries a special-group tag and the file is not C yet', () => {
    expect(suggestClass('B', [{ tags: ['独居老人'] }])).toBe('C')
    expect(suggestClass('A', [{ tags: [] }, { tags: ['低保'] }])).toBe('C')
    expect(suggestClass('C', [{ tags: ['失独'] }])).toBeUndefined()
    expect(suggestClass('B', [{ tags: [] }])).toBeUndefined()
  })
})

describe('diffHousehold', () => {
  it('lists exactly the fields whose content changed, ignoring key order', () => {
    const before = {
      class: 'B',
      notes: '',
      members: [{ name: '王', relation: '户主', tags: [] }],
      building: '1号楼',
      room: '101',
      blockId: 'b1',
    }
    const after = { ...before, class: 'C', members: [{ tags: [], relation: '户主', name: '王' }] }
    expect(diffHousehold(before, after)).toEqual([{ field: 'class', before: 'B', after: 'C' }])
  })
  it('finds nothing between a file and itself', () => {
    fc.assert(
      fc.property(
        fc.record({
          notes: fc.string(),
          room: fc.string(),
          members: fc.array(fc.record({ name: fc.string(), tags: fc.array(fc.string()) })),
        }),
        (h) => {
          expect(diffHousehold(h, structuredClone(h))).toEqual([])
        },
      ),
    )
  })
  it('treats an absent channel and undefined alike', () => {
    expect(diffHousehold({ preferredChannel: undefined }, {})).toEqual([])
    expect(diffHousehold({}, { preferredChannel: 'wechat' })).toEqual([
      { field: 'preferredChannel', before: null, after: 'wechat' },
    ])
  })
})

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone(undefined)).toBeUndefined()
  })
  it('never shows the middle digits of any mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (p) => {
        const m = maskPhone(p)!
        expect(m).toHaveLength(11)
        expect(m.slice(3, 7)).toBe('****')
      }),
    )
  })
})

describe('restoreMaskedPhones', () => {
  const stored = [
    { name: '王大爷', phone: '13800001234' },
    { name: '王小明', phone: '13911115678' },
  ]
  it('puts the stored number back for a phone sent back masked, by position or by mask', () => {
    const r = restoreMaskedPhones(
      [
        { name: '王小明', phone: '139****5678' },
        { name: '王大爷', phone: '138****1234' },
      ],
      stored,
    )
    expect(r).toEqual({
      members: [
        { name: '王小明', phone: '13911115678' },
        { name: '王大爷', phone: '13800001234' },
      ],
    })
  })
  it('keeps a new number and an empty one as typed', () => {
    expect(restoreMaskedPhones([{ phone: '13700002222' }, {}], stored)).toEqual({
      members: [{ phone: '13700002222' }, {}],
    })
  })
  it('refuses a masked number that masks nothing stored', () => {
    expect(restoreMaskedPhones([{ phone: '13800001234' }, { phone: '150****0000' }], stored)).toEqual({
      unknownAt: 1,
    })
  })
})

import fc from 'fast-check'
import { maskName, maskPhone, maskText } from './mask'

const FAMILY = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾']
const GIVEN = [...'秀英建国海燕志强丽华桂兰明军淑珍玉梅春生德福晓红卫东宏伟']
const CN = [...'零一二三四五六七八九']
const FULL = (d: string) => String.fromCharCode(0xff10 + Number(d))

const name = fc
  .tuple(
    fc.oneof(fc.constantFrom(...FAMILY), fc.constantFrom('欧阳', '司马', '诸葛')),
    fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 }),
  )
  .map(([f, g]) => f + g.join(''))
const sep = fc.constantFrom('', ' ', '-', ' - ', '　', '—', '.')
/** An 11-digit mobile number as people type it: grouped 3-4-4 or 3-3-5, any separator, half or full width. */
const phone = fc
  .tuple(
    fc.constantFrom('13', '15', '17', '18', '19'),
    fc.stringMatching(/^\d{9}$/),
    sep,
    fc.boolean(),
    fc.boolean(),
  )
  .map(([p, rest, s, full, alt]) => {
    const d = p + rest
    const groups = alt
      ? [d.slice(0, 3), d.slice(3, 6), d.slice(6)]
      : [d.slice(0, 3), d.slice(3, 7), d.slice(7)]
    const typed = groups.join(s)
    return { digits: d, typed: full ? typed.replace(/\d/g, FULL) : typed }
  })
/** An 18-character ID number in digits (last may be X), or read out in Chinese numerals. */
const idNumber = fc
  .tuple(fc.stringMatching(/^[1-6]\d{16}$/), fc.constantFrom('X', 'x', '7'), fc.boolean(), sep)
  .map(([d, last, chinese, s]) => {
    const digits = d + (last === '7' ? '7' : 'X')
    const typed = chinese
      ? [...d].map((c) => CN[Number(c)]).join('') + (last === '7' ? '七' : 'X')
      : d.slice(0, 6) + s + d.slice(6, 14) + s + d.slice(14) + last
    return { digits, typed }
  })
const lead = fc.constantFrom('', '你好，', '麻烦看一下：', '楼道灯坏了。')

/** No run of 4 digits (or numerals) of the original survives, whatever the separators. */
const digitsOf = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[零〇]/g, '0')
    .replace(/[一二三四五六七八九]/g, (c) => String(CN.indexOf(c)))
    .replace(/\D/g, '')
const leaks4 = (masked: string, digits: string) => {
  const out = digitsOf(masked)
  for (let i = 0; i + 4 <= digits.length; i++) if (out.includes(digits.slice(i, i + 4))) return true
  return false
}

describe('maskText (property)', () => {
  it('covers names after 我是/我叫, phones with spaces, dashes or full-width digits, and ID numbers', () => {
    fc.assert(
      fc.property(
        lead,
        fc.constantFrom('我是', '我叫', '我姓', '联系人：'),
        name,
        phone,
        idNumber,
        (l, intro, n, p, id) => {
          const text = `${l}${intro}${n}，电话${p.typed}，身份证${id.typed}，住3号楼2单元502室`
          const out = maskText(text, { max: Infinity })
          expect(out).not.toContain(n)
          expect(out).not.toContain(n.slice(1) || n)
          expect(leaks4(out, p.digits)).toBe(false)
          expect(leaks4(out, id.digits)).toBe(false)
          expect(out).not.toMatch(/502/)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('covers a neighbour’s name the committee knows, anywhere in the text', () => {
    fc.assert(
      fc.property(name, name, lead, (author, neighbour, l) => {
        const text = `${l}隔壁${neighbour}家天天半夜装修，${author}反映`
        const out = maskText(text, { max: Infinity, names: [author, neighbour] })
        expect(out).not.toContain(neighbour)
        expect(out).not.toContain(author)
        expect(out).toContain(maskName(neighbour))
      }),
      { numRuns: 300 },
    )
  })

  it('leaves ordinary words alone and cuts long text', () => {
    expect(maskText('我叫王秀英，电话13812345678，住3号楼502')).toBe('我叫**，电话****，住3号楼***')
    expect(maskText('联系 wang.xy@example.com')).toBe('联系 ***@***')
    expect(maskText('楼道'.repeat(20))).toHaveLength(31)
    expect(maskText('小区东门的垃圾桶满了没人清')).toBe('小区东门的垃圾桶满了没人清')
  })
})

describe('maskName / maskPhone', () => {
  it('keeps the family name only; phones keep the first three and last four digits', () => {
    expect(maskName('王秀英')).toBe('王**')
    expect(maskName('欧阳娜娜')).toBe('欧阳**')
    expect(maskName('李')).toBe('*')
    expect(maskName(undefined)).toBe('')
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone('138 1234 1234')).toBe('138****1234')
    expect(maskPhone('１３８１２３４１２３４')).toBe('138****1234')
    expect(maskPhone(undefined)).toBeUndefined()
  })
})

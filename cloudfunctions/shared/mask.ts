/**
 * Masking (脱敏): the one module every staff list, officer view and export masks personal data with.
 * Residents see their own data unmasked; everyone else sees it through here.
 *
 * Free text is masked after folding full-width characters (１３８…, ＠) to their plain forms, so a phone
 * typed with spaces, dashes or full-width digits, an ID number in digits or Chinese numerals, a door number,
 * a name given after 我是/我叫/我姓, and any name the caller knows to be a resident's are all covered.
 */

/** At most this many characters of a demand's text appear in a list. */
export const EXCERPT_LENGTH = 30

const CN_DIGIT = '零〇一二三四五六七八九幺两壹贰叁肆伍陆柒捌玖'
const SEP = '[\\s\\-–—_.·,，、/]*'
/** 3+ digits with separators between them: phones, ID numbers, rooms, plates. */
const DIGIT_RUN = new RegExp(`\\d(?:${SEP}\\d){2,}(?:${SEP}[xX](?![A-Za-z]))?`, 'g')
/** 3+ Chinese numerals read one by one (一三八…, 五零二): a number spoken digit by digit. */
const CN_RUN = new RegExp(`[${CN_DIGIT}](?:${SEP}[${CN_DIGIT}]){2,}`, 'g')
/** A door or room number even when short: 5室, 12户, 3单元. */
const DOOR = new RegExp(`(?:\\d+|[${CN_DIGIT}十百]+)(?=\\s*(?:室|户|单元|门(?!口)))`, 'g')
/** A name given by its owner or a label: 我是/我叫/我姓/姓名/联系人 + up to three characters. */
const SELF_NAMED = /(我是|我叫|我姓|本人|姓名[:：]?|联系人[:：]?)\s*[\u4e00-\u9fff·]{1,3}/g
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+/g

export interface MaskTextOptions {
  /** Cut to this many characters (after masking); `Infinity` keeps it whole. */
  readonly max?: number
  /** Names known to be residents' (the author's, the committee's): masked wherever they appear. */
  readonly names?: readonly (string | undefined)[]
}

/** Full-width digits, letters, ＠ and the ideographic space folded to plain ones; other punctuation kept. */
const fold = (s: string): string =>
  s.replace(/[\uff10-\uff19\uff20-\uff3a\uff41-\uff5a\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  )

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Free text as staff lists, officer views and exports show it. */
export function maskText(text: string, opts: MaskTextOptions | number = {}): string {
  const { max = EXCERPT_LENGTH, names = [] } = typeof opts === 'number' ? { max: opts } : opts
  let out = fold(text)
  const known = [...new Set(names.filter((n): n is string => !!n && [...n].length >= 2))].sort(
    (a, b) => b.length - a.length,
  )
  if (known.length > 0)
    out = out.replace(new RegExp(known.map((n) => escape(fold(n))).join('|'), 'g'), (m) => maskName(m))
  out = out
    .replace(EMAIL, '***@***')
    .replace(DIGIT_RUN, (m) => '*'.repeat(Math.min(m.replace(/\D/g, '').length, 4)))
    .replace(CN_RUN, '****')
    .replace(DOOR, '*')
    .replace(SELF_NAMED, '$1**')
    .replace(/\s+/g, ' ')
    .trim()
  return [...out].length > max ? `${[...out].slice(0, max).join('')}…` : out
}

/** A person's name as lists show it: the family name and stars (张*, 欧阳**). */
export function maskName(name: string | undefined): string {
  if (!name) return ''
  const chars = [...name]
  if (chars.length <= 1) return '*'
  const keep = chars.length >= 4 ? 2 : 1
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep)
}

/** A phone number as staff see it: 138****1234 (a short or odd number shows only stars). */
export function maskPhone(phone: string | undefined | null): string | undefined {
  if (!phone) return undefined
  const digits = fold(phone).replace(/\D/g, '')
  if (digits.length < 7) return '*'.repeat(Math.max(digits.length, 1))
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}

/**
 * Masking (脱敏) for what officers and exports see: aggregates and case lists without personal data.
 */

/** At most this many characters of a demand's text appear in a list. */
export const EXCERPT_LENGTH = 30

/**
 * A short excerpt with anything that identifies a person covered: runs of 3+ digits (phones, ids, rooms,
 * plates) become `*`, e-mail addresses `***@***`, and a name given after 我叫/姓 is cut.
 */
export function maskText(text: string, max = EXCERPT_LENGTH): string {
  const masked = text
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+/g, '***@***')
    .replace(/\d{3,}/g, (m) => '*'.repeat(Math.min(m.length, 4)))
    .replace(/(我叫|我姓|姓名[:：]?)\s*[\u4e00-\u9fff]{1,3}/g, '$1**')
    .replace(/\s+/g, ' ')
    .trim()
  return masked.length > max ? `${masked.slice(0, max)}…` : masked
}

/** A person's name as exports show it: the family name and a star (张*, 欧阳**). */
export function maskName(name: string | undefined): string {
  if (!name) return ''
  const chars = [...name]
  if (chars.length <= 1) return '*'
  const keep = chars.length >= 4 ? 2 : 1
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep)
}

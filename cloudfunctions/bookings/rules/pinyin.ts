/**
 * Pinyin initials (拼音首字母) for search, computed when an item is saved so the app bundle carries no pinyin
 * dictionary: `居住证` → `jzz`. Name and each alias give one word, space-separated.
 */
import { pinyin } from 'pinyin-pro'

export function initials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

export const searchInitials = (name: string, keywords: readonly string[]): string =>
  [name, ...keywords].map(initials).filter(Boolean).join(' ')

const spelled = new Map<string, string>()
/** Full pinyin without tones or spaces (`居住证` → `juzhuzheng`), kept per text for the instance's life. */
export function fullPinyin(text: string): string {
  let p = spelled.get(text)
  if (p === undefined) {
    p = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
    if (spelled.size < 5000) spelled.set(text, p)
  }
  return p
}

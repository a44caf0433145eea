/**
 * Committee search (搜索居委会): by any part of the name or address, or by pinyin initials (拼音首字母) kept
 * on the committee document (`chsqjwh` for 春晖社区居委会), so an elder who types "ch" finds 春晖.
 */
export interface Searchable {
  readonly name: string
  readonly address: string
  readonly pinyin?: string
}

export function matchesKeyword(c: Searchable, keyword: string | undefined): boolean {
  const k = (keyword ?? '').replace(/\s+/g, '').toLowerCase()
  if (!k) return true
  if (c.name.includes(k) || c.address.includes(k)) return true
  // Everyone types the committee's short name without the common suffix: 春晖 for 春晖社区居委会.
  return /^[a-z]+$/.test(k) && (c.pinyin ?? '').toLowerCase().includes(k)
}

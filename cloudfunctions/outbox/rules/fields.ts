/**
 * WeChat's limits on subscribe-message field values (订阅消息参数值内容限制), by the field's type prefix:
 * thing ≤ 20 characters, phrase ≤ 5, name ≤ 10, character_string / number / letter ≤ 32, symbol ≤ 5,
 * phone_number ≤ 17, car_number ≤ 8; time, date and amount are formats, left as written. A value over
 * its limit makes WeChat refuse the whole message (47003), so it is cut here, with an ellipsis where text.
 */
const LIMITS: Record<string, { max: number; ellipsis: boolean }> = {
  thing: { max: 20, ellipsis: true },
  phrase: { max: 5, ellipsis: false },
  name: { max: 10, ellipsis: false },
  character_string: { max: 32, ellipsis: false },
  number: { max: 32, ellipsis: false },
  letter: { max: 32, ellipsis: false },
  symbol: { max: 5, ellipsis: false },
  phone_number: { max: 17, ellipsis: false },
  car_number: { max: 8, ellipsis: false },
}

export function fieldType(key: string): string {
  return key.replace(/\d+$/, '')
}

/** Characters as WeChat counts them: code points, so an emoji is one. */
export function truncateValue(key: string, value: string): string {
  const limit = LIMITS[fieldType(key)]
  // Line breaks are not shown in a message card; collapse them so the limit is spent on words.
  const flat = value.replace(/\s+/g, ' ').trim()
  if (!limit) return flat
  const chars = Array.from(flat)
  if (chars.length <= limit.max) return flat
  return limit.ellipsis ? chars.slice(0, limit.max - 1).join('') + '…' : chars.slice(0, limit.max).join('')
}

export function truncateData(
  data: Readonly<Record<string, { value: string }>>,
): Record<string, { value: string }> {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, { value: truncateValue(k, String(v?.value ?? '')) }]),
  )
}

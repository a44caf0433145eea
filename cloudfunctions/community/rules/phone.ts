/** Staff lists show a resident's phone masked (手机号脱敏): 138****1234; anything else shows nothing. */
export function maskPhone(phone: string | undefined | null): string | undefined {
  if (!phone || !/^1\d{10}$/.test(phone)) return undefined
  return `${phone.slice(0, 3)}****${phone.slice(7)}`
}

/**
 * The local stand-in for WeChat's content security check (security.msgSecCheck): text containing any of these
 * answers errcode 87014. Deliberately small and obvious, so tests and demos can trigger it on purpose; the
 * real check runs in WeChat.
 */
export const RISKY_WORDS: readonly string[] = [
  '赌博',
  '博彩',
  '毒品',
  '枪支',
  '代开发票',
  '刷单',
  '色情',
  '诈骗',
  '高利贷',
  '违禁测试词',
]

export function findRiskyWord(text: string): string | undefined {
  const normalized = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
  return RISKY_WORDS.find((w) => normalized.includes(w))
}

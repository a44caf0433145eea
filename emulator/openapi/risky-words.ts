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

/**
 * Words for which the v2 check answers `review` (unsure; a person should look): again small and obvious so a
 * test or demo can trigger it on purpose.
 */
export const REVIEW_WORDS: readonly string[] = ['待人工复核测试词', '打架']

export function findReviewWord(text: string): string | undefined {
  const normalized = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
  return REVIEW_WORDS.find((w) => normalized.includes(w))
}

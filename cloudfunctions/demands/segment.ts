/**
 * Chinese word segmentation for the similar-case hint: jieba (结巴分词) through its native Node binding,
 * loaded on the first `similar` of a warm instance (the binding and its dictionary cost ~100 ms that no other
 * action should pay).
 */
import type { Segment } from './rules/public'

let cut: Segment | undefined

export function segmenter(): Segment {
  if (!cut) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba')
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array }
    const jieba = Jieba.withDict(dict)
    cut = (text) => jieba.cut(text, true)
  }
  return cut
}

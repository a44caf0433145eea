/**
 * Chinese word segmentation for the sentiment terms: jieba (结巴分词) through its native Node binding, loaded
 * once per warm instance.
 */
import type { Segment } from './rules/sentiment'

let cut: Segment | undefined

export function segmenter(): Segment {
  if (!cut) {
    // Loaded on first use: the binding and its dictionary cost ~100 ms, which only `sentiment` needs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba')
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array }
    const jieba = Jieba.withDict(dict)
    cut = (text) => jieba.cut(text, true)
  }
  return cut
}

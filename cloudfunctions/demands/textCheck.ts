/**
 * WeChat's content security check (内容安全), version 2: `risky` refuses the text with a message the
 * resident can act on; `review` accepts it and flags it for staff to look at; an error of the check itself
 * (outage, permission change, the resident not seen in two hours) must not lose or block a resident's
 * submission, so it is accepted and flagged `unchecked`.
 */
import type { cloud as Cloud } from '../shared/cloud'
import { invalid } from '../shared/errors'
import { logLine } from '../shared/log'

/** msgSecCheck v2 scenes: 1 profile, 2 comment, 3 forum, 4 social log. A demand is closest to a comment. */
export const SCENE_COMMENT = 2

export type TextVerdict = 'pass' | 'review' | 'unchecked'

export async function checkText(
  cloud: typeof Cloud,
  content: string,
  openid: string,
  path = 'text',
): Promise<TextVerdict> {
  let suggest: unknown
  try {
    const res = (await cloud.openapi.security.msgSecCheck({
      content,
      version: 2,
      scene: SCENE_COMMENT,
      openid,
    } as never)) as { result?: { suggest?: unknown } }
    suggest = res?.result?.suggest
  } catch (err) {
    logLine('warn', {
      fn: 'demands',
      check: 'msgSecCheck',
      error: String((err as { errCode?: number; errMsg?: string })?.errMsg ?? err).slice(0, 300),
    })
    return 'unchecked'
  }
  if (suggest === 'risky') throw invalid(path, '这段话里有不合适的内容，请改一改再提交')
  if (suggest === 'pass') return 'pass'
  return suggest === 'review' ? 'review' : 'unchecked'
}

/**
 * 接收提醒: asking WeChat for subscribe-message grants with the deployment's template ids.
 *
 * The ids come from the functions (`community.alerts`, which reads `LINLI_TEMPLATE_<key>`), never from the
 * app's own keys: a key is not a template WeChat knows. `wx.requestSubscribeMessage` only works from a tap,
 * so pages load the ids before (`preloadAlertIds`) and `requestAlerts` asks at once, without a round trip
 * first. Then `community.subscribe` records what was accepted, which is what the functions count.
 *
 * In the local H5 build there is no WeChat: a plain dialog stands in for WeChat's, and an accepted template
 * is granted in the local cloud's stand-in for WeChat (`/_dev/api/grants`).
 */
import Taro from '@tarojs/taro'
import type { TemplateKey } from '../../types/messages'
import { call, newRequestId } from './api'
import { IS_H5, signedInOpenid } from './session'

let ids: Partial<Record<TemplateKey, string>> = {}
let loading: Promise<void> | undefined

/** Loads the template ids once per app run; a failure is retried on the next call. */
export function preloadAlertIds(): Promise<void> {
  loading ??= call('community', 'alerts', {})
    .then((r) => {
      rememberAlertIds(r.templates)
    })
    .catch(() => {
      loading = undefined
    })
  return loading
}

/** Remembers ids a page already has (from its own `community.alerts` answer). */
export function rememberAlertIds(templates: readonly { key: TemplateKey; id?: string }[]): void {
  // A template the deployment has no id for is never asked for: WeChat would refuse the key.
  for (const t of templates) if (t.id) ids = { ...ids, [t.key]: t.id }
}

/**
 * Call first thing in a tap handler. Resolves with the keys the person accepted (recorded with the
 * functions); declining, an old client or ids not loaded yet resolve with none, silently.
 */
export async function requestAlerts(
  keys: readonly TemplateKey[],
  titles: readonly string[] = [],
): Promise<TemplateKey[]> {
  const wanted = keys.filter((k) => ids[k])
  if (wanted.length === 0) {
    void preloadAlertIds()
    return []
  }
  const tmplIds = wanted.map((k) => ids[k] as string)
  let answer: Record<string, string>
  try {
    answer = IS_H5
      ? await localDialog(tmplIds, titles)
      : ((await Taro.requestSubscribeMessage({ tmplIds } as never)) as unknown as Record<string, string>)
  } catch {
    return []
  }
  const accepted = wanted.filter((k) => answer[ids[k] as string] === 'accept')
  if (accepted.length === 0) return []
  try {
    await call('community', 'subscribe', { accepted, clientRequestId: newRequestId() })
  } catch {
    // WeChat has the grant; the count catches up when the next message is sent.
  }
  return accepted
}

/** The local stand-in for WeChat's dialog (H5 only). */
async function localDialog(tmplIds: string[], titles: readonly string[]): Promise<Record<string, string>> {
  const openid = signedInOpenid()
  const res = await Taro.showModal({
    title: '接收提醒',
    content: `允许“邻里”给您发微信提醒吗？${titles.length ? `\n${titles.join('、')}` : ''}`,
    confirmText: '允许',
    cancelText: '不允许',
  })
  if (!res.confirm || !openid) return Object.fromEntries(tmplIds.map((id) => [id, 'reject']))
  const r = await fetch(`${process.env.TARO_APP_API || ''}/_dev/api/grants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, templateIds: tmplIds }),
  })
  return Object.fromEntries(tmplIds.map((id) => [id, r.ok ? 'accept' : 'reject']))
}

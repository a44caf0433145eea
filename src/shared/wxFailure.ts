import Taro from '@tarojs/taro'

/**
 * What a failed WeChat API call means to the person who tapped:
 * - `cancel`: they closed the picker or the scanner themselves — say nothing;
 * - `denied`: they once refused the permission (album, camera, calendar), so WeChat now fails at once
 *   with `auth deny` (errno 103) and only 设置 can turn it back on;
 * - `privacy`: they have not agreed to the privacy guide (errno 104), so WeChat refuses every API under
 *   the privacy check until they do;
 * - `other`: anything else (out of storage, a busy camera…).
 */
export type WxFailureKind = 'cancel' | 'denied' | 'privacy' | 'other'

export function wxFailureKind(e: unknown): WxFailureKind {
  const r = (e && typeof e === 'object' ? e : {}) as { errMsg?: unknown; errno?: unknown }
  const msg = typeof r.errMsg === 'string' ? r.errMsg : ''
  if (r.errno === 104 || /privacy/i.test(msg)) return 'privacy'
  if (r.errno === 103 || /auth den(y|ied)|authorize:fail/i.test(msg)) return 'denied'
  if (/cancel/i.test(msg)) return 'cancel'
  return 'other'
}

/**
 * Tells the person, in plain words, why `action` (such as 添加照片) did not happen and how to make it
 * work: a refused permission offers 去设置, the privacy guide says where to agree. A cancel stays silent.
 * `permission` names what WeChat asks for (相册, 摄像头, 日历).
 */
export async function explainWxFailure(e: unknown, action: string, permission: string): Promise<void> {
  const kind = wxFailureKind(e)
  if (kind === 'cancel') return
  if (kind === 'denied') {
    const r = await Taro.showModal({
      title: `没能${action}`,
      content: `您之前没有允许“邻里”使用${permission}。点“去设置”，打开${permission}，再回来${action}。`,
      confirmText: '去设置',
      cancelText: '先不用',
    })
    if (r.confirm) await Taro.openSetting().catch(() => undefined)
    return
  }
  if (kind === 'privacy') {
    await Taro.showModal({
      title: `没能${action}`,
      content: `您还没有同意“隐私保护提示”，所以不能${action}。再点一次，在弹出的提示里点“同意并继续”就可以了。`,
      showCancel: false,
      confirmText: '知道了',
    })
    return
  }
  void Taro.showToast({ title: `${action}没有成功，请再试一次`, icon: 'none' })
}

import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { privacyConsent } from '../prefs'
import { IS_H5 } from '../session'
import { ROUTES } from '../routes'
import { focusable } from './Section'

type Resolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void

/** Dismissed with 暂不同意 in this session: ask again on the next visit, not on every page. */
let dismissedThisSession = false

export const PRIVACY_SUMMARY = [
  '为了帮您联系居委会、办理事项，邻里会使用您的姓名、手机号、住址和家庭情况。',
  '这些信息只给您所在社区的工作人员看，用来上门走访、处理诉求和预约办事。',
  '您可以随时在“我的”里查看、更正或导出自己的信息，也可以申请删除。',
]

/**
 * The privacy agreement WeChat requires before a mini-program collects personal data. On weapp the
 * platform asks through `wx.onNeedPrivacyAuthorization` and the agree button must carry
 * `open-type="agreePrivacyAuthorization"`; on H5 it shows once and remembers the answer.
 */
export function PrivacyPrompt() {
  const [open, setOpen] = useState(() => IS_H5 && !privacyConsent.get() && !dismissedThisSession)
  const resolver = useRef<Resolve>()

  const listen = useCallback(() => {
    if (process.env.TARO_ENV !== 'weapp' || typeof wx === 'undefined' || !wx.onNeedPrivacyAuthorization)
      return
    wx.onNeedPrivacyAuthorization((resolve: Resolve) => {
      resolver.current = resolve
      setOpen(true)
    })
  }, [])
  useEffect(listen, [listen])
  // One listener for the whole mini-program: the page being shown takes it over.
  useDidShow(listen)

  const agree = () => {
    privacyConsent.set(new Date().toISOString())
    resolver.current?.({ event: 'agree', buttonId: 'privacy-agree' })
    resolver.current = undefined
    setOpen(false)
  }
  const disagree = () => {
    dismissedThisSession = true
    resolver.current?.({ event: 'disagree' })
    resolver.current = undefined
    setOpen(false)
  }
  const readMore = () => {
    void Taro.navigateTo({ url: ROUTES.privacy })
  }

  const agreeProps = IS_H5 ? {} : { openType: 'agreePrivacyAuthorization', id: 'privacy-agree' }

  return (
    <Popup visible={open} position="bottom" round closeOnOverlayClick={false} onClose={disagree}>
      <View className="privacy-prompt" role="dialog" aria-label="隐私保护提示">
        <View className="privacy-prompt__title">
          <Text>隐私保护提示</Text>
        </View>
        {PRIVACY_SUMMARY.map((line) => (
          <View key={line} className="privacy-prompt__line">
            <Text>{line}</Text>
          </View>
        ))}
        <View className="privacy-prompt__link" onClick={readMore} role="link" {...focusable}>
          <Text>查看《邻里隐私保护说明》</Text>
        </View>
        <View className="privacy-prompt__actions">
          <Button className="privacy-prompt__disagree" fill="outline" size="large" onClick={disagree}>
            暂不同意
          </Button>
          <Button
            className="privacy-prompt__agree"
            type="primary"
            size="large"
            onClick={IS_H5 ? agree : undefined}
            {...(agreeProps as object)}
            {...(IS_H5 ? {} : { onAgreePrivacyAuthorization: agree })}
          >
            同意并继续
          </Button>
        </View>
      </View>
    </Popup>
  )
}

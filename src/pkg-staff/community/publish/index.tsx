import { Image, Input, Switch, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import { call, newRequestId, toastError } from '@/shared/api'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { explainWxFailure } from '@/shared/wxFailure'
import { focusable, optionsOf, PageShell, PageHero, RadioChips } from '@/shared/ui'
import '../../../community/community.scss'

const EXPIRY = optionsOf(['0', '3', '7', '30'] as const, {
  '0': '不过期',
  '3': '3天',
  '7': '7天',
  '30': '30天',
})
type Expiry = (typeof EXPIRY)[number]['value']

/** 发布通知: title, body, up to 9 pictures, pinned, expiry; optionally pushed to followers who agreed. */
export default function Publish() {
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [images, setImages] = useState<string[]>([])
  const [pinned, setPinned] = useState(false)
  const [push, setPush] = useState(true)
  const [expiry, setExpiry] = useState<Expiry>('0')
  const days = Number(expiry)
  const requestId = useRef(newRequestId())

  async function addImages() {
    if (process.env.TARO_ENV !== 'weapp')
      return void Taro.showToast({ title: '请在微信里添加图片', icon: 'none' })
    let picked: Taro.chooseImage.SuccessCallbackResult
    try {
      picked = await Taro.chooseImage({ count: 9 - images.length, sizeType: ['compressed'] })
    } catch (e) {
      return explainWxFailure(e, '添加图片', '相册和摄像头')
    }
    try {
      for (const path of picked.tempFilePaths) {
        const res = await Taro.cloud.uploadFile({
          cloudPath: `notices/${Date.now()}-${Math.random().toString(36).slice(2)}.jpg`,
          filePath: path,
        })
        setImages((l) => [...l, res.fileID].slice(0, 9))
      }
    } catch (e) {
      toastError(e)
    }
  }

  const [sending, send] = useSubmit(async () => {
    const r = await call('community', 'publishNotice', {
      title: title.trim(),
      body: body.trim(),
      images,
      pinned,
      push,
      expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : undefined,
      clientRequestId: requestId.current,
    })
    requestId.current = newRequestId()
    void Taro.showToast({
      title: push ? `已发布，提醒了${r.pushed}位居民` : '已发布',
      icon: 'none',
      duration: 2500,
    })
    setTitle('')
    setBody('')
    setImages([])
  })

  async function publish() {
    if (!title.trim() || !body.trim()) return void Taro.showToast({ title: '请填写标题和正文', icon: 'none' })
    const ok = await Taro.showModal({
      title: '发布通知',
      content: push ? '发布后，关注本社区并同意接收提醒的居民会收到微信提醒。确定发布吗？' : '确定发布吗？',
    })
    if (!ok.confirm) return
    await send()
  }

  return (
    <PageShell className="publish">
      <PageHero title="发布通知" />
      <View className="cm-field">
        <Text className="cm-field__label" id="t-label">
          标题（{title.length}/40）
        </Text>
        <Input
          className="cm-input"
          id="notice-title"
          value={title}
          maxlength={40}
          onInput={(e) => setTitle(e.detail.value)}
          {...({ 'aria-labelledby': 't-label', nativeProps: { 'aria-label': '标题' } } as object)}
        />
      </View>
      <View className="cm-field">
        <Text className="cm-field__label" id="b-label">
          正文
        </Text>
        <Textarea
          className="cm-textarea"
          id="notice-body"
          value={body}
          maxlength={2000}
          onInput={(e) => setBody(e.detail.value)}
          {...({ 'aria-labelledby': 'b-label', nativeProps: { 'aria-label': '正文' } } as object)}
        />
      </View>
      <View className="cm-field">
        <Text className="cm-field__label">图片（{images.length}/9）</Text>
        <View className="cm-chips">
          {images.map((src) => (
            <Image
              key={src}
              src={src}
              style={{ width: '160px', height: '160px' }}
              mode="aspectFill"
              onClick={() => setImages(images.filter((i) => i !== src))}
            />
          ))}
          {images.length < 9 && (
            <View className="cm-chip" {...focusable} role="button" onClick={() => void addImages()}>
              <Text>+ 添加图片</Text>
            </View>
          )}
        </View>
      </View>
      <View className="cm-field">
        <Text className="cm-field__label" id="expiry-label">
          多久后不再显示
        </Text>
        <RadioChips
          labelledBy="expiry-label"
          idPrefix="notice-expiry"
          options={EXPIRY}
          value={expiry}
          onChange={setExpiry}
        />
      </View>
      <View className="cm-field">
        <Text className="cm-field__label">置顶</Text>
        <Switch
          checked={pinned}
          onChange={(e) => setPinned(e.detail.value)}
          {...({ 'aria-label': '置顶', nativeProps: { 'aria-label': '置顶' } } as object)}
        />
      </View>
      <View className="cm-field">
        <Text className="cm-field__label">微信提醒关注的居民</Text>
        <Switch
          checked={push}
          onChange={(e) => setPush(e.detail.value)}
          {...({ 'aria-label': '微信提醒', nativeProps: { 'aria-label': '微信提醒关注的居民' } } as object)}
        />
      </View>
      <Button
        id="notice-publish"
        type="primary"
        size="large"
        block
        loading={sending}
        onClick={() => void publish()}
      >
        发布
      </Button>
    </PageShell>
  )
}

import { Image, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { DEMAND_TAXONOMY, MAX_PHOTOS, type DemandCategory } from '../../../../types/demands'
import { preloadAlertIds, requestAlerts } from '@/shared/alerts'
import { call, newRequestId, toastError } from '@/shared/api'
import { explainWxFailure } from '@/shared/wxFailure'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { FormField, PageShell, PageHero, RadioChips, useFieldErrors } from '@/shared/ui'
import { IS_H5 } from '@/shared/session'
import { detailUrl } from '../../format'
import { PlacePicker, locationOf, type PlaceState } from '../../PlacePicker'
import { SimilarHint } from '../../SimilarHint'
import '../../demands.scss'

interface Photo {
  fileId: string
  preview: string
}

/** Reads a picked file as base64 (H5): the server stores it and answers a file id. */
function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''))
    r.onerror = () => reject(r.error)
    r.readAsDataURL(file)
  })
}

/** 反映问题: category, what happened, up to six photos; then an offer to be told of progress. */
export default function SubmitDemand() {
  const [category, setCategory] = useState<DemandCategory | null>(null)
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<Photo[]>([])
  const [uploading, setUploading] = useState(false)
  // One id per attempt to submit: a retry after a network error cannot create a second demand.
  const requestId = useRef(newRequestId())
  const fileInput = useRef<HTMLInputElement | null>(null)
  const [place, setPlace] = useState<PlaceState>({ kind: 'home' })
  const [visibility, setVisibility] = useState<'private' | 'public'>('private')
  const { errors, check, clear, fromServer } = useFieldErrors(['category', 'text', 'location'])

  async function addPhotosWeapp() {
    let picked: Taro.chooseImage.SuccessCallbackResult
    try {
      picked = await Taro.chooseImage({ count: MAX_PHOTOS - photos.length, sizeType: ['compressed'] })
    } catch (e) {
      return explainWxFailure(e, '添加照片', '相册和摄像头')
    }
    setUploading(true)
    try {
      for (const file of picked.tempFiles) {
        if (file.size > 2 * 1024 * 1024) {
          void Taro.showToast({ title: '照片不能超过2MB', icon: 'none' })
          continue
        }
        // The path comes from the functions: only a photo in the caller's own folder can be attached.
        const slot = await call('demands', 'photoSlot', {
          contentType: /\.png$/i.test(file.path) ? 'image/png' : 'image/jpeg',
          size: file.size,
          clientRequestId: newRequestId(),
        })
        const res = await Taro.cloud.uploadFile({ cloudPath: slot.cloudPath, filePath: file.path })
        setPhotos((p) => [...p, { fileId: res.fileID, preview: file.path }])
      }
    } catch (e) {
      toastError(e)
    } finally {
      setUploading(false)
    }
  }

  async function addPhotosH5(files: FileList | null) {
    if (!files) return
    setUploading(true)
    try {
      for (const file of Array.from(files).slice(0, MAX_PHOTOS - photos.length)) {
        if (file.size > 2 * 1024 * 1024) {
          void Taro.showToast({ title: '照片不能超过2MB', icon: 'none' })
          continue
        }
        const contentBase64 = await fileToBase64(file)
        const res = await call('demands', 'attachPhoto', {
          contentType: file.type as never,
          contentBase64,
          clientRequestId: newRequestId(),
        })
        setPhotos((p) => [...p, { fileId: res.fileId, preview: res.url || URL.createObjectURL(file) }])
      }
    } catch (e) {
      toastError(e)
    } finally {
      setUploading(false)
      if (fileInput.current) fileInput.current.value = ''
    }
  }

  // The ids must be at hand before the tap: WeChat's dialog opens only from the tap itself.
  useEffect(() => void preloadAlertIds(), [])
  const [sending, send] = useSubmit(
    async (category: DemandCategory) => {
      const location = locationOf(place)
      const res = await call('demands', 'submit', {
        category,
        text: text.trim(),
        photos: photos.map((p) => p.fileId),
        ...(location && typeof location === 'object' ? { location } : {}),
        visibility,
        clientRequestId: requestId.current,
      })
      requestId.current = newRequestId()
      void Taro.showToast({ title: `已提交，${res.assigneeName}会尽快回复您`, icon: 'none', duration: 2500 })
      void Taro.redirectTo({ url: `${detailUrl(res.id)}&submitted=1` })
    },
    (e) => {
      // A field the server refused is shown at the field; anything else as before.
      if (!fromServer(e)) toastError(e)
    },
  )

  async function submit() {
    const ok = check({
      category: !category && '请先选择是哪一类问题',
      text: text.trim().length < 5 && '请把情况写清楚，至少5个字',
      location: typeof locationOf(place) === 'string' && (locationOf(place) as string),
    })
    if (!ok || !category) return
    // WeChat only shows its dialog from the tap itself, so ask before the request goes out.
    await offerSubscribe()
    await send(category)
  }

  return (
    <PageShell className="demands-submit">
      <PageHero
        title="反映问题"
        subtitle="您所在片区的块长会在24小时内回复。紧急危险情况请直接打110或119。"
      />

      <FormField name="category" label="1. 是哪一类问题？" required error={errors.category}>
        {(a11y) => (
          <RadioChips
            labelledBy={a11y['aria-labelledby']}
            options={DEMAND_TAXONOMY.map((c) => ({
              value: c.code,
              label: c.label,
              className: 'demand-chip',
            }))}
            value={category}
            onChange={(c) => {
              setCategory(c)
              clear('category')
            }}
          />
        )}
      </FormField>

      <FormField
        name="text"
        label="2. 请说说是什么情况"
        hint={`至少5个字，已写${text.trim().length}/1000字`}
        required
        error={errors.text}
      >
        {(a11y) => (
          <Textarea
            className="demand-textarea"
            value={text}
            maxlength={1000}
            placeholder="比如：3号楼2单元楼道里堆满了杂物，消防通道被堵住了"
            onInput={(e) => {
              setText(e.detail.value)
              if (e.detail.value.trim().length >= 5) clear('text')
            }}
            {...(a11y as object)}
          />
        )}
      </FormField>

      <SimilarHint
        text={text}
        category={category}
        blockId={place.kind === 'block' ? place.blockId : undefined}
      />

      <View className="demand-field">
        <Text className="demand-field__label">3. 拍几张照片（可不拍，最多{MAX_PHOTOS}张）</Text>
        <View className="demand-photos">
          {photos.map((p) => (
            <Image
              key={p.fileId}
              className="demand-photo"
              src={p.preview}
              mode="aspectFill"
              {...({ nativeProps: { alt: '已上传的照片' } } as object)}
            />
          ))}
        </View>
        {photos.length < MAX_PHOTOS &&
          (IS_H5 ? (
            <label className={`demand-file-label ${uploading ? 'demand-file-label--busy' : ''}`}>
              {uploading ? '正在上传…' : '添加照片'}
              <input
                ref={fileInput}
                className="demand-file"
                type="file"
                accept="image/jpeg,image/png,image/webp,image/gif"
                multiple
                disabled={uploading}
                onChange={(e) => void addPhotosH5(e.target.files)}
              />
            </label>
          ) : (
            <Button size="large" disabled={uploading} onClick={() => void addPhotosWeapp()}>
              {uploading ? '正在上传…' : '添加照片'}
            </Button>
          ))}
        {uploading && <Text className="card__meta">正在上传照片…</Text>}
      </View>

      <PlacePicker
        value={place}
        onChange={(p) => {
          setPlace(p)
          clear('location')
        }}
        error={errors.location}
      />

      <FormField
        name="visibility"
        label="5. 给谁看？"
        hint={
          visibility === 'public'
            ? '邻居能看到问题和办理进展，看不到您的姓名、电话和照片；遇到同样问题的邻居可以点“我也遇到了”。'
            : '只有负责的工作人员能看到。'
        }
      >
        {(a11y) => (
          <RadioChips
            labelledBy={a11y['aria-labelledby']}
            idPrefix="visibility"
            options={[
              { value: 'private', label: '只给居委会看' },
              { value: 'public', label: '也让邻居看到' },
            ]}
            value={visibility}
            onChange={setVisibility}
          />
        )}
      </FormField>

      <View className="demand-actions">
        <Button
          className="demand-submit"
          type="primary"
          size="large"
          block
          loading={sending}
          disabled={sending || uploading}
          onClick={() => void submit()}
        >
          提交
        </Button>
      </View>
    </PageShell>
  )
}

/** From the 提交 tap: ask once to be told of replies (one grant, one message — WeChat's rule). */
async function offerSubscribe(): Promise<void> {
  // The local H5 build has no WeChat to ask; the 诉求 tab always shows progress.
  if (IS_H5) return
  await requestAlerts(['demandUpdate'])
}

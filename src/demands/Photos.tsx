import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { DemandDetail } from '../../types/demands'

/** A demand's photos; tapping one opens them all full-screen, as residents and staff both expect. */
export function DemandPhotos({ photos }: { photos: DemandDetail['photos'] }) {
  if (photos.length === 0) return null
  const urls = photos.map((x) => x.url)
  return (
    <View className="demand-photos">
      {photos.map((p) => (
        <Image
          key={p.fileId}
          className="demand-photo"
          src={p.url}
          mode="aspectFill"
          onClick={() => void Taro.previewImage({ urls, current: p.url })}
          {...({ nativeProps: { alt: '诉求照片' } } as object)}
        />
      ))}
    </View>
  )
}

import { Image } from '@tarojs/components'

/** A picture; `alt` empty means decorative (on H5 it reaches the inner <img> through `nativeProps`). */
export function Picture({ src, className, alt = '' }: { src: string; className?: string; alt?: string }) {
  return (
    <Image className={className} src={src} mode="scaleToFill" {...({ nativeProps: { alt } } as object)} />
  )
}

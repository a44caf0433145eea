import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { call, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { PageShell, QueryView } from '@/shared/ui'
import '../org.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'

const STEPS = {
  follow: '① 打开微信 → ② 扫一扫 → ③ 点“关注”',
  bind: '① 打开微信 → ② 扫一扫 → ③ 填房间号，等块长确认',
}

/**
 * 二维码海报, to print and put up: the committee's follow code (at its door, in lifts) or a building's bind
 * code (in the stairwell). Scanning opens the mini-program on the follow or bind page with the scene applied.
 */
export default function PosterPage() {
  const { params } = useRouter()
  const kind = params.kind === 'bind' ? 'bind' : 'follow'
  const query = useQuery(() =>
    call(
      'community',
      'qrCode',
      kind === 'follow'
        ? { kind, committeeId: params.committeeId }
        : { kind, blockId: params.blockId, buildingId: params.buildingId },
    ),
  )

  async function print(url: string) {
    if (IS_H5) return window.print()
    try {
      // On the phone: the image opens full screen, where a long press saves or sends it to the printer.
      await Taro.previewImage({ urls: [url], current: url })
    } catch (e) {
      toastError(e)
    }
  }

  return (
    <PageShell className="poster">
      <QueryView query={query}>
        {(p) => (
          <View>
            <View className="poster__sheet" id="poster-sheet">
              <Text className="poster__title">{p.title}</Text>
              <Text className="poster__subtitle">{p.subtitle}</Text>
              <Image
                id="poster-code"
                className="poster__code"
                src={p.url}
                mode="scaleToFill"
                {...({
                  nativeProps: { alt: `${p.title}的${kind === 'follow' ? '关注' : '绑定'}二维码` },
                } as object)}
              />
              <Text className="poster__steps">{STEPS[kind]}</Text>
            </View>
            <View className="org-actions no-print">
              <Button id="poster-print" type="primary" size="large" onClick={() => void print(p.url)}>
                {IS_H5 ? '打印海报' : '保存图片去打印'}
              </Button>
            </View>
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

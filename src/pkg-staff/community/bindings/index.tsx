import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { call, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, PageHero } from '@/shared/ui'
import { shortDate } from '../../../community/format'
import '../../../community/community.scss'

/** 确认家庭绑定: residents who said they live in my blocks; I know them, so I confirm or decline. */
export default function Bindings() {
  const query = useQuery(() => call('community', 'pendingBindings', {}))
  async function decide(residentOpenid: string, householdId: string, decision: 'confirm' | 'decline') {
    if (decision === 'decline') {
      const ok = await Taro.showModal({
        title: '不通过',
        content: '确定这位居民不住在这户吗？',
        confirmText: '不通过',
      })
      if (!ok.confirm) return
    }
    try {
      await call('community', 'confirmBinding', { residentOpenid, householdId, decision })
      void Taro.showToast({ title: decision === 'confirm' ? '已确认' : '已标记不通过', icon: 'success' })
      await query.reload()
    } catch (e) {
      toastError(e)
    }
  }
  return (
    <PageShell className="bindings">
      <PageHero title="确认家庭绑定" subtitle="请核对是不是这户的家人，确认后他们能看到自家档案。" />
      <QueryView query={query}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title="没有等待确认的绑定" actionText="刷新" onAction={() => void query.reload()} />
          ) : (
            <View>
              {items.map((b) => (
                <View key={`${b.residentOpenid}-${b.householdId}`} className="card binding-card">
                  <Text className="card__title">
                    {b.blockName} {b.building}
                    {b.room}室
                  </Text>
                  <Text className="card__meta">
                    申请人：{b.residentName ?? '未填姓名'}
                    {b.phoneMasked ? ` · ${b.phoneMasked}` : ''} · {shortDate(b.requestedAt)}
                  </Text>
                  {b.headName && <Text className="card__body">档案户主：{b.headName}</Text>}
                  <View className="cm-actions">
                    <Button
                      size="large"
                      onClick={() => void decide(b.residentOpenid, b.householdId, 'decline')}
                    >
                      不通过
                    </Button>
                    <Button
                      size="large"
                      type="primary"
                      className="binding-confirm"
                      onClick={() => void decide(b.residentOpenid, b.householdId, 'confirm')}
                    >
                      确认
                    </Button>
                  </View>
                </View>
              ))}
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}

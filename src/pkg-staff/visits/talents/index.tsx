import { Text, View } from '@tarojs/components'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, PageHero } from '@/shared/ui'
import { day } from '@/visits/format'
import '../../../visits/visits.scss'

/** 能人库: capable residents found on visits, who agreed to help; phones masked. */
export default function Talents() {
  const query = useQuery(() => call('visits', 'talents', {}), { refreshOnShow: true })
  return (
    <PageShell className="visits-talents">
      <PageHero title="能人库" subtitle="走访中发现、本人同意登记的热心能人" />
      <QueryView query={query}>
        {(d) =>
          d.items.length === 0 ? (
            <EmptyState title="还没有登记能人" description="走访时勾选“发现能人”并征得本人同意即可登记。" />
          ) : (
            <View>
              {d.items.map((t) => (
                <View key={t.id} className="card">
                  <Text className="card__title">
                    {t.name} · {t.skills.join('、')}
                  </Text>
                  {t.phone && <Text className="card__meta">电话：{t.phone}</Text>}
                  {t.note && <Text className="card__meta">{t.note}</Text>}
                  <Text className="visits-line">{day(t.consentAt)} 本人同意登记</Text>
                </View>
              ))}
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}

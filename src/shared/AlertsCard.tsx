import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { TemplateKey } from '../../types/messages'
import { ROLE_LABEL } from '../../types/roles'
import { rememberAlertIds, requestAlerts } from './alerts'
import { call } from './api'
import { useQuery } from './hooks/useQuery'
import { QueryView, Section } from './ui'
import './AlertsCard.scss'

/** How a template's state reads: on/off for a long-term one, a count for a one-time one. */
function stateText(t: { kind: 'once' | 'long'; remaining: number }): string {
  if (t.kind === 'long') return t.remaining > 0 ? '已开启' : '还没开启'
  return t.remaining > 0 ? `还可接收 ${t.remaining} 条提醒` : '现在收不到提醒'
}

/**
 * 接收提醒: one clear button that asks WeChat for the alerts this person's work needs, with each alert's
 * state. A committee admin also sees which colleagues a new demand's alert cannot reach now.
 */
export function AlertsCard({
  keys,
  showUnreachable = false,
}: {
  keys: readonly TemplateKey[]
  showUnreachable?: boolean
}) {
  const [busy, setBusy] = useState(false)
  const query = useQuery(async () => {
    const r = await call('community', 'alerts', {})
    rememberAlertIds(r.templates)
    return r
  })

  async function accept(titles: string[]) {
    setBusy(true)
    try {
      // First thing in the tap: WeChat only shows its dialog from a tap.
      await requestAlerts(keys, titles)
      await query.reload()
    } finally {
      setBusy(false)
    }
  }

  return (
    <Section title="接收提醒">
      <QueryView query={query} skeletonRows={2}>
        {(data) => {
          // A template this deployment has not set up yet cannot be asked for, so it is not listed.
          const mine = data.templates.filter((t) => keys.includes(t.key) && t.id)
          if (mine.length === 0)
            return (
              <View className="card alerts-card" id="alerts-card">
                <Text>微信提醒还没有开通，请联系街道管理员。</Text>
              </View>
            )
          const allOn = mine.every((t) => t.remaining > 0)
          return (
            <View className="card alerts-card" id="alerts-card">
              <Text className="card__title">
                {allOn ? '微信提醒已开启' : '开启微信提醒，有事第一时间知道'}
              </Text>
              {mine.map((t) => (
                <View key={t.key} className="alerts-card__row" id={`alert-${t.key}`}>
                  <Text>{t.title}：</Text>
                  <Text className={t.remaining > 0 ? 'alerts-card__on' : 'alerts-card__off'}>
                    {stateText(t)}
                  </Text>
                </View>
              ))}
              <Button
                id="alerts-accept"
                type="primary"
                block
                loading={busy}
                disabled={busy}
                onClick={() => void accept(mine.map((t) => t.title))}
              >
                {allOn ? '接收提醒（已开启，可再确认）' : '接收提醒'}
              </Button>
              {showUnreachable && (
                <View className="alerts-card__team" id="alerts-unreachable">
                  {data.unreachable.length === 0 ? (
                    <Text>本居委会的工作人员都能收到新诉求提醒。</Text>
                  ) : (
                    <Text>
                      这些同事现在收不到新诉求提醒，请提醒他们在工作台点“接收提醒”：
                      {data.unreachable.map((s) => `${s.name}（${ROLE_LABEL[s.role]}）`).join('、')}
                    </Text>
                  )}
                </View>
              )}
            </View>
          )
        }}
      </QueryView>
    </Section>
  )
}

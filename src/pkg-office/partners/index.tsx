import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import { call, newRequestId, toastError } from '@/shared/api'
import { when } from '@/demands/format'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { EmptyState, PageHero, PageShell, QueryView, Section } from '@/shared/ui'
import type { PartnerCallView, PartnerView } from '../../../types/open311'
import './index.scss'

/**
 * 合作方密钥: the keys that let a partner (12345 热线、区里的看板) file and read demands through the Open311
 * interface. Issue one with the partner's name (the key is shown once, to copy into their system), revoke it
 * with a confirmation, and see each partner's recent calls.
 */
export default function PartnersPage() {
  const [name, setName] = useState('')
  const [issued, setIssued] = useState<{ name: string; key: string | null } | null>(null)
  const [calls, setCalls] = useState<{ id: string; items: PartnerCallView[] } | null>(null)

  const query = useQuery(() => call('open311', 'partners', {}).then((r) => r.items), { refreshOnShow: true })
  const load = () => query.reload()

  const [nameError, setNameError] = useState('')
  const [issuing, issue] = useSubmit(async () => {
    // Checked on the tap, with the reason beside the field, rather than a greyed-out button nobody can read.
    if (name.trim().length < 2) {
      setNameError('请先填写合作方名称，至少两个字')
      return
    }
    setNameError('')
    const r = await call('open311', 'issueKey', { name, clientRequestId: newRequestId() })
    setIssued({ name: r.partner.name, key: r.key })
    setName('')
    await load()
  })

  const revoke = async (p: PartnerView) => {
    const ok = await Taro.showModal({
      title: '撤销密钥',
      content: `撤销后「${p.name}」马上不能再提交诉求，确定撤销吗？`,
      confirmText: '撤销',
      cancelText: '不撤销',
    })
    if (!ok.confirm) return
    try {
      await call('open311', 'revokeKey', { id: p.id })
      await load()
    } catch (e) {
      toastError(e)
    }
  }

  const showCalls = async (p: PartnerView) => {
    try {
      const r = await call('open311', 'partnerCalls', { id: p.id })
      setCalls({ id: p.id, items: r.items })
    } catch (e) {
      toastError(e)
    }
  }

  return (
    <PageShell className="partners">
      <PageHero title="合作方密钥" subtitle="12345 热线等合作方凭密钥向本街道提交和查询诉求" />
      <Section title="发放新密钥">
        <View className="card">
          <Text className="partner__label">合作方名称</Text>
          <Input
            aria-label="合作方名称"
            className="partner__input"
            value={name}
            placeholder="合作方名称，例如：区12345热线"
            maxlength={40}
            onInput={(e) => setName(e.detail.value)}
          />
          {nameError && <Text className="partner__error warn">{nameError}</Text>}
          <Button
            type="primary"
            size="large"
            className="partner-issue"
            loading={issuing}
            disabled={issuing}
            onClick={() => void issue()}
          >
            发放密钥
          </Button>
          {issued && (
            <View aria-live="polite">
              {issued.key ? (
                <>
                  <Text className="partner__meta">
                    「{issued.name}」的密钥只显示这一次，请复制后交给对方：
                  </Text>
                  <Text className="partner__key" userSelect>
                    {issued.key}
                  </Text>
                  <Button
                    size="large"
                    onClick={() => void Taro.setClipboardData({ data: issued.key! }).catch(toastError)}
                  >
                    复制密钥
                  </Button>
                </>
              ) : (
                <Text className="warn">这把密钥已经发过，无法再次显示；如果没有记下，请撤销后重新发放。</Text>
              )}
            </View>
          )}
        </View>
      </Section>
      <Section title="已发放的密钥">
        <QueryView query={query} skeletonRows={2}>
          {(items: PartnerView[]) =>
            items.length === 0 ? (
              <EmptyState title="还没有合作方" description="发放密钥后，合作方就能通过开放接口提交诉求" />
            ) : (
              items.map((p) => (
                <View key={p.id} className="card partner">
                  <Text className="partner__name">{p.name}</Text>
                  <Text className="partner__meta">
                    密钥 {p.keyPrefix}… · {p.createdByName} 于 {when(p.createdAt)} 发放
                  </Text>
                  <Text className={p.revoked ? 'partner__meta warn' : 'partner__meta'}>
                    {p.revoked ? `已于 ${when(p.revokedAt!)} 撤销` : '使用中'} · 共调用 {p.calls} 次
                    {p.lastUsedAt ? `，最近一次 ${when(p.lastUsedAt)}` : ''}
                  </Text>
                  <View className="actions">
                    <Button size="large" onClick={() => void showCalls(p)}>
                      调用记录
                    </Button>
                    {!p.revoked && (
                      <Button size="large" className="partner__revoke" onClick={() => void revoke(p)}>
                        撤销
                      </Button>
                    )}
                  </View>
                  {calls?.id === p.id &&
                    (calls.items.length === 0 ? (
                      <Text className="partner__meta">还没有调用记录</Text>
                    ) : (
                      calls.items.map((c, i) => (
                        <Text key={i} className={c.status >= 400 ? 'call warn' : 'call'}>
                          {when(c.at)} {c.method} {c.path.replace(/^.*\/v2\//, '')} → {c.status}
                          {c.error ? `（${c.error}）` : ''}
                        </Text>
                      ))
                    ))}
                </View>
              ))
            )
          }
        </QueryView>
      </Section>
    </PageShell>
  )
}

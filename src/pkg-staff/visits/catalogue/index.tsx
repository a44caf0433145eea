import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { CatalogueItem, DueStatus } from '../../../../types/visits'
import { CLASS_LABEL, STATUS_LABEL } from '../../../../types/visits'
import { ApiFailure, call, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { EmptyState, focusable, PageShell, QueryView, Section, Tile, PageHero } from '@/shared/ui'
import { day, relative } from '@/visits/format'
import { dropDraft, loadDrafts, type RecordDraft } from '../drafts'
import { householdUrl } from '../nav'
import '../../../visits/visits.scss'

const FILTERS: { key: 'all' | DueStatus; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'overdue', label: '已逾期' },
  { key: 'never', label: '从未走访' },
  { key: 'dueThisWeek', label: '本周到期' },
]

/** 走访目录: who to visit — never visited and overdue first — and this week's visits against the target. */
export default function Catalogue() {
  const [filter, setFilter] = useState<'all' | DueStatus>('all')
  const status = filter === 'all' ? undefined : filter
  // Later pages, appended below the first; a reload starts again from the first page.
  const [more, setMore] = useState<{ items: CatalogueItem[]; cursor?: string }>({ items: [] })
  const query = useQuery(
    async () => {
      const first = await call('visits', 'catalogue', { status })
      setMore({ items: [], cursor: first.nextCursor })
      return first
    },
    { refreshOnShow: true },
  )
  const firstRender = useRef(true)
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    void query.reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter])

  const [loadingMore, fetchMore] = useSubmit(async (cursor: string) => {
    const page = await call('visits', 'catalogue', { status, cursor })
    setMore({ items: [...more.items, ...page.items], cursor: page.nextCursor })
  })
  async function loadMore() {
    if (!more.cursor) return
    await fetchMore(more.cursor)
  }
  const [drafts, setDrafts] = useState<RecordDraft[]>([])
  const [sending, setSending] = useState(false)
  useDidShow(() => setDrafts(loadDrafts()))

  async function submitDrafts() {
    setSending(true)
    let sent = 0
    for (const d of loadDrafts()) {
      try {
        const { address: _a, savedAt: _s, ...input } = d
        await call('visits', 'record', input)
        dropDraft(d.clientRequestId)
        sent++
      } catch (e) {
        // A draft the server refuses (not a network failure) stays for the block head to fix.
        if (!(e instanceof ApiFailure) || e.code === 'NETWORK') break
        toastError(e)
      }
    }
    setSending(false)
    setDrafts(loadDrafts())
    if (sent) {
      void Taro.showToast({ title: `已提交${sent}条走访`, icon: 'success' })
      void query.reload()
    }
  }

  return (
    <PageShell className="visits-catalogue">
      <QueryView query={query} skeletonRows={5}>
        {(data) => {
          const items = [...data.items, ...more.items]
          const pct = data.week.target
            ? Math.min(100, Math.round((data.week.done / data.week.target) * 100))
            : 100
          return (
            <View>
              <PageHero
                title="走访目录"
                subtitle={
                  <>
                    本周已走访 {data.week.done} 户，目标 {data.week.target} 户
                  </>
                }
                subtitleId="week-progress"
              >
                <View className="visits-progress" aria-hidden="true">
                  <View className="visits-progress__bar" style={{ width: `${pct}%` }} />
                </View>
              </PageHero>

              <View className="visits-stats">
                <Stat n={data.counts.overdue} label="已逾期" warn />
                <Stat n={data.counts.never} label="从未走访" warn={data.counts.never > 0} />
                <Stat n={data.counts.dueThisWeek} label="本周到期" />
              </View>

              {drafts.length > 0 && (
                <Section title="没提交的走访草稿">
                  <View className="card">
                    <Text className="card__meta">
                      有 {drafts.length} 条走访在没有网络时记下，还没提交：
                      {drafts.map((d) => d.address).join('、')}
                    </Text>
                    <Button
                      id="submit-drafts"
                      type="primary"
                      loading={sending}
                      onClick={() => void submitDrafts()}
                    >
                      现在提交
                    </Button>
                  </View>
                </Section>
              )}

              {data.corrections.length > 0 && (
                <Section title="居民申请更正档案">
                  {data.corrections.map((c) => (
                    <Tile
                      key={c.id}
                      title={`${c.address}：${c.text}`}
                      description={`${day(c.createdAt)}提出 · 改好档案后自动完成`}
                      onClick={() => void Taro.navigateTo({ url: householdUrl(c.householdId) })}
                    />
                  ))}
                </Section>
              )}

              <Section
                title={`家庭（${data.counts.total}户）`}
                extra={
                  <Text
                    className="link"
                    {...focusable}
                    onClick={() => void Taro.navigateTo({ url: '/pkg-staff/visits/talents/index' })}
                  >
                    能人库 ›
                  </Text>
                }
              >
                <View className="visits-chips" role="tablist">
                  {FILTERS.map((f) => (
                    <View
                      key={f.key}
                      role="tab"
                      aria-selected={filter === f.key}
                      className={`visits-chip${filter === f.key ? ' visits-chip--on' : ''}`}
                      {...focusable}
                      onClick={() => setFilter(f.key)}
                    >
                      <Text>{f.label}</Text>
                    </View>
                  ))}
                </View>
                {items.length === 0 ? (
                  <EmptyState title="这里没有需要走访的家庭" description="换个筛选看看，或下拉刷新。" />
                ) : (
                  items.map((i) => <Row key={i.householdId} item={i} />)
                )}
                {more.cursor && (
                  <Button id="load-more" size="large" loading={loadingMore} onClick={() => void loadMore()}>
                    显示更多
                  </Button>
                )}
              </Section>
            </View>
          )
        }}
      </QueryView>
    </PageShell>
  )
}

function Stat({ n, label, warn }: { n: number; label: string; warn?: boolean }) {
  return (
    <View className={`visits-stat${warn && n > 0 ? ' visits-stat--warn' : ''}`}>
      <Text className="visits-stat__n">{n}</Text>
      <Text className="visits-stat__label">{label}</Text>
    </View>
  )
}

function Row({ item: i }: { item: CatalogueItem }) {
  const due =
    i.status === 'never'
      ? '从未走访，请尽快上门'
      : i.status === 'overdue'
        ? `已逾期${i.daysOverdue}天（应在${day(i.nextDueAt)}前）`
        : `下次走访：${day(i.nextDueAt)}（${relative(i.nextDueAt)}）`
  return (
    <View
      className="card visits-row"
      id={`hh-${i.householdId}`}
      role="button"
      {...focusable}
      onClick={() => void Taro.navigateTo({ url: householdUrl(i.householdId) })}
    >
      <View className="visits-row__top">
        <Text className="card__title">
          {i.address} · {i.headName}
        </Text>
        <Text className={`tag${i.status === 'overdue' || i.status === 'never' ? ' tag--warn' : ''}`}>
          {STATUS_LABEL[i.status]}
        </Text>
      </View>
      <Text className="card__meta">
        {CLASS_LABEL[i.class]}
        {i.headPhone ? ` · ${i.headPhone}` : ''}
        {i.pendingOnline ? ' · 线上走访待回复' : ''}
      </Text>
      <Text className="card__meta next-due">{due}</Text>
      <Text className="visits-line">
        上次联系：{i.lastContactAt ? `${day(i.lastContactAt)}（${relative(i.lastContactAt)}）` : '无'}
      </Text>
      {i.tags.length > 0 && (
        <View className="visits-tags">
          {i.tags.map((t) => (
            <Text key={t} className="tag tag--warn">
              {t}
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}

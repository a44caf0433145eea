import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, Section, PageHero } from '@/shared/ui'
import { Chart } from '../components/Chart'
import { Chips } from '../components/Chips'
import { addDays, pct, shanghaiDay } from '../components/format'
import { Table } from '../components/Table'
import '../components/reports.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'

function choices() {
  const today = shanghaiDay()
  const twoMonthsAgo = new Date(Date.parse(`${today}T00:00:00Z`))
  twoMonthsAgo.setUTCMonth(twoMonthsAgo.getUTCMonth() - 2)
  return [
    { key: '2m', label: '近两个月', from: addDays(twoMonthsAgo.toISOString().slice(0, 10), 1), to: today },
    { key: '1m', label: '近30天', from: addDays(today, -29), to: today },
    { key: '3m', label: '近90天', from: addDays(today, -89), to: today },
  ]
}

/**
 * 民情分析 for the bimonthly meeting (民情分析会): printable on H5 (the browser's print, with the filters
 * hidden), readable on the phone.
 */
export default function Sentiment() {
  const periods = choices()
  const [key, setKey] = useState('2m')
  const p = periods.find((x) => x.key === key)!
  const query = useQuery(() => call('reports', 'sentiment', { from: p.from, to: p.to }))
  return (
    <PageShell className="reports-sentiment">
      <PageHero title="民情分析" subtitle="居民最近反映最多的事，和上一个同样长的时间段比" />
      <View className="no-print">
        <Chips
          label="分析时间"
          items={periods}
          value={key}
          onChange={(k) => {
            setKey(k)
            setTimeout(() => void query.reload(), 0)
          }}
        />
      </View>
      <QueryView query={query} skeletonRows={5}>
        {(s) =>
          s.total.count === 0 && s.total.previous === 0 ? (
            <EmptyState title="这段时间没有诉求" actionText="刷新" onAction={() => void query.reload()} />
          ) : (
            <>
              <Text className="note">
                {s.period.from} 至 {s.period.to} 共 {s.total.count} 件诉求；上一期（{s.previous.from} 至{' '}
                {s.previous.to}）{s.total.previous} 件。
              </Text>
              <Section title="上升的类别">
                {s.rising.length ? (
                  <Text className="warn" id="rising">
                    {s.rising.join('、')}：比上一期明显增多（至少多2件、多两成），建议在分析会上重点研究。
                  </Text>
                ) : (
                  <Text className="note">没有明显上升的类别。</Text>
                )}
              </Section>
              <Section title="按类别">
                <Chart
                  summary={`本期与上期各类诉求：${s.byCategory.map((c) => `${c.label}${c.count}件，上期${c.previous}件`).join('；')}`}
                  option={{
                    tooltip: { trigger: 'axis' },
                    legend: { data: ['本期', '上期'], top: 0 },
                    grid: { left: 110, right: 16, top: 40, bottom: 30 },
                    xAxis: { type: 'value', minInterval: 1 },
                    yAxis: { type: 'category', data: s.byCategory.map((c) => c.label).reverse() },
                    series: [
                      {
                        name: '本期',
                        type: 'bar',
                        data: s.byCategory.map((c) => c.count).reverse(),
                        itemStyle: { color: '#0b6e4f' },
                      },
                      {
                        name: '上期',
                        type: 'bar',
                        data: s.byCategory.map((c) => c.previous).reverse(),
                        itemStyle: { color: '#9bbfb2' },
                      },
                    ],
                  }}
                  height={Math.max(220, s.byCategory.length * 48)}
                />
                <Table
                  caption="各类诉求与上期比较"
                  rowKey={(c) => c.category}
                  rows={s.byCategory}
                  columns={[
                    { title: '类别', wide: true, cell: (c) => <Text>{c.label}</Text> },
                    { title: '本期', cell: (c) => <Text>{c.count}</Text> },
                    { title: '上期', cell: (c) => <Text>{c.previous}</Text> },
                    {
                      title: '变化',
                      cell: (c) => (
                        <Text
                          className={c.change > 0 ? 'warn' : ''}
                        >{`${c.change > 0 ? '+' : ''}${c.change}（${c.changeRate === null ? '新出现' : pct(c.changeRate)}）`}</Text>
                      ),
                    },
                  ]}
                />
              </Section>
              <Section title="各社区">
                <Table
                  caption="各社区诉求"
                  rowKey={(u) => u.id}
                  rows={s.byUnit}
                  columns={[
                    { title: '社区', wide: true, cell: (u) => <Text>{u.name}</Text> },
                    { title: '本期', cell: (u) => <Text>{u.count}</Text> },
                    { title: '上期', cell: (u) => <Text>{u.previous}</Text> },
                    { title: '最多的类别', cell: (u) => <Text>{u.topCategory ?? '—'}</Text> },
                  ]}
                />
              </Section>
              <Section title="热点片区">
                <Table
                  caption="诉求最多的片区"
                  rowKey={(h) => h.blockId}
                  rows={s.hotspots}
                  columns={[
                    {
                      title: '片区',
                      wide: true,
                      cell: (h) => <Text>{`${h.unitName.replace('社区居委会', '')} ${h.blockName}`}</Text>,
                    },
                    { title: '诉求', cell: (h) => <Text>{h.count}</Text> },
                    { title: '最多的类别', cell: (h) => <Text>{h.topCategory}</Text> },
                  ]}
                />
              </Section>
              <Section title="居民说得最多的词">
                <View className="terms" id="terms">
                  {s.terms.map((t) => (
                    <Text key={t.term} className="term">
                      {t.term} {t.count}
                    </Text>
                  ))}
                </View>
              </Section>
              <Section title={`久拖未决（超过30天未办结，${s.longUnresolved.length}件）`}>
                {s.longUnresolved.length === 0 ? (
                  <Text className="note">没有超过30天未办结的诉求。</Text>
                ) : (
                  s.longUnresolved.map((c) => (
                    <View key={c.id} className="case card">
                      <View className="case__head">
                        <Text>
                          {c.committeeName.replace('社区居委会', '')} · {c.blockName} · {c.category}
                        </Text>
                        <Text className="case__overdue">已 {c.ageDays} 天</Text>
                      </View>
                      <Text className="case__text">{c.excerpt}</Text>
                    </View>
                  ))
                )}
              </Section>
              <View className="actions no-print">
                {IS_H5 ? (
                  <Button type="primary" size="large" className="print-button" onClick={() => window.print()}>
                    打印，带去分析会
                  </Button>
                ) : (
                  <Button
                    size="large"
                    onClick={() =>
                      void Taro.setClipboardData({
                        data: `${s.period.from}至${s.period.to}民情分析：上升类别 ${s.rising.join('、') || '无'}`,
                      })
                    }
                  >
                    复制要点（在电脑上打开可打印）
                  </Button>
                )}
              </View>
            </>
          )
        }
      </QueryView>
    </PageShell>
  )
}

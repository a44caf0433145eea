import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { AlertsCard } from '@/shared/AlertsCard'
import { EmptyState, PageShell, QueryView, Section, Tile, PageHero } from '@/shared/ui'
import { OverdueLead } from './Overdue'
import { useOfficeSummary } from './useOfficeSummary'
import './index.scss'

const ENTRIES = [
  {
    key: 'desk',
    title: '街道督办台',
    description: '居委会上报的诉求和超时较久的诉求：交办部门、退回居委会、办结',
    url: '/pkg-office/desk/index',
  },
  {
    key: 'org',
    title: '组织架构',
    description: '居委会、片区、楼栋和房间，服务中心；Excel 导入，二维码海报',
    url: '/pkg-office/org/index',
  },
  {
    key: 'dashboard',
    title: '数据看板',
    description: '按时间、按社区看诉求、办事和走访',
    url: '/pkg-office/reports/dashboard/index',
  },
  {
    key: 'digest',
    title: '每日摘要',
    description: '昨天全街道发生了什么',
    url: '/pkg-office/reports/digest/index',
  },
  {
    key: 'sentiment',
    title: '民情分析',
    description: '两个月来居民最关心的事',
    url: '/pkg-office/reports/sentiment/index',
  },
  {
    key: 'performance',
    title: '工作评价',
    description: '各社区工作的数量、效率和满意度',
    url: '/pkg-office/reports/performance/index',
  },
  {
    key: 'export',
    title: '导出 Excel',
    description: '诉求明细、绩效表（已隐去个人信息）',
    url: '/pkg-office/reports/export/index',
  },
  {
    key: 'roster',
    title: '工作人员',
    description: '邀请居委会管理员、窗口工作人员，看名单、停用账号',
    url: '/pkg-staff/community/roster/index',
  },
  {
    key: 'partners',
    title: '合作方密钥',
    description: '12345热线等系统的接入密钥和调用记录',
    url: '/pkg-office/partners/index',
  },
]

function open(url: string) {
  Taro.navigateTo({ url }).catch(() => {
    void Taro.showToast({ title: '这个功能还在准备中', icon: 'none' })
  })
}

/** 街道工作台: sub-district aggregates, never individual family files. */
export default function OfficeHome() {
  const query = useOfficeSummary()
  return (
    <PageShell className="office-home">
      <PageHero title="街道工作台" subtitle="全街道各社区的汇总情况" />
      <OverdueLead />
      <Section title="概况">
        <QueryView query={query} skeletonRows={2}>
          {(figures) =>
            figures.length === 0 ? (
              <EmptyState
                title="还没有汇总数据"
                description="每天凌晨会重新统计。"
                actionText="刷新看看"
                onAction={() => void query.reload()}
              />
            ) : (
              <View className="figures">
                {figures.map((f) => (
                  <View key={f.key} className="figure card">
                    <Text className="figure__value">{f.value}</Text>
                    <Text className="figure__label">{f.label}</Text>
                  </View>
                ))}
              </View>
            )
          }
        </QueryView>
      </Section>
      <AlertsCard keys={['deskAlert', 'digest']} />
      <Section title="报告">
        {ENTRIES.map((e) => (
          <Tile
            key={e.key}
            id={`tile-${e.key}`}
            title={e.title}
            description={e.description}
            onClick={() => open(e.url)}
          />
        ))}
      </Section>
    </PageShell>
  )
}

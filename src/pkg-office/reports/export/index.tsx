import { Text, View } from '@tarojs/components'
import Taro, { useRouter, useUnload } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useRef, useState } from 'react'
import { call, toastError } from '@/shared/api'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { PageShell, Section, PageHero } from '@/shared/ui'
import type { ExportJob } from '../../../../types/reports'
import { Chips } from '../components/Chips'
import { periodChoices } from '../components/format'
import '../components/reports.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'
const KINDS = [
  { key: 'demands' as const, label: '诉求明细' },
  { key: 'performance' as const, label: '五维绩效表' },
]

/** Saves the finished file: a download in the browser, WeChat's document viewer (with “save”) on the phone. */
async function save(job: ExportJob) {
  if (!job.url) return
  if (IS_H5) {
    const a = document.createElement('a')
    a.href = job.url
    a.download = job.fileName ?? 'export.xlsx'
    document.body.appendChild(a)
    a.click()
    a.remove()
    return
  }
  const file = await Taro.downloadFile({ url: job.url })
  await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true })
}

/**
 * 导出 Excel: names and phones are hidden in every file. Small exports are ready at once; large ones run in
 * the background and this page shows how far they are.
 */
export default function ExportPage() {
  const { params } = useRouter()
  const periods = [
    ...(params.from && params.to
      ? [{ key: 'given', label: `${params.from} 至 ${params.to}`, from: params.from, to: params.to }]
      : []),
    ...periodChoices(),
  ]
  const [periodKey, setPeriodKey] = useState(periods[0].key)
  const [kind, setKind] = useState<'demands' | 'performance'>('demands')
  const [job, setJob] = useState<ExportJob | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  useUnload(() => clearTimeout(timer.current))
  const p = periods.find((x) => x.key === periodKey)!

  const poll = (jobId: string) => {
    timer.current = setTimeout(async () => {
      try {
        const next = await call('reports', 'exportStatus', { jobId })
        setJob(next)
        if (next.status === 'pending' || next.status === 'running') poll(jobId)
      } catch (e) {
        toastError(e)
      }
    }, 3000)
  }

  const [busy, start] = useSubmit(async () => {
    setJob(null)
    const j = await call('reports', 'export', {
      kind,
      from: p.from,
      to: p.to,
      ...(params.committeeId ? { committeeId: params.committeeId } : {}),
    })
    setJob(j)
    if (j.status === 'pending' || j.status === 'running') poll(j.jobId)
  })

  const share = job && job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : 0
  return (
    <PageShell className="reports-export">
      <PageHero title="导出 Excel" subtitle="文件里不含居民姓名全称、电话和门牌号" />
      <Section title="导出什么">
        <Chips label="导出内容" items={KINDS} value={kind} onChange={(k) => setKind(k)} />
      </Section>
      <Section title="哪段时间">
        <Chips label="导出时间" items={periods} value={periodKey} onChange={(k) => setPeriodKey(k)} />
      </Section>
      <View className="actions">
        <Button
          type="primary"
          size="large"
          className="export-start"
          loading={busy}
          disabled={busy}
          onClick={() => void start()}
        >
          开始导出
        </Button>
      </View>
      {job && (
        <Section title="导出进度">
          <View className="card" id="export-job" aria-live="polite">
            {job.status === 'done' ? (
              <>
                <Text className="note">
                  已完成{job.kind === 'demands' ? `，共 ${job.total} 条` : ''}：{job.fileName}
                </Text>
                <Button
                  type="primary"
                  size="large"
                  className="export-download"
                  onClick={() => void save(job).catch(toastError)}
                >
                  下载文件
                </Button>
              </>
            ) : job.status === 'failed' ? (
              <Text className="warn">{job.error ?? '导出失败，请稍后重试'}</Text>
            ) : job.status === 'expired' ? (
              <Text className="warn">已过期，请重新导出</Text>
            ) : (
              <>
                <Text className="note">
                  数据较多，正在后台导出，可以先离开本页，稍后回来下载。已完成 {job.done} / {job.total} 条（
                  {share}%）
                </Text>
                <View
                  className="progress"
                  role="progressbar"
                  aria-valuenow={share}
                  aria-valuemin={0}
                  aria-valuemax={100}
                >
                  <View className="progress__bar" style={{ width: `${share}%` }} />
                </View>
              </>
            )}
          </View>
        </Section>
      )}
    </PageShell>
  )
}

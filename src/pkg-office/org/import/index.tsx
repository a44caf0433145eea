import { Text, View } from '@tarojs/components'
import Taro, { useRouter, useUnload } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useRef, useState } from 'react'
import { call, newRequestId, toastError } from '@/shared/api'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { DataTable, PageHero, PageShell, RadioChips, Section, type DataColumn } from '@/shared/ui'
import {
  IMPORT_KIND_LABEL,
  type ImportJobView,
  type ImportKind,
  type ImportStaffResult,
} from '../../../../types/community'
import { ROLE_LABEL } from '../../../../types/roles'
import '../org.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'
const KINDS = (['households', 'buildings', 'staff'] as const).map((k) => ({
  value: k,
  label: IMPORT_KIND_LABEL[k],
}))
const UNIT: Record<ImportKind, string> = { households: '户', buildings: '栋楼', staff: '人' }

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''))
    r.onerror = () => reject(new Error('文件读不出来，请重新选择'))
    r.readAsDataURL(file)
  })
}

async function download(url: string, fileName: string) {
  if (IS_H5) {
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
    return
  }
  const file = await Taro.downloadFile({ url })
  await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true })
}

/**
 * Excel 导入 for one committee (households, buildings and rooms, staff), or a staff list alone (`kind=staff`:
 * from the roster, for officers and committee admins): download the template, choose the filled file, see
 * every problem by its row (nothing is imported yet), then import — all rows when there is no problem, or only
 * the good rows when the user says so. The import runs in the background and finishes with this page closed;
 * the page only shows how far it got. The same file again changes nothing, a corrected file updates.
 */
export default function ImportPage() {
  const { params } = useRouter()
  const committeeId = params.committeeId ?? ''
  const staffOnly = params.kind === 'staff' || !committeeId
  const [kind, setKind] = useState<ImportKind>(staffOnly ? 'staff' : 'households')
  const [job, setJob] = useState<ImportJobView | null>(null)
  const input = useRef<HTMLInputElement | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  useUnload(() => clearTimeout(timer.current))

  const poll = (jobId: string) => {
    timer.current = setTimeout(async () => {
      try {
        const next = await call('community', 'importStatus', { jobId })
        setJob(next)
        if (next.state === 'importing') poll(jobId)
      } catch (e) {
        toastError(e)
        poll(jobId)
      }
    }, 600)
  }

  const [checking, check] = useSubmit(
    async (file: { fileId?: string; contentBase64?: string; name: string }) => {
      setJob(null)
      const r = await call('community', 'startImport', {
        kind,
        ...(committeeId ? { committeeId } : {}),
        ...(file.fileId ? { fileId: file.fileId } : { contentBase64: file.contentBase64 }),
        fileName: file.name.slice(0, 80),
        clientRequestId: newRequestId(),
      })
      setJob(r)
    },
  )

  async function choose() {
    if (IS_H5) return input.current?.click()
    try {
      const picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
      const f = picked.tempFiles[0]
      if (!f) return
      const up = await Taro.cloud.uploadFile({
        cloudPath: `imports/${newRequestId()}.xlsx`,
        filePath: f.path,
      })
      await check({ fileId: up.fileID, name: f.name })
    } catch (e) {
      if (!/cancel/.test((e as { errMsg?: string })?.errMsg ?? '')) toastError(e)
    }
  }

  async function onPicked(files: FileList | null) {
    const f = files?.[0]
    if (input.current) input.current.value = ''
    if (!f) return
    if (f.size > 4 * 1024 * 1024)
      return void Taro.showToast({ title: '文件太大（不能超过4MB）', icon: 'none' })
    try {
      await check({ contentBase64: await readBase64(f), name: f.name })
    } catch (e) {
      toastError(e)
    }
  }

  const [starting, start] = useSubmit(async (goodRowsOnly: boolean) => {
    if (!job) return
    if (goodRowsOnly) {
      const ok = await Taro.showModal({
        title: '只导入没有问题的行',
        content: `有问题的${job.problemCount}行不会导入，改好后可以再导入一次（已导入的不会重复）。确定吗？`,
        confirmText: '导入',
        cancelText: '不了',
      })
      if (!ok.confirm) return
    }
    const r = await call('community', 'confirmImport', { jobId: job.jobId, goodRowsOnly })
    setJob(r)
    poll(r.jobId)
  })

  const [templating, template] = useSubmit(async () => {
    const r = await call('community', 'importTemplate', { kind })
    await download(r.url, r.fileName)
  })

  return (
    <PageShell className="org">
      <PageHero
        title={staffOnly ? '从 Excel 导入工作人员' : '从 Excel 导入'}
        subtitle="先检查，全部没问题再导入；同一个文件导入两次不会重复"
      />
      {staffOnly ? (
        <Section title="1. 导入什么">
          <Text className="org-meta">
            工作人员名单：每人得到一个邀请码，本人在小程序“我的 → 使用邀请码”输入后就能上岗。
          </Text>
        </Section>
      ) : (
        <Section title="1. 导入什么">
          <RadioChips
            label="导入什么"
            idPrefix="import-kind"
            options={KINDS}
            value={kind}
            onChange={(k) => {
              setKind(k)
              setJob(null)
            }}
          />
        </Section>
      )}
      <Section title="2. 按模板填好">
        <Text className="org-meta">请用模板填写，不要改动第一行的表头。</Text>
        <View className="org-actions">
          <Button id="import-template" size="large" loading={templating} onClick={() => void template()}>
            下载模板
          </Button>
        </View>
      </Section>
      <Section title="3. 选择文件并检查">
        {IS_H5 && (
          <input
            ref={input}
            id="import-file"
            type="file"
            accept=".xlsx"
            aria-label="选择 Excel 文件"
            style={{ display: 'none' }}
            onChange={(e) => void onPicked(e.currentTarget.files)}
          />
        )}
        <Button
          id="import-choose"
          type="primary"
          size="large"
          loading={checking}
          onClick={() => void choose()}
        >
          {job ? '重新选择文件' : '选择 Excel 文件'}
        </Button>
        {job && <Result job={job} starting={starting} onStart={(good) => void start(good)} />}
      </Section>
    </PageShell>
  )
}

function Result({
  job,
  starting,
  onStart,
}: {
  job: ImportJobView
  starting: boolean
  onStart: (goodRowsOnly: boolean) => void
}) {
  const unit = UNIT[job.kind]
  const todo = job.toImport
  return (
    <View className="card org-card" id="import-result" aria-live="polite">
      <Text className="org-card__name org-file">{job.fileName}</Text>
      <Text className="org-meta">
        共 {job.rowCount} 行，{job.total} {unit}
      </Text>
      {job.state === 'checked' &&
        (job.problemCount === 0 ? (
          <Text className="org-ok" id="import-clean">
            ✓ 检查完了，没有发现问题。
          </Text>
        ) : (
          <View id="import-problems">
            <Text className="org-problem">⚠ 发现 {job.problemCount} 处问题，改好以前不会导入：</Text>
            {job.problems.map((p, i) => (
              <Text key={i} className="org-problem">
                {p.message}
              </Text>
            ))}
            {job.problemCount > job.problems.length && (
              <Text className="org-problem">……还有 {job.problemCount - job.problems.length} 处没有列出</Text>
            )}
            <Text className="org-meta">
              没有问题的行可以先导入 {job.toImport} {unit}；有问题的行改好后再导入一次就行，已导入的不会重复。
            </Text>
          </View>
        ))}
      {job.state === 'checked' && (
        <View className="org-actions">
          {job.problemCount === 0 ? (
            <Button
              id="import-start"
              type="primary"
              size="large"
              loading={starting}
              onClick={() => onStart(false)}
            >
              开始导入
            </Button>
          ) : (
            <Button id="import-good-rows" size="large" loading={starting} onClick={() => onStart(true)}>
              只导入没有问题的行
            </Button>
          )}
        </View>
      )}
      {job.state === 'importing' && (
        <View id="import-progress">
          <Text className="org-meta">
            正在导入：{job.done} / {todo} {unit}
          </Text>
          <View
            className="org-progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={todo}
            aria-valuenow={job.done}
            aria-label="导入进度"
          >
            <View className="org-progress__bar" style={{ width: `${todo ? (100 * job.done) / todo : 0}%` }} />
          </View>
        </View>
      )}
      {job.state === 'done' && (
        <View id="import-done">
          <Text className="org-ok">✓ 导入完成</Text>
          <Text className="org-meta" id="import-counts">
            新增 {job.counts.created} {unit}，更新 {job.counts.updated} {unit}，没有变化{' '}
            {job.counts.unchanged} {unit}
            {job.counts.skippedRows ? `，跳过有问题的 ${job.counts.skippedRows} 行` : ''}
          </Text>
          {job.staffResults && <StaffCodes results={job.staffResults} />}
        </View>
      )}
      {job.state === 'failed' && (
        <Text className="org-problem">导入没有完成：{job.error ?? '请稍后再试'}</Text>
      )}
    </View>
  )
}

const STATUS: Record<ImportStaffResult['status'], string> = {
  created: '新邀请码',
  updated: '已更新',
  unchanged: '没有变化',
  joined: '已经上岗',
}

const CODE_COLUMNS: readonly DataColumn<ImportStaffResult>[] = [
  { key: 'name', title: '姓名', cell: (r) => r.name },
  { key: 'role', title: '岗位', cell: (r) => ROLE_LABEL[r.role] },
  { key: 'code', title: '邀请码', cell: (r) => (r.status === 'joined' ? '—' : r.code) },
  {
    key: 'status',
    title: '结果',
    cell: (r) => (r.differs ? `${STATUS[r.status]}（岗位变动请在工作人员名单里办理）` : STATUS[r.status]),
  },
]

/** Each person's invitation code, to hand over; copied in one tap for a message to the group. */
function StaffCodes({ results }: { results: readonly ImportStaffResult[] }) {
  const open = results.filter((r) => r.status !== 'joined')
  const copy = () =>
    void Taro.setClipboardData({
      data: open.map((r) => `${r.name}（${ROLE_LABEL[r.role]}）邀请码：${r.code}`).join('\n'),
    })
  return (
    <View id="import-codes">
      <Text className="org-meta">
        请把邀请码交给本人：在小程序“我的 → 使用邀请码”输入后即可上岗，30天内有效。
      </Text>
      <DataTable caption="邀请码" columns={CODE_COLUMNS} rows={results} rowKey={(r) => String(r.row)} />
      {open.length > 0 && (
        <View className="org-actions">
          <Button id="import-copy-codes" size="large" onClick={copy}>
            复制全部邀请码
          </Button>
        </View>
      )}
    </View>
  )
}

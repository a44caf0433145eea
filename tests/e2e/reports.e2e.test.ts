/**
 * Sub-district supervision in the browser: an officer opens the dashboard, switches committees and periods,
 * follows a number to the masked cases behind it, opens the sentiment page and downloads an Excel export
 * that opens (exceljs) with the expected rows.
 */
import ExcelJS from 'exceljs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import {
  browserSuite,
  checkPage,
  openSession,
  ROUTES,
  screenshot,
  settle,
  signInAs,
  visit,
  useStage,
} from './harness'

const suite = browserSuite()
jest.setTimeout(240_000)

const ZHAO = 'demo-officer-zhao'
const DASHBOARD = '/pkg-office/reports/dashboard/index'
const chip = (page: Page, key: string) => page.locator(`#chip-${key}:visible`).first()
const button = (page: Page, text: string) =>
  page.locator('taro-button-core:visible', { hasText: text }).first()
const kpi = async (page: Page, id: string) =>
  Number((await page.locator(`#${id}:visible .kpi__value`).first().textContent())?.trim())

suite('sub-district supervision in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  const api = async <T>(body: Record<string, unknown>): Promise<T> => {
    const res = await fetch(`${stage.product.url}/fn/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': ZHAO },
      body: JSON.stringify(body),
    })
    const json = (await res.json()) as { ok: boolean; data: T; error?: unknown }
    if (!json.ok) throw new Error(`reports.${String(body.action)}: ${JSON.stringify(json.error)}`)
    return json.data
  }

  test('dashboard, committees and periods, the cases behind a number, sentiment, and an Excel download', async () => {
    const { context, page } = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(page, ZHAO)
      await visit(page, ROUTES.office)
      await page.locator('#tile-dashboard').click()
      await page.waitForURL((u) => u.pathname === DASHBOARD)
      await settle(page)
      await page.locator('.chart canvas').first().waitFor()
      const all30 = await kpi(page, 'kpi-submitted')
      expect(all30).toBeGreaterThan(0)
      problems.push(...(await checkPage(page, 'reports-dashboard')))

      // One committee: fewer demands than the whole sub-district, and the table shows only it.
      await chip(page, 'c-chunhui').click()
      await settle(page)
      await page.waitForFunction(
        () =>
          document.querySelectorAll(
            '[aria-label="各单位情况"] .dtable-card, [aria-label="各单位情况"] .dtable__row:not(.dtable__row--head)',
          ).length > 0,
      )
      const chunhui30 = await kpi(page, 'kpi-submitted')
      expect(chunhui30).toBeGreaterThan(0)
      expect(chunhui30).toBeLessThan(all30)
      const summary = await api<{
        total: { totals: { demands: { submitted: number } } }
        period: { from: string; to: string }
      }>({
        action: 'summary',
        committeeId: 'c-chunhui',
      })
      expect(chunhui30).toBe(summary.total.totals.demands.submitted)

      // Another period: the last 7 days of 春晖.
      await chip(page, '7').click()
      await settle(page)
      const week = await api<{
        total: { totals: { demands: { submitted: number } } }
        period: { from: string; to: string }
      }>({
        action: 'summary',
        committeeId: 'c-chunhui',
        from: new Date(Date.now() + 8 * 3_600_000 - 6 * 86_400_000).toISOString().slice(0, 10),
        to: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
      })
      await page.waitForFunction(
        (n) => document.querySelector('#kpi-submitted .kpi__value')?.textContent?.trim() === String(n),
        week.total.totals.demands.submitted,
      )
      await screenshot(page, 'reports-dashboard-chunhui-7d')

      // A number leads to the masked cases behind it.
      await page.locator('#kpi-submitted:visible .kpi__link').click()
      await page.waitForURL((u) => u.pathname.endsWith('/reports/cases/index'))
      await settle(page)
      const cards = page.locator('.reports-cases:visible .case')
      expect(await cards.count()).toBe(Math.min(50, week.total.totals.demands.submitted))
      const text = (await page.locator('.reports-cases:visible').textContent()) ?? ''
      expect(text).not.toMatch(/1[3-9]\d{9}/)
      problems.push(...(await checkPage(page, 'reports-cases')))
      await page.goBack()
      await settle(page)

      // The sentiment page for the meeting.
      await page.locator('#go-sentiment:visible').click()
      await page.waitForURL((u) => u.pathname.endsWith('/reports/sentiment/index'))
      await settle(page)
      await page.locator('#terms:visible .term').first().waitFor()
      const sentiment = await api<{ byCategory: { label: string }[] }>({ action: 'sentiment' })
      expect(await page.locator('.reports-sentiment:visible').textContent()).toContain(
        sentiment.byCategory[0].label,
      )
      await button(page, '打印').waitFor()
      problems.push(...(await checkPage(page, 'reports-sentiment')))

      // Export the demands of the last 30 days and open the file.
      await page.goBack()
      await settle(page)
      await chip(page, '30').click()
      await settle(page)
      await page.locator('#go-export:visible').click()
      await page.waitForURL((u) => u.pathname.endsWith('/reports/export/index'))
      await settle(page)
      await button(page, '开始导出').click()
      await page.locator('#export-job:visible').waitFor()
      await button(page, '下载文件').waitFor()
      await screenshot(page, 'reports-export-done')
      const [download] = await Promise.all([page.waitForEvent('download'), button(page, '下载文件').click()])
      const path = join(mkdtempSync(join(tmpdir(), 'linli-export-')), download.suggestedFilename())
      await download.saveAs(path)
      expect(download.suggestedFilename()).toMatch(/^诉求明细_.*\.xlsx$/)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(path)
      const ws = wb.getWorksheet('诉求')!
      const rows = (ws.getSheetValues().filter(Boolean) as unknown[][]).map((r) => r.slice(1))
      expect(rows[0]).toEqual([
        '编号',
        '居委会',
        '片区',
        '类别',
        '内容摘要',
        '状态',
        '提交时间',
        '首次响应时间',
        '办结时间',
        '是否超时',
        '满意度',
        '居民',
      ])
      const listed = await api<{ total: number }>({ action: 'cases', metric: 'submitted' })
      expect(rows.length - 1).toBe(listed.total)
      // Personal data masked: no phone numbers, names cut to the family name.
      for (const r of rows.slice(1)) {
        expect(String(r[4] ?? '')).not.toMatch(/\d{5,}/)
        expect(String(r[11] ?? '')).toMatch(/^$|^\S\*+$|^\S\S\*+$/)
      }
      problems.push(...(await checkPage(page, 'reports-export')))
    } finally {
      await context.close()
    }
    expect(problems).toEqual([])
  })
})

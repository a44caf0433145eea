/**
 * People and the committee admin's pages in the browser: an officer invites a window clerk into the service
 * center from the roster; a committee admin imports block heads from an .xlsx (the bad row reported by its
 * number, the codes shown to hand over); a committee admin hands a departing block head's blocks and open cases to a
 * colleague (and deactivates the account), sets the visit cadence, and opens 社区数据 down to one case.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { STAFF_HEADER, xlsx } from '../helpers/xlsx'
import {
  browserSuite,
  checkPage,
  confirmModal,
  openSession,
  pageText,
  ROUTES,
  screenshot,
  settle,
  signInAs,
  useStage,
  visit,
} from './harness'

const suite = browserSuite()
jest.setTimeout(300_000)

const ROSTER = '/pkg-staff/community/roster/index'

suite('people in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  test('an officer invites a window clerk, picking the service center', async () => {
    const s = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(s.page, 'demo-officer-zhao')
      await visit(s.page, ROUTES.office)
      await s.page.locator('#tile-roster:visible').click()
      await s.page.waitForURL((u) => u.pathname === ROSTER)
      await settle(s.page)
      problems.push(...(await checkPage(s.page, 'people-roster-officer')))
      // The officer's form starts on a role an officer gives, never on 块长.
      expect(await s.page.locator('#invite-role-blockHead').count()).toBe(0)
      await s.page.locator('#invite-role-windowClerk:visible').click()
      await s.page.locator('#invite-center-sc-mingde:visible').click()
      await s.page.locator('#invite-create:visible').click()
      await s.page.locator('#invite-code:visible').waitFor()
      expect(await s.page.locator('#invite-result:visible').textContent()).toContain(
        '明德街道社区事务受理服务中心',
      )
      await screenshot(s.page, 'people-invite-clerk-code')
      // The center's roster: 刘洋 and the open invitation.
      await s.page.locator('#invite-again:visible').click()
      await s.page.locator('#roster-unit-sc-mingde:visible').click()
      await s.page.locator('#staff-demo-clerk-liu:visible').waitFor()
      await s.page.locator('#staff-demo-blockhead-zhang').waitFor({ state: 'hidden' })
    } finally {
      await s.context.close()
    }
  })

  test('an admin imports block heads from an Excel staff list and sees a code for each', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'linli-staff-')), '块长名单.xlsx')
    writeFileSync(
      file,
      await xlsx([
        STAFF_HEADER,
        ['孙丽', '13911112001', '块长', '', '春晖苑一期', ''],
        ['李强', '1391111', '块长', '', '', ''],
        ['钱进', '13911112003', '块长', '', '', ''],
      ]),
    )
    const s = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(s.page, 'demo-admin-chen')
      await visit(s.page, ROSTER)
      await s.page.locator('#roster-import:visible').click()
      await s.page.waitForURL((u) => u.pathname.endsWith('/pkg-office/org/import/index'))
      await settle(s.page)
      problems.push(...(await checkPage(s.page, 'people-staff-import')))
      await s.page.locator('#import-file').setInputFiles(file)
      const shown = s.page.locator('#import-problems:visible')
      await shown.waitFor()
      expect(await shown.textContent()).toContain('第3行：手机号“1391111”不对')
      await s.page.locator('#import-good-rows:visible').click()
      await confirmModal(s.page)
      const codes = s.page.locator('#import-codes:visible')
      await codes.waitFor({ timeout: 60_000 })
      const text = (await codes.textContent()) ?? ''
      expect(text).toContain('孙丽')
      expect(text).toContain('钱进')
      expect(text).toContain('新邀请码')
      await screenshot(s.page, 'people-staff-import-codes')
      problems.push(...(await checkPage(s.page, 'people-staff-import-done')))
    } finally {
      await s.context.close()
    }
  })

  test("an admin hands 周海燕's blocks and open cases to 张建国 and deactivates her account", async () => {
    const s = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(s.page, 'demo-admin-chen')
      await visit(s.page, ROSTER)
      await s.page.locator('#handover-staff-chunhui-bh2:visible').click()
      await s.page.locator('#handover-staff-chunhui-bh2-to-demo-blockhead-zhang:visible').click()
      await screenshot(s.page, 'people-handover-form')
      await s.page.locator('#handover-staff-chunhui-bh2-confirm:visible').click()
      await confirmModal(s.page)
      const card = s.page.locator('#staff-staff-chunhui-bh2:visible')
      await card.locator('text=已停用').waitFor()
      const zhang = (await s.page.locator('#staff-demo-blockhead-zhang:visible').textContent()) ?? ''
      for (const block of ['春晖苑一期', '春晖苑二期', '晖南小区', '老供销社宿舍'])
        expect(zhang).toContain(block)
      problems.push(...(await checkPage(s.page, 'people-roster-after-handover')))
    } finally {
      await s.context.close()
    }
    // 张建国 now holds them: his inbox opens (the integration suite checks each case and the lost access).
    const gone = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(gone.page, 'demo-blockhead-zhang')
      await visit(gone.page, '/pkg-staff/demands/inbox/index')
      expect(await pageText(gone.page)).toContain('诉求')
    } finally {
      await gone.context.close()
    }
  })

  test('an admin sets the visit cadence and opens 社区数据 down to one case', async () => {
    const s = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(s.page, 'demo-admin-chen')
      await visit(s.page, ROUTES.workbench)
      await s.page.locator('#tile-cadence:visible').click()
      await s.page.waitForURL((u) => u.pathname.endsWith('/visits/cadence/index'))
      await settle(s.page)
      problems.push(...(await checkPage(s.page, 'people-cadence')))
      const c = s.page.locator('#input-C:visible input, input#input-C:visible').first()
      await c.fill('200')
      await s.page.locator('#cadence-save:visible').click()
      await s.page.locator('#error-C:visible').waitFor()
      expect(await s.page.locator('#error-C:visible').textContent()).toContain('最多90天')
      await screenshot(s.page, 'people-cadence-error')
      await c.fill('7')
      await s.page.locator('#cadence-save:visible').click()
      await confirmModal(s.page)
      await s.page.locator('#cadence-saved:visible').waitFor()
      await visit(s.page, '/pkg-staff/visits/cadence/index')
      expect(await s.page.locator('#input-C:visible input, input#input-C:visible').first().inputValue()).toBe(
        '7',
      )

      await visit(s.page, ROUTES.workbench)
      await s.page.locator('#tile-summary:visible').click()
      await s.page.waitForURL((u) => u.pathname.endsWith('/reports/summary/index'))
      await settle(s.page)
      expect(await s.page.locator('#summary-subtitle:visible').textContent()).toContain('春晖社区居委会')
      problems.push(...(await checkPage(s.page, 'people-summary')))
      await s.page.locator('#kpi-submitted:visible .kpi__link').click()
      const first = s.page.locator('#summary-drill:visible .tile').first()
      await first.waitFor()
      await screenshot(s.page, 'people-summary-drill')
      await first.click()
      await s.page.waitForURL((u) => u.pathname.endsWith('/pkg-staff/demands/detail/index'))
      const detail = s.page.locator('.demands-staff-detail:visible')
      await detail.locator('text=居民反映').first().waitFor()
    } finally {
      await s.context.close()
    }
  })

  test('every page passed axe in normal and elder mode', () => {
    expect(problems).toEqual([])
  })
})

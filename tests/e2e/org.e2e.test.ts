/**
 * 组织架构 in the browser, from nothing to a block head's visit list: the officer creates a committee with two
 * blocks, imports 50 households from an .xlsx (the one bad row is reported by its row number and left out on
 * the officer's say-so), imports the same file again (nothing changes), opens the committee's QR poster and
 * invites the committee's admin, who invites a block head for one block; that block head sees the imported
 * households of the block in the visit catalogue. Every page of 组织架构 is checked with axe in normal and
 * elder mode.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { HOUSEHOLD_HEADER, householdRows, xlsx } from '../helpers/xlsx'
import {
  browserSuite,
  checkPage,
  confirmModal,
  openSession,
  ROUTES,
  screenshot,
  settle,
  signInAs,
  useStage,
  visit,
} from './harness'

const suite = browserSuite()
jest.setTimeout(300_000)

const OFFICER = 'demo-officer-zhao'
const stamp = Date.now().toString(36)
const COMMITTEE = `晨光社区居委会${stamp.slice(-3)}`

const input = (page: Page, label: string) =>
  page.locator(`input[aria-label="${label}"]:visible, [aria-label="${label}"]:visible input`).first()

/** Signs in as an identity the sign-in page does not list (a first-time WeChat user). */
async function signInFresh(page: Page, openid: string, name: string): Promise<void> {
  await page.goto(ROUTES.signin)
  await page.evaluate(
    ([id, n]) => {
      localStorage.setItem('linli.openid', JSON.stringify({ data: id }))
      localStorage.setItem(
        'linli.identity',
        JSON.stringify({ data: { openid: id, name: n, role: 'resident' } }),
      )
    },
    [openid, name] as const,
  )
}

async function redeem(page: Page, code: string) {
  await visit(page, ROUTES.me)
  await page.locator('#entry-redeem:visible').click()
  await page.waitForURL((u) => u.pathname.endsWith('/community/pages/redeem/index'))
  await settle(page)
  await page.locator('#redeem-code:visible input').fill(code)
  await page.locator('#redeem-submit:visible').click()
  await confirmModal(page)
  await page.waitForURL((u) => u.pathname === ROUTES.workbench)
  await settle(page)
}

async function inviteCode(page: Page): Promise<string> {
  await page.locator('#invite-create:visible').click()
  const shown = page.locator('#invite-code:visible')
  await shown.waitFor()
  const code = ((await shown.textContent()) ?? '').trim()
  expect(code).toMatch(/^[A-Z0-9]{8}$/)
  return code
}

suite('组织架构 in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  test('a committee from nothing to a block head who sees its imported households', async () => {
    const rows = householdRows(50, ['东片', '西片'])
    // Sheet row 3 (the header is row 1): the second member of the first home, with a phone too short.
    rows[1] = [...rows[1]]
    rows[1][6] = '1390000'
    const dir = mkdtempSync(join(tmpdir(), 'linli-org-e2e-'))
    const file = join(dir, '家庭档案.xlsx')
    writeFileSync(file, await xlsx([HOUSEHOLD_HEADER, ...rows]))

    const officer = await openSession(stage.browser, stage.product.url)
    let committeeId = ''
    let eastBlockId = ''
    let adminCode = ''
    try {
      const page = officer.page
      await signInAs(page, OFFICER)
      await visit(page, ROUTES.office)
      await page.locator('#tile-org:visible').click()
      await page.waitForURL((u) => u.pathname.endsWith('/pkg-office/org/index'))
      await settle(page)
      problems.push(...(await checkPage(page, 'org-home')))

      await page.locator('#org-add-committee:visible').click()
      await input(page, '居委会名称').fill(COMMITTEE)
      await input(page, '地址').fill('晨光路18号')
      await input(page, '电话').fill('010-62005678')
      await page.locator('#org-save-committee:visible').click()
      await page.waitForURL((u) => u.pathname.endsWith('/pkg-office/org/committee/index'))
      await settle(page)
      committeeId = new URL(page.url()).searchParams.get('id') ?? ''
      expect(committeeId).not.toBe('')
      for (const name of ['东片', '西片']) {
        await input(page, '添加片区').fill(name)
        await page.locator('#org-add-block:visible').click()
        await page.locator('.org-card__name:visible', { hasText: name }).waitFor()
      }
      const east = page.locator('[id^="block-"]:visible', { hasText: '东片' }).first()
      eastBlockId = ((await east.getAttribute('id')) ?? '').replace(/^block-/, '')
      problems.push(...(await checkPage(page, 'org-committee')))

      await page.locator('#org-open-import:visible').click()
      await page.waitForURL((u) => u.pathname.endsWith('/pkg-office/org/import/index'))
      await settle(page)
      problems.push(...(await checkPage(page, 'org-import')))

      // The check lists the bad row by its number and imports nothing until the officer chooses.
      await page.locator('#import-file').setInputFiles(file)
      const problemsShown = page.locator('#import-problems:visible')
      await problemsShown.waitFor()
      expect(await problemsShown.textContent()).toContain('第3行：手机号“1390000”不对')
      await screenshot(page, 'org-import-checked')
      await page.locator('#import-good-rows:visible').click()
      await confirmModal(page)
      const counts = page.locator('#import-counts:visible')
      await counts.waitFor({ timeout: 60_000 })
      expect(await counts.textContent()).toContain('新增 50 户')
      expect(await counts.textContent()).toContain('跳过有问题的 1 行')
      await screenshot(page, 'org-import-done')

      // The same file again: nothing changes.
      await page.locator('#import-file').setInputFiles(file)
      await page.locator('#import-good-rows:visible').waitFor()
      await page.locator('#import-good-rows:visible').click()
      await confirmModal(page)
      await counts.waitFor({ timeout: 60_000 })
      await page.locator('#import-counts:visible', { hasText: '没有变化 50 户' }).waitFor()
      expect(await counts.textContent()).toContain('新增 0 户，更新 0 户，没有变化 50 户')

      // The committee's follow poster, with a code image that loaded.
      await visit(page, `/pkg-office/org/poster/index?kind=follow&committeeId=${committeeId}`)
      await page.locator('#poster-code img:visible, img#poster-code:visible').first().waitFor()
      await page.waitForFunction(() => {
        const img = document.querySelector('#poster-code img, img#poster-code') as HTMLImageElement | null
        return Boolean(img && img.complete && img.naturalWidth > 200)
      })
      expect(await page.locator('.poster__title:visible').textContent()).toContain(COMMITTEE)
      problems.push(...(await checkPage(page, 'org-poster')))

      // The committee's admin is invited from 工作人员 with the committee picked.
      await visit(page, '/pkg-staff/community/roster/index')
      await page.locator('#invite-role-committeeAdmin:visible').click()
      await page.locator(`#invite-committee-${committeeId}:visible`).click()
      adminCode = await inviteCode(page)
    } finally {
      await officer.context.close()
    }

    const admin = await openSession(stage.browser, stage.product.url, { consent: true })
    let headCode = ''
    try {
      await signInFresh(admin.page, `e2e-admin-${stamp}`, '新书记')
      await redeem(admin.page, adminCode)
      await visit(admin.page, '/pkg-staff/community/roster/index')
      await admin.page.locator('#invite-role-blockHead:visible').click()
      await admin.page.locator(`#invite-block-${eastBlockId}:visible`).click()
      headCode = await inviteCode(admin.page)
    } finally {
      await admin.context.close()
    }

    const head = await openSession(stage.browser, stage.product.url, { consent: true })
    try {
      await signInFresh(head.page, `e2e-head-${stamp}`, '新块长')
      await redeem(head.page, headCode)
      await visit(head.page, '/pkg-staff/visits/catalogue/index')
      const shell = head.page.locator('.page-shell:visible').first()
      // Homes of 东片 only (the even ones of the file), whichever of them the first page shows.
      const heads = (block: string) => rows.filter((r) => r[0] === block && r[5] === '户主').map((r) => r[4])
      await head.page
        .locator('.page-shell:visible', { hasText: new RegExp(heads('东片').join('|')) })
        .first()
        .waitFor()
      const text = (await shell.textContent()) ?? ''
      expect(heads('西片').some((n) => text.includes(` · ${n}`))).toBe(false)
      await screenshot(head.page, 'org-blockhead-catalogue')
    } finally {
      await head.context.close()
    }
    expect(problems).toEqual([])
  })
})

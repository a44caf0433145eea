/**
 * Demands in the browser: 王秀英 reports a problem with a photo; 张建国 sees it in his inbox with its due
 * time, replies and resolves it; she reads the timeline and rates it 不满意, which reopens it to him.
 */
import type { Page } from 'playwright-core'
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

const WANG = 'demo-resident-wang'
const ZHANG = 'demo-blockhead-zhang'
const TEXT = `楼道里堆满了纸箱杂物，消防通道被堵住了（${Date.now() % 100000}）`
// 1×1 PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

const button = (page: Page, cls: string) => page.locator(`taro-button-core.${cls}:visible`).first()

suite('demands in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  test('submit with a photo → inbox with due time → reply → resolve → timeline → 不满意 reopens', async () => {
    // 1. The resident reports it.
    const resident = await openSession(stage.browser, stage.product.url)
    const rp = resident.page
    await signInAs(rp, WANG)
    await visit(rp, ROUTES.demands)
    problems.push(...(await checkPage(rp, 'demands-mine')))
    await button(rp, 'demand-new').click()
    await rp.waitForURL((u) => u.pathname.endsWith('/demands/pages/submit/index'))
    await settle(rp)
    problems.push(...(await checkPage(rp, 'demands-submit')))
    await rp.locator('.demand-chip:visible', { hasText: '环境卫生' }).first().click()
    await rp.locator('.demand-textarea:visible textarea').first().fill(TEXT)
    await rp
      .locator('input.demand-file')
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG })
    await rp.locator('.demand-photo:visible').first().waitFor()
    await screenshot(rp, 'demands-submit-filled')
    await button(rp, 'demand-submit').click()
    await rp.waitForURL((u) => u.pathname.endsWith('/demands/pages/detail/index'))
    await settle(rp)
    await rp.locator('.demand-status:visible', { hasText: '待响应' }).first().waitFor()
    const demandUrl = rp.url()
    await screenshot(rp, 'demands-detail-submitted')

    // 2. The block head sees it with the due time, replies and resolves.
    const staff = await openSession(stage.browser, stage.product.url)
    const sp = staff.page
    await signInAs(sp, ZHANG)
    await visit(sp, '/pkg-staff/demands/inbox/index')
    await sp.locator('.demand-chip:visible', { hasText: '待回复' }).first().click()
    const card = sp.locator('.demand-inbox-item:visible', { hasText: TEXT }).first()
    await card.waitFor()
    expect(await card.textContent()).toMatch(/小时内回复（截止 \d+月\d+日 \d\d:\d\d）/)
    expect(await card.textContent()).toContain('1张照片')
    problems.push(...(await checkPage(sp, 'demands-inbox')))
    await card.click()
    await sp.waitForURL((u) => u.pathname.endsWith('/pkg-staff/demands/detail/index'))
    await settle(sp)
    expect(await sp.locator('.demand-due-at:visible').textContent()).toMatch(/截止时间：\d+月\d+日/)
    await sp.locator('.demand-act-text:visible textarea').first().fill('收到，明天上午去现场看看')
    await button(sp, 'demand-act-submit').click()
    await sp.locator('.demand-event__note:visible', { hasText: '明天上午去现场看看' }).first().waitFor()
    await sp.locator('.demand-act-resolve:visible').first().click()
    await sp.locator('.demand-act-text:visible textarea').first().fill('已联系物业清理，消防通道已畅通')
    await button(sp, 'demand-act-submit').click()
    await confirmModal(sp)
    await sp.locator('.demand-status:visible', { hasText: '已办结' }).first().waitFor()
    problems.push(...(await checkPage(sp, 'demands-staff-detail-resolved')))

    // 3. The resident sees the timeline and rates it 不满意, which reopens it.
    await rp.goto(demandUrl)
    await settle(rp)
    await rp.locator('.demand-event__head:visible', { hasText: '办结' }).first().waitFor()
    await rp.locator('.demand-event__head:visible', { hasText: '答复' }).first().waitFor()
    await rp.locator('.demand-rate-dissatisfied:visible').first().click()
    await rp.locator('.demand-textarea:visible textarea').first().fill('纸箱又堆回来了')
    await button(rp, 'demand-rate-submit').click()
    await confirmModal(rp)
    await rp.locator('.status-tag:visible', { hasText: '重新办理' }).first().waitFor()
    await rp.locator('.demand-status:visible', { hasText: '处理中' }).first().waitFor()
    problems.push(...(await checkPage(rp, 'demands-detail-reopened')))

    // The block head finds it back in his inbox, flagged as reopened.
    const sp2 = await staff.context.newPage()
    await visit(sp2, '/pkg-staff/demands/inbox/index')
    const back = sp2.locator('.demand-inbox-item:visible', { hasText: TEXT }).first()
    await back.waitFor()
    expect(await back.textContent()).toContain('重新办理')
    await screenshot(sp2, 'demands-inbox-reopened')

    await resident.context.close()
    await staff.context.close()
    expect(problems).toEqual([])
  })
})

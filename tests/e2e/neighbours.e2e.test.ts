/**
 * A public case at another building, joined instead of duplicated: 王秀英 reports a loose exercise bar at
 * 晖南小区 3号楼 and lets neighbours see it; 李明 starts writing the same thing, is shown it under
 * “附近已有类似问题” without her name or phone, and taps 我也遇到了 instead of filing a second case; the
 * committee then splits it into two sub-items for two holders and finishes one.
 */
import type { Page } from 'playwright-core'
import {
  axeSerious,
  browserSuite,
  checkPage,
  describeViolations,
  openSession,
  ROUTES,
  screenshot,
  setElderMode,
  settle,
  signInAs,
  visit,
  useStage,
} from './harness'

const suite = browserSuite()
jest.setTimeout(300_000)

const WANG = 'demo-resident-wang'
const LI = 'demo-resident-li'
const CHEN = 'demo-admin-chen'
// Letters only: digit runs are masked for neighbours, so a numeric tag would not be found again.
const tag = Array.from({ length: 6 }, () => 'abcdefghjkmnpqrstuvwxyz'[Math.floor(Math.random() * 23)]).join(
  '',
)
const TEXT = `晖南小区3号楼北侧的健身器材单杠松动摇晃，老人锻炼有危险，我电话13812341234（${tag}）`

const button = (page: Page, cls: string) => page.locator(`taro-button-core.${cls}:visible`).first()
const chip = (page: Page, text: string) => page.locator('[role=radio]:visible', { hasText: text }).first()

suite('a neighbour joins a public case instead of filing a duplicate', () => {
  const stage = useStage()
  const problems: string[] = []

  test('public demand at another building → neighbour sees it masked → 我也遇到了', async () => {
    // 1. 王秀英 reports it at another block's building, public.
    const author = await openSession(stage.browser, stage.product.url)
    const ap = author.page
    await signInAs(ap, WANG)
    await visit(ap, '/demands/pages/submit/index')
    await settle(ap)
    // checkPage reloads the page (elder mode), so it runs on the empty form; the filled one is checked below.
    problems.push(...(await checkPage(ap, 'neighbours-submit')))
    await chip(ap, '公共设施').click()
    await ap.locator('.demand-textarea:visible textarea').first().fill(TEXT)
    await chip(ap, '别的楼').click()
    await chip(ap, '晖南小区').click()
    await chip(ap, '3号楼').click()
    await chip(ap, '也让邻居看到').click()
    await screenshot(ap, 'neighbours-submit-place')
    const placeAxe = await axeSerious(ap)
    if (placeAxe.length) problems.push(describeViolations('neighbours-submit-place', placeAxe))
    await button(ap, 'demand-submit').click()
    await ap.waitForURL((u) => u.pathname.endsWith('/demands/pages/detail/index'))
    await settle(ap)
    const place = ap.locator('.demand-place-line:visible').first()
    await place.waitFor()
    expect(await place.textContent()).toContain('晖南小区 3号楼')
    expect(await place.textContent()).toContain('邻居可见')

    // 2. 李明 starts writing the same thing and is shown her case, masked.
    const neighbour = await openSession(stage.browser, stage.product.url)
    const np = neighbour.page
    await signInAs(np, LI)
    // He reads in 长辈模式: the hint must work at the larger sizes too.
    await setElderMode(np, true)
    await visit(np, ROUTES.demands)
    await button(np, 'demand-new').click()
    await np.waitForURL((u) => u.pathname.endsWith('/demands/pages/submit/index'))
    await settle(np)
    await chip(np, '公共设施').click()
    await np
      .locator('.demand-textarea:visible textarea')
      .first()
      .fill('3号楼那边的健身器材单杠松了，晃得厉害')
    const hint = np.locator('.demand-similar:visible').first()
    await hint.waitFor({ timeout: 15_000 })
    const item = np.locator('.demand-similar__item:visible', { hasText: `（${tag}）` }).first()
    await item.waitFor()
    const shown = (await item.textContent()) ?? ''
    expect(shown).toContain('晖南小区 3号楼')
    expect(shown).not.toMatch(/王秀英|13812341234/)
    await item.scrollIntoViewIfNeeded()
    await screenshot(np, 'neighbours-similar-hint-elder')
    const hintAxe = await axeSerious(np)
    if (hintAxe.length) problems.push(describeViolations('neighbours-similar-hint (elder)', hintAxe))

    // 3. 我也遇到了 joins it: the case page follows it, and no second case is filed.
    await item.locator('taro-button-core.demand-join').click()
    await np.waitForURL((u) => u.pathname.endsWith('/demands/pages/detail/index'))
    await settle(np)
    await np.locator('.card__body:visible', { hasText: '您也遇到了这个问题' }).first().waitFor()
    expect(await np.locator('.demand-place-line:visible').first().textContent()).toContain('1位邻居也遇到了')
    expect(await np.locator('body').textContent()).not.toMatch(/王秀英|13812341234/)
    problems.push(...(await checkPage(np, 'neighbours-detail-joined')))

    // It is in his 我的诉求 as one he joined — and he filed nothing himself.
    await visit(np, ROUTES.demands)
    const row = np.locator('.demand-card:visible', { hasText: `（${tag}）` }).first()
    await row.waitFor()
    expect(await row.textContent()).toContain('我也遇到了')
    problems.push(...(await checkPage(np, 'neighbours-mine-following')))

    // 4. The committee splits it into two parts for two holders; each has its own state.
    const id = new URL(ap.url()).searchParams.get('id')!
    const staff = await openSession(stage.browser, stage.product.url)
    const cp = staff.page
    await signInAs(cp, CHEN)
    await visit(cp, `/pkg-staff/demands/detail/index?id=${encodeURIComponent(id)}`)
    await settle(cp)
    const field = (label: string) =>
      cp.locator(`input[aria-label="${label}"]:visible, [aria-label="${label}"]:visible input`).first()
    await button(cp, 'subitem-add').click()
    await field('新分项1：要办的事').fill('加固单杠底座')
    await field('新分项1：谁负责').fill('物业 李经理')
    await button(cp, 'subitem-add').click()
    await field('新分项2：要办的事').fill('器材区拉警示带')
    await field('新分项2：谁负责').fill('网格员 小赵')
    await button(cp, 'subitem-save').click()
    await cp.locator('.section__title:visible', { hasText: '0/2项已完成' }).first().waitFor()
    await field('第1项的办理结果').fill('底座已重新浇筑固定')
    await button(cp, 'subitem-finish').click()
    await cp.locator('.demand-subitem:visible', { hasText: '底座已重新浇筑固定' }).first().waitFor()
    await cp.locator('.section__title:visible', { hasText: '1/2项已完成' }).first().waitFor()
    problems.push(...(await checkPage(cp, 'neighbours-staff-subitems')))
    await staff.context.close()

    await author.context.close()
    await neighbour.context.close()
    expect(problems).toEqual([])
  })
})

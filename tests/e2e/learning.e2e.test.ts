/**
 * Learning from the work in the browser: 刘洋 reads the 居住证办理 tip, takes the quiz made from it, passes and
 * is certified; he then changes the tip (收费) on the item page, and the learning path asks him to re-take it;
 * the coverage page shows each window and what it cannot handle yet.
 */
import type { Page } from 'playwright-core'
import { MATERIAL_FORM_LABEL } from '../../types/bookings'
import { SEED_ITEMS, type SeedItem } from '../../emulator/seed/bookings-items'
import {
  browserSuite,
  checkPage,
  openSession,
  screenshot,
  settle,
  signInAs,
  visit,
  useStage,
} from './harness'

const suite = browserSuite()
jest.setTimeout(240_000)

const CLERK = 'demo-clerk-liu'
const JZZ = 'item-juzhuzheng'
const PATH = '/pkg-staff/learning/path/index'
const COVERAGE = '/pkg-staff/learning/coverage/index'
const ITEM = SEED_ITEMS.find((i) => i.id === JZZ) as SeedItem

/** Which option the tip makes right, read the way a clerk would: from the question's words and the tip. */
function rightOption(item: SeedItem, prompt: string, options: readonly string[]): number {
  const named = /」时，「(.+)」要带/.exec(prompt)?.[1]
  const m = item.materials.find((x) => x.name === named)
  const ok = (o: string): boolean => {
    if (prompt.includes('哪一样是要带的材料')) return item.materials.some((x) => x.name === o)
    if (prompt.includes('原件还是复印件')) return !!m && MATERIAL_FORM_LABEL[m.form] === o
    if (prompt.includes('要带几份')) return !!m && `${m.count}份` === o
    if (prompt.includes('办理条件')) return item.eligibility.includes(o)
    if (prompt.includes('网上办')) return o.startsWith('能') === (item.onlineUrl !== '')
    if (prompt.includes('办理时限')) return o === item.processingTime
    if (prompt.includes('怎么收费')) return o === item.fees
    if (prompt.includes('全市通办')) return o.startsWith('是') === item.cityWide
    return false
  }
  const right = options.map((o, i) => (ok(o) ? i : -1)).filter((i) => i >= 0)
  expect({ prompt, right: right.length }).toEqual({ prompt, right: 1 })
  return right[0]
}

async function answerAll(page: Page): Promise<void> {
  const questions = page.locator('.lr-question:visible')
  const n = await questions.count()
  expect(n).toBeGreaterThanOrEqual(5)
  for (let q = 0; q < n; q++) {
    const box = questions.nth(q)
    const prompt = ((await box.locator('.card__title').textContent()) ?? '').replace(/^\d+\.\s*/, '').trim()
    const options = (await box.locator('.lr-option').allTextContents()).map((s) => s.trim())
    await box
      .locator('.lr-option')
      .nth(rightOption(ITEM, prompt, options))
      .click()
  }
}

suite('learning from the work in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  test('the clerk passes the 居住证办理 quiz, re-takes it after the tip changes; coverage per window', async () => {
    const s = await openSession(stage.browser, stage.product.url)
    try {
      const page = s.page
      await signInAs(page, CLERK)
      await visit(page, PATH)
      const line = page.locator(`#lr-${JZZ}:visible`)
      await line.waitFor()
      expect(await line.textContent()).toContain('还没学')
      problems.push(...(await checkPage(page, 'learning-path')))

      await page.locator(`#lr-${JZZ}:visible`).click()
      await page.waitForURL((u) => u.pathname.endsWith('/learning/lesson/index'))
      await settle(page)
      await page.locator('.lr-start:visible').waitFor()
      problems.push(...(await checkPage(page, 'learning-lesson')))
      await page.locator('.lr-start:visible').click()
      await page.locator('.lr-question:visible').first().waitFor()
      await answerAll(page)
      await screenshot(page, 'learning-quiz-answered')
      await page.locator('.lr-submit:visible').click()
      const result = page.locator('#lr-result:visible')
      await result.waitFor()
      expect(await result.textContent()).toContain('通过了')
      await screenshot(page, 'learning-quiz-passed')

      await visit(page, PATH)
      await line.waitFor()
      expect(await line.textContent()).toContain('已通过')

      // The tip changes: the clerk edits 收费 on the item page and saves a new version.
      await visit(page, `/pkg-staff/bookings/item-edit/index?id=${JZZ}`)
      const fees = page.locator('input[aria-label="收费"]:visible, [aria-label="收费"]:visible input').first()
      await fees.waitFor()
      await fees.fill('首次办理免费；补领工本费10元')
      await page.locator('taro-button-core:visible', { hasText: '保存' }).first().click()
      await page.locator('.bk-warn:visible', { hasText: '已保存' }).waitFor()

      await visit(page, PATH)
      await line.waitFor()
      expect(await line.textContent()).toContain('要重新考')
      await page.locator('#lr-retake-banner:visible').waitFor()
      await screenshot(page, 'learning-path-retake')

      await visit(page, COVERAGE)
      const w1 = page.locator('#cov-window-1:visible')
      await w1.waitFor()
      expect(await w1.textContent()).toContain('刘洋')
      expect(await w1.textContent()).toContain('居住证办理')
      expect(await page.locator('[id^="cov-window-"]:visible').count()).toBe(3)
      expect(await page.locator('#cov-promise:visible').textContent()).toContain('还有窗口')
      // 跟踪回访: 刘洋's 居住登记 went wrong more often after he passed, so it is named for re-training.
      const retrain = page.locator('#retrain-item-juzhu-dengji:visible')
      await retrain.waitFor()
      expect(await retrain.textContent()).toContain('刘洋')
      expect(
        await page.locator('#followup-demo-clerk-liu-item-juzhu-dengji:visible').textContent(),
      ).toContain('需要再培训')
      await screenshot(page, 'learning-coverage-retrain')
      problems.push(...(await checkPage(page, 'learning-coverage')))
    } finally {
      await s.context.close()
    }
    expect(problems).toEqual([])
  })
})

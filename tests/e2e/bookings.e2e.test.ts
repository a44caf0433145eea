/**
 * Window booking in the browser: a resident searches 居住证, reads the tip, ticks every material, books the
 * first free slot and sees the ticket; on the booking's day the clerk (刘洋) finds it on the day sheet and
 * checks it in by typing its number.
 */
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

const LI = 'demo-resident-li'
const CLERK = 'demo-clerk-liu'
const DAY_SHEET = '/pkg-staff/bookings/day-sheet/index'

const button = (page: Page, text: string) =>
  page.locator('taro-button-core:visible', { hasText: text }).first()

suite('window booking in the browser', () => {
  // The test moves the product's clock to the booking's day; put it back before the product stops.
  const stage = useStage((product) =>
    fetch(`${product.url}/_dev/api/clock`, {
      method: 'POST',
      headers: { ...product.devHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ offsetMs: 0 }),
    }),
  )
  const problems: string[] = []

  test('resident books 居住证 with every material ticked; the clerk checks the booking in', async () => {
    const resident = await openSession(stage.browser, stage.product.url)
    let number = ''
    let startsAt = ''
    try {
      const page = resident.page
      await signInAs(page, LI)
      await visit(page, ROUTES.bookings)
      problems.push(...(await checkPage(page, 'bookings-items')))
      await page.locator('.bk-search:visible input').first().fill('居住证')
      await button(page, '搜索').click()
      const card = page.locator('#item-item-juzhuzheng:visible')
      await card.waitFor()
      await card.click()
      await page.waitForURL((u) => u.pathname.endsWith('/bookings/pages/item/index'))
      await settle(page)
      await page.locator('.bk-materials:visible').waitFor()
      problems.push(...(await checkPage(page, 'bookings-item-tip')))

      // Booking stays closed until every material is ticked.
      const book = page.locator('.bk-book:visible')
      expect(await book.getAttribute('class')).toMatch(/bk-book--wait/)
      const boxes = page.locator('.bk-check:visible')
      const n = await boxes.count()
      expect(n).toBe(4)
      for (let i = 0; i < n; i++) await boxes.nth(i).click()
      expect(await page.locator('.bk-check--on:visible').count()).toBe(n)
      await screenshot(page, 'bookings-item-ticked')
      await book.click()
      await page.waitForURL((u) => u.pathname.endsWith('/bookings/pages/book/index'))
      await settle(page)
      await page.locator('.bk-slot:visible').first().waitFor()
      problems.push(...(await checkPage(page, 'bookings-pick-slot')))
      await page.locator('.bk-slot:visible:not(.bk-slot--off)').first().click()
      await page.locator('.bk-confirm:visible').click()
      // Taro's H5 modal: confirm it.
      await page.locator('.taro-model__confirm:visible').click()
      await page.waitForURL((u) => u.pathname.endsWith('/bookings/pages/ticket/index'))
      await settle(page)
      number = ((await page.locator('#ticket-number:visible').textContent()) ?? '').trim()
      expect(number).toMatch(/^\d{8}$/)
      expect(await page.locator('.bk-ticket__qr:visible').count()).toBe(1)
      expect(await page.locator('.page-shell:visible').textContent()).toContain('居住证办理')
      problems.push(...(await checkPage(page, 'bookings-ticket')))

      const mine = await fetch(`${stage.product.url}/fn/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': LI },
        body: JSON.stringify({ action: 'mine' }),
      }).then((r) => r.json() as Promise<{ data: { upcoming: { number: string; startsAt: string }[] } }>)
      startsAt = mine.data.upcoming.find((t) => t.number === number)?.startsAt ?? ''
      expect(startsAt).not.toBe('')
    } finally {
      await resident.context.close()
    }

    // The booking's day, five minutes before its slot: that is "today" for the clerk's sheet.
    await fetch(`${stage.product.url}/_dev/api/clock`, {
      method: 'POST',
      headers: { ...stage.product.devHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ now: new Date(Date.parse(startsAt) - 5 * 60_000).toISOString() }),
    })
    const clerk = await openSession(stage.browser, stage.product.url)
    try {
      const page = clerk.page
      await signInAs(page, CLERK)
      await visit(page, DAY_SHEET)
      const row = page.locator(`#row-${number}:visible`)
      await row.waitFor()
      expect(await row.textContent()).toContain('已预约')
      problems.push(...(await checkPage(page, 'bookings-day-sheet')))
      await page.locator('.bk-search:visible input').first().fill(number)
      await button(page, '签到').click()
      await page.waitForFunction(
        (n) =>
          Array.from(document.querySelectorAll(`#row-${n}`)).some((el) =>
            (el.textContent ?? '').includes('已签到'),
          ),
        number,
      )
      await screenshot(page, 'bookings-day-sheet-checked-in')
    } finally {
      await clerk.context.close()
    }
    expect(problems).toEqual([])
  })
})

/**
 * Open311 partner keys in the browser: the officer issues a key for a hotline (shown once), the hotline
 * files a demand with it, the officer sees the call, then revokes the key after a confirmation and the
 * hotline is refused. Pages are checked with axe in normal and elder mode.
 */
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

const OFFICER = 'demo-officer-zhao'
const PAGE = '/pkg-office/partners/index'

suite('Open311 partner keys in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  test('issue a key, see its call, revoke it after confirming', async () => {
    const s = await openSession(stage.browser, stage.product.url)
    try {
      const page = s.page
      await signInAs(page, OFFICER)
      await visit(page, PAGE)
      // The seeded demo key is listed.
      await page.locator('.partner__name:visible', { hasText: '12345' }).first().waitFor()
      problems.push(...(await checkPage(page, 'partners')))

      await page
        .locator('input[aria-label="合作方名称"]:visible, [aria-label="合作方名称"]:visible input')
        .first()
        .fill('区城管热线')
      await page.locator('.partner-issue:visible').click()
      const keyText = page.locator('.partner__key:visible')
      await keyText.waitFor()
      const key = ((await keyText.textContent()) ?? '').trim()
      expect(key.length).toBeGreaterThan(16)
      await screenshot(page, 'partners-issued')

      // The hotline files a demand with the new key.
      const posted = await fetch(`${stage.product.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: key,
          service_code: 'sanitation',
          description: '垃圾桶满了没人清',
          address_id: 'c-chunhui-b1',
          token: 'e2e-cg-1',
        }).toString(),
      })
      expect(posted.status).toBe(200)

      await visit(page, PAGE)
      const card = page.locator('.partner:visible', { hasText: '区城管热线' })
      await card.waitFor()
      await card.locator('taro-button-core', { hasText: '调用记录' }).click()
      await card.locator('.call', { hasText: '200' }).waitFor()

      // Revoking asks first; 撤销 in the dialog confirms.
      await card.locator('taro-button-core', { hasText: '撤销' }).click()
      await page.locator('.taro-model__confirm:visible').first().click()
      await card.locator('.partner__meta', { hasText: '已于' }).waitFor()
      await settle(page)
      await screenshot(page, 'partners-revoked')

      const refused = await fetch(`${stage.product.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: key,
          service_code: 'sanitation',
          description: '再报一次',
          address_id: 'c-chunhui-b1',
        }).toString(),
      })
      expect(refused.status).toBe(403)
    } finally {
      await s.context.close()
    }
    expect(problems).toEqual([])
  })
})

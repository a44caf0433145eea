import { ItemFields } from './bookings'

const url = (onlineUrl: string) => ItemFields.shape.onlineUrl.safeParse(onlineUrl)

describe('a work tip’s onlineUrl', () => {
  it('takes https links, the app’s own pages and nothing', () => {
    for (const ok of ['https://zwfw.sh.gov.cn/apply', '/pkg-bookings/item/index?id=x1', ''])
      expect(url(ok).success).toBe(true)
  })
  it('refuses javascript:, data:, plain http and protocol-relative links', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'http://example.com',
      '//evil.example.com/x',
      'vbscript:msgbox(1)',
      'https://',
      'file:///etc/passwd',
    ]) {
      const r = url(bad)
      expect(r.success).toBe(false)
    }
    expect(url('javascript:alert(1)').error?.issues[0].message).toMatch(/https/)
  })
})

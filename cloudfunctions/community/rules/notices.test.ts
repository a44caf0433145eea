import fc from 'fast-check'
import { feedOrder, isVisible } from './notices'

const now = new Date('2025-03-01T00:00:00Z')
const at = (h: number) => new Date(now.getTime() + h * 3_600_000)

describe('feed', () => {
  it('hides expired notices and shows pinned first, then newest', () => {
    const list = [
      { id: 'old', pinned: false, expiresAt: null, publishedAt: at(-10) },
      { id: 'new', pinned: false, expiresAt: at(5), publishedAt: at(-1) },
      { id: 'pin', pinned: true, expiresAt: null, publishedAt: at(-20) },
      { id: 'gone', pinned: true, expiresAt: at(-1), publishedAt: at(-2) },
    ]
    expect(feedOrder(list, now).map((n) => n.id)).toEqual(['pin', 'new', 'old'])
  })
  it('never shows an expired notice and never puts an unpinned one above a pinned one', () => {
    const notice = fc.record({
      pinned: fc.boolean(),
      expiresAt: fc.option(fc.integer({ min: -100, max: 100 }).map(at), { nil: null }),
      publishedAt: fc.integer({ min: -100, max: 0 }).map(at),
    })
    fc.assert(
      fc.property(fc.array(notice), (list) => {
        const feed = feedOrder(list, now)
        expect(feed.every((n) => isVisible(n, now))).toBe(true)
        for (let i = 1; i < feed.length; i++)
          expect(Number(feed[i - 1].pinned)).toBeGreaterThanOrEqual(Number(feed[i].pinned))
        expect(feed).toHaveLength(list.filter((n) => isVisible(n, now)).length)
      }),
    )
  })
})

/** The notice feed (社区通知): expired notices are hidden; pinned ones first, then newest first. */
export interface FeedNotice {
  readonly pinned: boolean
  readonly expiresAt: Date | string | null
  readonly publishedAt: Date | string
}

export const isVisible = (n: FeedNotice, now: Date): boolean =>
  n.expiresAt === null || n.expiresAt === undefined || new Date(n.expiresAt).getTime() > now.getTime()

export function feedOrder<T extends FeedNotice>(notices: readonly T[], now: Date): T[] {
  return notices
    .filter((n) => isVisible(n, now))
    .sort(
      (a, b) =>
        Number(b.pinned) - Number(a.pinned) ||
        new Date(b.publishedAt).getTime() - new Date(a.publishedAt).getTime(),
    )
}

/** Page paths, as `Taro.navigateTo` / `switchTab` take them. Feature pages add theirs next to their code. */
export const ROUTES = {
  home: '/community/pages/home/index',
  demands: '/demands/pages/mine/index',
  bookings: '/bookings/pages/items/index',
  me: '/community/pages/me/index',
  signin: '/shared/pages/signin/index',
  privacy: '/shared/pages/privacy/index',
  workbench: '/pkg-staff/workbench/index',
  office: '/pkg-office/home/index',
} as const

/** The tab bar's pages (app.config.ts `tabBar`): they are reached by `switchTab`, and have no back. */
export const TAB_PAGES = [ROUTES.home, ROUTES.demands, ROUTES.bookings, ROUTES.me] as const

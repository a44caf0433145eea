/**
 * Pages and the tab bar. Resident pages live in the main package under `<context>/pages/`; staff pages in
 * the `pkg-staff` subpackage and officer pages in `pkg-office`, so their code never loads for residents.
 * The local sign-in page exists only in the H5 build, where it is the first page.
 */
const isH5 = process.env.TARO_ENV === 'h5'

export default defineAppConfig({
  pages: [
    ...(isH5 ? ['shared/pages/signin/index'] : []),
    'community/pages/home/index',
    'demands/pages/mine/index',
    'demands/pages/submit/index',
    'demands/pages/detail/index',
    'bookings/pages/items/index',
    'bookings/pages/item/index',
    'bookings/pages/book/index',
    'bookings/pages/ticket/index',
    'bookings/pages/mine/index',
    'community/pages/me/index',
    'community/pages/committees/index',
    'community/pages/bind/index',
    'community/pages/profile/index',
    'community/pages/notice/index',
    'community/pages/redeem/index',
    'shared/pages/privacy/index',
    'visits/pages/household/index',
    'visits/pages/pending/index',
  ],
  subPackages: [
    {
      root: 'pkg-staff',
      pages: [
        'workbench/index',
        'community/roster/index',
        'community/bindings/index',
        'community/publish/index',
        'bookings/day-sheet/index',
        'bookings/items/index',
        'bookings/item-edit/index',
        'bookings/slots/index',
        'bookings/plan/index',
        'bookings/walk-in/index',
        'learning/path/index',
        'learning/lesson/index',
        'learning/coverage/index',
        'demands/inbox/index',
        'demands/detail/index',
        'demands/intake/index',
        'visits/catalogue/index',
        'visits/household/index',
        'visits/record/index',
        'visits/online/index',
        'visits/edit/index',
        'visits/households/index',
        'visits/talents/index',
        'visits/cadence/index',
        'reports/summary/index',
      ],
    },
    {
      root: 'pkg-office',
      pages: [
        'home/index',
        'desk/index',
        'reports/dashboard/index',
        'reports/cases/index',
        'reports/sentiment/index',
        'reports/performance/index',
        'reports/digest/index',
        'reports/export/index',
        'partners/index',
        'org/index',
        'org/committee/index',
        'org/import/index',
        'org/poster/index',
      ],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#0b6e4f',
    navigationBarTitleText: '邻里',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f5f4',
  },
  tabBar: {
    color: '#5c636e',
    selectedColor: '#0b6e4f',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'community/pages/home/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'demands/pages/mine/index',
        text: '诉求',
        iconPath: 'assets/tab/demands.png',
        selectedIconPath: 'assets/tab/demands-active.png',
      },
      {
        pagePath: 'bookings/pages/items/index',
        text: '办事',
        iconPath: 'assets/tab/bookings.png',
        selectedIconPath: 'assets/tab/bookings-active.png',
      },
      {
        pagePath: 'community/pages/me/index',
        text: '我的',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
      },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
  // 反映问题 lets a resident pick where the problem is on the map; WeChat refuses chooseLocation unless it
  // is listed here (and declared as 位置信息 in the privacy guide).
  requiredPrivateInfos: ['chooseLocation'],
})

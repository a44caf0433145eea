export default definePageConfig({
  navigationBarTitleText: '关注居委会',
  enablePullDownRefresh: true,
})

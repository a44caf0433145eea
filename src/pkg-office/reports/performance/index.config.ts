export default definePageConfig({
  navigationBarTitleText: '五维绩效',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '走访目录',
  enablePullDownRefresh: true,
})

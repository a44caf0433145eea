export default definePageConfig({
  navigationBarTitleText: '民情分析',
  enablePullDownRefresh: true,
})

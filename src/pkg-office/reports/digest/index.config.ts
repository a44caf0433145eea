export default definePageConfig({
  navigationBarTitleText: '工作摘要',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '能人库',
  enablePullDownRefresh: true,
})

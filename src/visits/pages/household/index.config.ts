export default definePageConfig({
  navigationBarTitleText: '我家的档案',
  enablePullDownRefresh: true,
})

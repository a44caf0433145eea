export default definePageConfig({
  navigationBarTitleText: '绑定我家',
  enablePullDownRefresh: false,
})

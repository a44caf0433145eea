export default definePageConfig({
  navigationBarTitleText: '确认家庭绑定',
  enablePullDownRefresh: true,
})

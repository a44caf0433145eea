export default definePageConfig({
  navigationBarTitleText: '家庭档案',
  enablePullDownRefresh: true,
})

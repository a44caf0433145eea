export default definePageConfig({
  navigationBarTitleText: '社区通知',
  enablePullDownRefresh: false,
})

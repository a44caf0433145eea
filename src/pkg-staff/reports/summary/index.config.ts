export default definePageConfig({
  navigationBarTitleText: '社区数据',
  enablePullDownRefresh: true,
})

export default definePageConfig({ navigationBarTitleText: '窗口持证情况', enablePullDownRefresh: true })

export default definePageConfig({ navigationBarTitleText: '办事指南维护', enablePullDownRefresh: true })

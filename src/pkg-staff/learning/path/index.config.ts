export default definePageConfig({ navigationBarTitleText: '业务学习', enablePullDownRefresh: true })

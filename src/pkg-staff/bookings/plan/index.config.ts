export default definePageConfig({ navigationBarTitleText: '工作安排' })

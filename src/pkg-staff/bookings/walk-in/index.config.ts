export default definePageConfig({ navigationBarTitleText: '现场取号' })

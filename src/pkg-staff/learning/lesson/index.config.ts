export default definePageConfig({ navigationBarTitleText: '学习和测验' })

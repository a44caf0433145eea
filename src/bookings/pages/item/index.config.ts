export default definePageConfig({ navigationBarTitleText: '办事小贴士', enableShareAppMessage: true })

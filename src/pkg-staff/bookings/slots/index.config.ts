export default definePageConfig({ navigationBarTitleText: '放号与闭馆' })

export default definePageConfig({ navigationBarTitleText: '居委会' })

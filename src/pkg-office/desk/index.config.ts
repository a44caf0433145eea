export default definePageConfig({ navigationBarTitleText: '街道督办台' })

export default definePageConfig({
  navigationBarTitleText: '合作方密钥',
})

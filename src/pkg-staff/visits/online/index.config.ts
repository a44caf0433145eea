export default definePageConfig({
  navigationBarTitleText: '线上走访',
})

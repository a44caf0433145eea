export default definePageConfig({
  navigationBarTitleText: '修改档案',
})
